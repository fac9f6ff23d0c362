package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.http.LiveServer.Reply;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data plane of a sealed server over real HTTP (vault-compat: dataplane spec 1.4 and behaviour 3): every
 * logical path answers 503 {@code Vault is sealed} whatever the token, and after the unseal the data, policies and
 * tokens are back.
 */
class SealedDataPlaneHttpTest {

    @Test
    void sealedServer_answers503BeforeTheToken_andEverythingIsBackAfterTheUnseal() {
        try (LiveServer srv = LiveServer.start()) {
            String root = srv.rootToken;
            assertThat(srv.post("secret/data/app", root, "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);
            srv.policy("reader", "path \"secret/data/*\" { capabilities = [\"read\"] }");
            String reader = srv.token("reader");

            assertThat(srv.send("PUT", "sys/seal", root, null).status()).isEqualTo(204);
            for (String token : new String[] {root, reader, "not-a-token", null}) {
                for (String path : new String[] {"secret/data/app", "nomount/x", "sys/mounts", "auth/token/lookup-self"}) {
                    Reply r = srv.get(path, token);
                    assertThat(r.status()).as(path + " " + r).isEqualTo(503);
                    assertThat(r.body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
                }
            }
            assertThat(srv.post("secret/data/app", root, "{\"data\":{\"k\":\"w\"}}").status()).isEqualTo(503);
            assertThat(srv.get("sys/internal/ui/mounts/secret", root).status()).isEqualTo(503);

            Reply unseal = srv.send("PUT", "sys/unseal", null, LiveServer.json(Map.of("key",
                    Base64.getEncoder().encodeToString(srv.unsealKey))));
            assertThat(unseal.json().path("sealed").asBoolean()).as(unseal.toString()).isFalse();
            Reply read = srv.get("secret/data/app", reader);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().path("data").path("data").path("k").asText()).isEqualTo("v");
            assertThat(srv.get("sys/mounts/secret", root).json().path("data").path("options").path("version")
                    .asText()).isEqualTo("2");
        }
    }
}
