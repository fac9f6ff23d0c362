package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sys/seal} is authorized by policy, as in Vault: {@code update} and {@code sudo} on {@code sys/seal} are
 * enough (no root token needed); {@code update} alone is not.
 */
class SealAuthorizationEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpResponse<String> call(String addr, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(addr + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String addr, String policy) throws Exception {
        HttpResponse<String> r = call(addr, "POST", "/v1/auth/token/create", "{\"policies\":[\"" + policy + "\"]}", "root");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("auth").get("client_token").asText();
    }

    @Test
    void seal_byPolicyWithUpdateAndSudo_allowed_updateAloneRefused() throws Exception {
        try (DevServer server = DevServer.start(dir, "root")) {
            String addr = server.addr;
            assertThat(call(addr, "PUT", "/v1/sys/policies/acl/almost",
                    "{\"policy\":\"path \\\"sys/seal\\\" { capabilities = [\\\"update\\\"] }\"}", "root").statusCode())
                    .isEqualTo(204);
            assertThat(call(addr, "PUT", "/v1/sys/policies/acl/sealer",
                    "{\"policy\":\"path \\\"sys/seal\\\" { capabilities = [\\\"update\\\", \\\"sudo\\\"] }\"}", "root")
                    .statusCode()).isEqualTo(204);
            HttpResponse<String> refused = call(addr, "PUT", "/v1/sys/seal", null, token(addr, "almost"));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("permission denied");
            assertThat(server.health()).isEqualTo(200);
            assertThat(call(addr, "PUT", "/v1/sys/seal", null, token(addr, "sealer")).statusCode()).isEqualTo(204);
            assertThat(server.health()).isEqualTo(503);
        }
    }
}
