package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import io.strongroom.testkit.PostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-node procedure of docs/seal-migration.md on PostgreSQL HA (issue 10): two nodes on one database,
 * awskms on key A; both stopped; one restarted with the old block disabled and the new key B, migrated with
 * {@code -migrate}; then the second node started with the new configuration finds the store migrated and joins as a
 * standby without shares; with key A refused at the proxy, the second node takes over and reads everything.
 */
class SealMigrationHaEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;
    private PostgresCluster pg;
    private KmsFaultProxy proxy;
    private final List<ServerProcess> running = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ServerProcess p : running) {
            p.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static String awskms(String endpoint, String key, String name, boolean disabled) {
        return """
                seal "awskms" {
                  name       = "%s"
                  region     = "us-east-1"
                  access_key = "AKIDHATEST"
                  secret_key = "ha-secret-never-logged"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                %s}
                """.formatted(name, key, endpoint, disabled ? "  disabled   = \"true\"\n" : "");
    }

    private Path config(int node, int port, String seals) throws Exception {
        Path config = dir.resolve("node" + node + ".hcl");
        Files.writeString(config, """
                storage "postgresql" {
                  connection_url = "postgres://postgres@127.0.0.1:%d/mig?sslmode=disable"
                  ha_enabled     = "true"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                api_addr = "http://127.0.0.1:%d"
                %s
                """.formatted(pg.port(), port, port, seals));
        return config;
    }

    private ServerProcess start(int node, int port, String seals) throws Exception {
        ServerProcess p = ServerProcess.start(config(node, port, seals), dir.resolve("node" + node + ".log"),
                URI.create("http://127.0.0.1:" + port), Map.of());
        running.add(p);
        return p;
    }

    private static JsonNode call(int port, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", r.statusCode());
        return node;
    }

    private static void awaitRewrap(int port, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = call(port, "GET", "/v1/sys/sealwrap/rewrap", null, token);
            JsonNode d = s.get("data");
            if (d != null && !d.get("is_running").asBoolean() && d.get("fully_wrapped").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rewrap not finished in 90 s: " + s);
    }

    @Test
    void awskmsToAwskms_twoNodes_migrateOnOneThenOtherJoinsWithoutSharesAndTakesOver() throws Exception {
        pg = new PostgresCluster().start();
        pg.createDatabase("mig");
        MotoServer moto = MotoServer.shared();
        String keyA = moto.createKey();
        String keyB = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
        String kms = proxy.endpoint().toString();
        int p0 = FreePorts.pick();
        int p1 = FreePorts.pick();
        String before = awskms(kms, keyA, "old-key", false);
        String after = awskms(kms, keyA, "old-key", true) + awskms(kms, keyB, "new-key", false);

        ServerProcess n0 = start(0, p0, before);
        ServerProcess n1 = start(1, p1, before);
        n0.awaitHealth(501, Duration.ofSeconds(60));
        JsonNode init = call(p0, "PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
        assertThat(init.get("_status").asInt()).as(init.toString()).isEqualTo(200);
        String token = init.get("root_token").asText();
        String recovery = init.get("recovery_keys_base64").get(0).asText();
        n0.awaitHealth(200, Duration.ofSeconds(60));
        n1.awaitHealth(429, Duration.ofSeconds(60));
        assertThat(call(p0, "POST", "/v1/sys/mounts/wrapped", "{\"type\":\"kv\",\"seal_wrap\":true}", token)
                .get("_status").asInt()).isEqualTo(204);
        assertThat(call(p0, "PUT", "/v1/wrapped/db", "{\"password\":\"w1\"}", token).get("_status").asInt())
                .isEqualTo(204);
        n1.stop();
        n0.stop();

        // 1-3: one node with the new configuration, migrated with -migrate
        n0 = start(0, p0, after);
        n0.awaitHealth(503, Duration.ofSeconds(60));
        assertThat(call(p0, "GET", "/v1/sys/seal-status", null, null).get("migration").asBoolean()).isTrue();
        JsonNode done = call(p0, "PUT", "/v1/sys/unseal", "{\"key\":\"" + recovery + "\",\"migrate\":true}", null);
        assertThat(done.get("sealed").asBoolean()).as(done.toString()).isFalse();
        n0.awaitHealth(200, Duration.ofSeconds(60));
        awaitRewrap(p0, token);

        // 4: the other node finds the store migrated and joins as a standby without shares
        n1 = start(1, p1, after);
        n1.awaitHealth(429, Duration.ofSeconds(60));

        // 5: the old key refused; the second node takes over and reads everything
        proxy.denyKey(keyA);
        n0.stop();
        n1.awaitHealth(200, Duration.ofSeconds(60));
        JsonNode read = call(p1, "GET", "/v1/wrapped/db", null, token);
        assertThat(read.get("_status").asInt()).as(read.toString()).isEqualTo(200);
        assertThat(read.get("data").get("password").asText()).isEqualTo("w1");
        assertThat(proxy.deniedCount()).as("nothing asked for the old key").isZero();
        n1.stop();
    }
}
