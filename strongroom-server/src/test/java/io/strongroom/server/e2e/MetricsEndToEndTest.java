package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.server.metrics.PrometheusText;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics and seal-state logging of a real server process with the awskms seal on moto (through a fault proxy to
 * cut KMS off): sys/metrics served without a token on a listener with {@code unauthenticated_metrics_access}, the
 * Prometheus text parsed line by line, KMS latency and errors and unseal attempts as the run caused them, and each
 * seal state change one JSON log line with Vault's keys.
 */
class MetricsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private KmsFaultProxy proxy;
    private Path config;
    private URI address;
    private Path log;

    @BeforeEach
    void setUp() throws Exception {
        MotoServer moto = MotoServer.shared();
        String keyArn = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
        int port = FreePorts.pick();
        address = URI.create("http://127.0.0.1:" + port);
        log = dir.resolve("server.log");
        config = dir.resolve("server.hcl");
        Files.writeString(config, """
                storage "file" {
                  path = "%s"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                  telemetry {
                    unauthenticated_metrics_access = true
                  }
                }
                seal "awskms" {
                  region     = "us-east-1"
                  access_key = "AKIDE2ETEST"
                  secret_key = "e2e-secret-key-never-logged"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                }
                telemetry {
                  disable_hostname = true
                }
                log_format = "json"
                """.formatted(dir.resolve("data"), port, keyArn, proxy.endpoint()));
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<PrometheusText.Sample> scrape() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/sys/metrics?format=prometheus", null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    private static double valueOr0(List<PrometheusText.Sample> s, String name, Map<String, String> labels) {
        return PrometheusText.has(s, name, labels) ? PrometheusText.value(s, name, labels) : 0;
    }

    @Test
    void awskmsServer_initSealOutageAndRecovery_metricsCountTheRunAndStateChangesAreJsonLogLines() throws Exception {
        String root;
        try (ServerProcess server = ServerProcess.start(config, log, address, Map.of())) {
            server.awaitHealth(501, Duration.ofSeconds(60));
            HttpResponse<String> init = send("PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}",
                    null);
            assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
            root = JSON.readTree(init.body()).get("root_token").asText();
            server.awaitHealth(200, Duration.ofSeconds(10));
            List<PrometheusText.Sample> s = scrape();
            assertThat(PrometheusText.value(s, "vault_core_unsealed", Map.of())).isEqualTo(1);
            assertThat(valueOr0(s, "vault_seal_kms_call_seconds_count",
                    Map.of("operation", "DescribeKey", "outcome", "success"))).isGreaterThanOrEqualTo(1);
            assertThat(valueOr0(s, "vault_seal_kms_call_seconds_count",
                    Map.of("operation", "Encrypt", "outcome", "success"))).isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.value(s, "vault_seal_kms_last_success_age_seconds", Map.of()))
                    .isBetween(0.0, 60.0);
            assertThat(PrometheusText.has(s, "vault_seal_kms_errors_total", Map.of())).isFalse();
            assertThat(send("PUT", "/v1/sys/seal", null, root).statusCode()).isEqualTo(204);
            assertThat(PrometheusText.value(scrape(), "vault_core_unsealed", Map.of())).isEqualTo(0);
            assertThat(server.stop()).isZero();
        }

        proxy.refuse(true); // KMS unreachable at the next start
        try (ServerProcess server = ServerProcess.start(config, log, address, Map.of())) {
            server.awaitHealth(503, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<PrometheusText.Sample> s = scrape();
            while (valueOr0(s, "vault_core_unseal_attempts_total", Map.of("outcome", "failure")) < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                s = scrape();
            }
            assertThat(PrometheusText.value(s, "vault_core_unseal_attempts_total", Map.of("outcome", "failure")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.value(s, "vault_seal_kms_errors_total",
                    Map.of("operation", "DescribeKey", "kind", "unreachable"))).isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.value(s, "vault_seal_kms_last_success_age_seconds", Map.of())).isNaN();
            assertThat(PrometheusText.value(s, "vault_core_unsealed", Map.of())).isEqualTo(0);

            proxy.refuse(false); // KMS back
            server.awaitHealth(200, Duration.ofSeconds(60));
            s = scrape();
            assertThat(PrometheusText.value(s, "vault_core_unseal_attempts_total", Map.of("outcome", "success")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(s, "vault_seal_kms_call_seconds_count",
                    Map.of("operation", "Decrypt", "outcome", "success"))).isGreaterThanOrEqualTo(1);
            assertThat(PrometheusText.value(s, "vault_seal_kms_call_seconds_sum",
                    Map.of("operation", "Decrypt", "outcome", "success"))).isPositive();
            assertThat(PrometheusText.value(s, "vault_seal_kms_last_success_age_seconds", Map.of()))
                    .isBetween(0.0, 60.0);
            assertThat(PrometheusText.value(s, "vault_core_unsealed", Map.of())).isEqualTo(1);
            // without the listener's unauthenticated access a token would be needed: the root token still works
            assertThat(send("GET", "/v1/sys/metrics", null, root).statusCode()).isEqualTo(200);
            assertThat(server.stop()).isZero();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                assertThat(n.has("@timestamp") && n.has("@level") && n.has("@module") && n.has("@message"))
                        .as(line).isTrue();
                lines.add(n);
            }
        }
        List<String> messages = lines.stream().map(n -> n.get("@message").asText()).toList();
        assertThat(messages).filteredOn(m -> m.startsWith("core: vault is unsealed")).hasSize(2);
        assertThat(messages).filteredOn(m -> m.equals("core: vault is sealed by request")).hasSize(1);
        assertThat(messages).filteredOn(m -> m.startsWith("seal: AWS KMS is not reachable yet")).hasSize(1);
        assertThat(messages).filteredOn(m -> m.equals("core: auto-unseal succeeded after earlier failures"))
                .hasSize(1);
        assertThat(String.join("\n", messages)).doesNotContain("e2e-secret-key-never-logged");
    }
}
