package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sys/seal} is authorized by policy, as in Vault: {@code update} and {@code sudo} on {@code sys/seal} are
 * enough (no root token needed); {@code update} alone is not.
 */
class SealAuthorizationEndToEndTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
        int port = FreePorts.pick();
        String addr = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                "io.strongroom.server.Main", "server", "-dev", "-dev-listen-address=127.0.0.1:" + port,
                "-dev-root-token-id=root").redirectErrorStream(true).redirectOutput(dir.resolve("dev.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("AWS_"));
        Process server = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int health = -1;
            while (System.nanoTime() < deadline && health != 200) {
                try {
                    health = call(addr, "GET", "/v1/sys/health", null, null).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).as(Files.readString(dir.resolve("dev.log"))).isEqualTo(200);
            // dev mode creates the chosen root token just after it unseals, then prints the banner
            while (System.nanoTime() < deadline && !Files.readString(dir.resolve("dev.log")).contains("Root Token:")) {
                Thread.sleep(50);
            }
            assertThat(call(addr, "PUT", "/v1/sys/policies/acl/almost",
                    "{\"policy\":\"path \\\"sys/seal\\\" { capabilities = [\\\"update\\\"] }\"}", "root").statusCode())
                    .isEqualTo(204);
            assertThat(call(addr, "PUT", "/v1/sys/policies/acl/sealer",
                    "{\"policy\":\"path \\\"sys/seal\\\" { capabilities = [\\\"update\\\", \\\"sudo\\\"] }\"}", "root")
                    .statusCode()).isEqualTo(204);
            HttpResponse<String> refused = call(addr, "PUT", "/v1/sys/seal", null, token(addr, "almost"));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("permission denied");
            assertThat(call(addr, "GET", "/v1/sys/health", null, null).statusCode()).isEqualTo(200);
            assertThat(call(addr, "PUT", "/v1/sys/seal", null, token(addr, "sealer")).statusCode()).isEqualTo(204);
            assertThat(call(addr, "GET", "/v1/sys/health", null, null).statusCode()).isEqualTo(503);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
