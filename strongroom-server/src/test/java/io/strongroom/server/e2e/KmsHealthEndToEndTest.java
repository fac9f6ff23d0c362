package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seal health check (issue 9, item 7) in a real server process: awskms against moto through the real SDK, the
 * fault proxy black-holing KMS for a while. One WARN when KMS becomes unreachable (not one per probe), the status
 * endpoint and the metrics show it, one INFO with the downtime when it answers again.
 */
class KmsHealthEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UNHEALTHY_LINE = "seal backend may be unreachable";
    private static final String HEALTHY_AGAIN = "seal backend is now healthy again: downtime=";

    @TempDir
    Path dir;
    private KmsFaultProxy proxy;
    private URI address;

    @BeforeEach
    void setUp() {
        proxy = new KmsFaultProxy(MotoServer.shared().endpoint());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private Path config(String healthSettings) throws Exception {
        MotoServer moto = MotoServer.shared();
        String key = moto.createKey();
        int port = FreePorts.pick();
        address = URI.create("http://127.0.0.1:" + port);
        Path config = dir.resolve("server.hcl");
        Files.writeString(config, """
                storage "file" {
                  path = "%s"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                seal "awskms" {
                  region     = "us-east-1"
                  access_key = "AKIDHEALTH"
                  secret_key = "health-secret"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                  %s
                }
                """.formatted(dir.resolve("data"), port, key, proxy.endpoint(), healthSettings));
        return config;
    }

    private JsonNode call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private String text(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(address.resolve(path)).header("X-Vault-Token", token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Duration max, Check check) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!check.ok()) {
            assertThat(System.nanoTime()).as(what + " within " + max).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long count(String log, String needle) {
        return log.lines().filter(l -> l.contains(needle)).count();
    }

    @Test
    void blackHoledKms_oneUnhealthyLine_statusAndMetricsShowIt_recoveryLoggedWithDowntime() throws Exception {
        Path config = config("""
                health_check_interval = "1s"
                  health_check_interval_unhealthy = "1s"
                  health_check_timeout = "2s"
                """);
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("server.log"), address, Map.of())) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            String root = call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null)
                    .get("root_token").asText();
            server.awaitHealth(200, Duration.ofSeconds(30));
            await("a successful probe", Duration.ofSeconds(20), () -> proxy.count("Decrypt") >= 2);
            JsonNode healthy = call("GET", "/v1/sys/seal-backend-status", null, null);
            assertThat(healthy.get("healthy").asBoolean()).isTrue();
            assertThat(healthy.path("unhealthy_since").asText()).isEmpty();
            assertThat(healthy.get("backends").get(0).get("name").asText()).isEqualTo("awskms");

            proxy.blackHole(true);
            await("unhealthy status", Duration.ofSeconds(30),
                    () -> !call("GET", "/v1/sys/seal-backend-status", null, null).get("healthy").asBoolean());
            JsonNode down = call("GET", "/v1/sys/seal-backend-status", null, null);
            assertThat(down.get("unhealthy_since").asText()).isNotEmpty();
            // let several more probes fail: still exactly one WARN line for the outage
            int before = proxy.totalCount();
            await("more failed probes", Duration.ofSeconds(30), () -> proxy.totalCount() >= before + 2);
            assertThat(call("GET", "/v1/sys/seal-backend-status", null, null).get("unreachable_time_ms").asLong())
                    .isPositive();
            assertThat(text("/v1/sys/metrics?format=prometheus", root)).containsPattern(
                    "vault_seal_unreachable_time(\\{[^}]*\\})? [1-9]");
            assertThat(count(server.log(), UNHEALTHY_LINE)).isEqualTo(1);
            // the server keeps serving while KMS is away (the health check only reports)
            assertThat(server.health()).isEqualTo(200);

            proxy.blackHole(false);
            await("healthy again", Duration.ofSeconds(30),
                    () -> call("GET", "/v1/sys/seal-backend-status", null, null).get("healthy").asBoolean());
            await("recovery logged", Duration.ofSeconds(10), () -> count(server.log(), HEALTHY_AGAIN) == 1);
            assertThat(count(server.log(), UNHEALTHY_LINE)).isEqualTo(1);
            assertThat(server.log()).doesNotContain("health-secret");
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void healthCheckIntervalZero_noProbeAtAll() throws Exception {
        Path config = config("health_check_interval = \"0\"");
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("server.log"), address, Map.of())) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            call("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null);
            server.awaitHealth(200, Duration.ofSeconds(30));
            proxy.resetCounts();
            Thread.sleep(3000); // bounded: three default-test intervals would have passed
            assertThat(proxy.count("Encrypt")).isZero();
            assertThat(call("GET", "/v1/sys/seal-backend-status", null, null).get("healthy").asBoolean()).isTrue();
            assertThat(server.stop()).isZero();
        }
    }
}
