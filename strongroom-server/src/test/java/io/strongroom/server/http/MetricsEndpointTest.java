package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.server.StrongroomServer;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.StorageConfig;
import io.strongroom.server.config.TelemetryConfig;
import io.strongroom.server.metrics.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/sys/metrics} on an in-process server with two listeners: {@code listener-0} needs a token with
 * read on {@code sys/metrics}, {@code listener-1} has {@code unauthenticated_metrics_access}.
 */
class MetricsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private StrongroomServer server;
    private String root;

    private record Reply(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }
    }

    private void start(TelemetryConfig telemetry) {
        ServerConfig config = new ServerConfig(Optional.of(new StorageConfig.Inmem()), List.of(), List.of(), null,
                null, null, null, null, null, null, null, false, null, List.of(), 1000, telemetry);
        server = StrongroomServer.start(config, Map.of(), List.of(ListenerSettings.plain("127.0.0.1:0"),
                new ListenerSettings("127.0.0.1:0", true, null, null, null, true)));
        InitResult init = server.lifecycle().initialize(new InitRequest(1, 1, null, null, null, null, null));
        server.lifecycle().submitKeyShare(init.keys().get(0));
        root = init.rootToken();
        server.dataPlane().mounts().enable("secret/", "kv", "kv", Map.of("version", "2"), 0, 0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Reply send(int listener, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port(listener) + "/v1/"
                + path)).timeout(Duration.ofSeconds(20)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final TelemetryConfig NO_HOST = new TelemetryConfig(Duration.ofHours(24), true);

    @Test
    void metrics_prometheusAfterScriptedRun_parsesAndHoldsTheRunsCounts() {
        start(NO_HOST);
        for (int i = 0; i < 3; i++) {
            assertThat(send(0, "POST", "secret/data/app" + i, root, "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);
        }
        assertThat(send(0, "GET", "secret/data/app0", root, null).status()).isEqualTo(200);
        assertThat(send(0, "GET", "secret/data/app1", root, null).status()).isEqualTo(200);
        assertThat(send(0, "GET", "secret/data/missing", root, null).status()).isEqualTo(404);

        Reply r = send(0, "GET", "sys/metrics?format=prometheus", root, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        List<PrometheusText.Sample> s = PrometheusText.parse(r.body());
        assertThat(PrometheusText.value(s, "vault_core_unsealed", Map.of())).isEqualTo(1);
        assertThat(PrometheusText.value(s, "vault_http_requests_total", Map.of("method", "POST", "code", "200")))
                .isEqualTo(3);
        assertThat(PrometheusText.value(s, "vault_http_requests_total", Map.of("method", "GET", "code", "200")))
                .isEqualTo(2);
        assertThat(PrometheusText.value(s, "vault_http_requests_total", Map.of("method", "GET", "code", "404")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(s, "vault_core_handle_request_seconds_count", Map.of())).isEqualTo(6);
        assertThat(PrometheusText.value(s, "vault_core_active", Map.of())).isEqualTo(1);
        // per mount: three writes to new keys (create), three reads (one of a missing key)
        assertThat(PrometheusText.value(s, "vault_route_seconds_count", Map.of("operation", "create",
                "mount", "secret-"))).isEqualTo(3);
        assertThat(PrometheusText.value(s, "vault_route_seconds_count", Map.of("operation", "read",
                "mount", "secret-"))).isEqualTo(3);
        assertThat(PrometheusText.value(s, "vault_token_count", Map.of())).isEqualTo(1); // the root token
        assertThat(PrometheusText.value(s, "vault_audit_log_request_failure_total", Map.of())).isZero();
        assertThat(PrometheusText.value(s, "vault_barrier_put_seconds_count", Map.of())).isGreaterThanOrEqualTo(3);
        assertThat(PrometheusText.value(s, "vault_barrier_get_seconds_count", Map.of())).isGreaterThanOrEqualTo(3);
        // no KMS in this server: no KMS call metrics, and the age is NaN
        assertThat(PrometheusText.has(s, "vault_seal_kms_call_seconds_count", Map.of())).isFalse();
        assertThat(PrometheusText.value(s, "vault_seal_kms_last_success_age_seconds", Map.of())).isNaN();
        // the scrape itself is counted afterwards
        List<PrometheusText.Sample> again = PrometheusText.parse(send(0, "GET", "sys/metrics?format=prometheus",
                root, null).body());
        assertThat(PrometheusText.value(again, "vault_http_requests_total", Map.of("method", "GET", "code", "200")))
                .isEqualTo(3);
    }

    @Test
    void metrics_jsonFormat_vaultShape() {
        start(NO_HOST);
        send(0, "POST", "secret/data/x", root, "{\"data\":{\"k\":\"v\"}}");
        Reply r = send(0, "GET", "sys/metrics", root, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(j.fieldNames()).toIterable().containsExactly("Timestamp", "Gauges", "Counters", "Samples");
        assertThat(j.get("Gauges").toString()).contains("{\"Name\":\"vault.core.unsealed\",\"Value\":1.0,\"Labels\":{}}");
        assertThat(j.get("Counters").toString())
                .contains("{\"Name\":\"vault.http.requests\",\"Count\":1,\"Labels\":{\"code\":\"200\",\"method\":\"POST\"}}");
        assertThat(j.get("Samples").toString()).contains("\"Name\":\"vault.barrier.put\"");
    }

    @Test
    void metrics_noToken_refusedUnlessListenerAllowsIt() {
        start(NO_HOST);
        Reply refused = send(0, "GET", "sys/metrics?format=prometheus", null, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("errors").get(0).asText()).contains("permission denied");
        Reply open = send(1, "GET", "sys/metrics?format=prometheus", null, null);
        assertThat(open.status()).isEqualTo(200);
        assertThat(PrometheusText.value(PrometheusText.parse(open.body()), "vault_core_unsealed", Map.of()))
                .isEqualTo(1);
    }

    @Test
    void metrics_tokenWithoutReadOnSysMetrics_forbidden_withRead_allowed() {
        start(NO_HOST);
        assertThat(send(0, "POST", "sys/policies/acl/metrics", root,
                "{\"policy\":\"path \\\"sys/metrics\\\" { capabilities = [\\\"read\\\"] }\"}").status()).isEqualTo(204);
        String reader = tokenWith("metrics");
        String other = tokenWith("default");
        assertThat(send(0, "GET", "sys/metrics", other, null).status()).isEqualTo(403);
        assertThat(send(0, "GET", "sys/metrics", reader, null).status()).isEqualTo(200);
    }

    private String tokenWith(String policy) {
        Reply r = send(0, "POST", "auth/token/create", root, "{\"policies\":[\"" + policy + "\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("auth").path("client_token").asText();
    }

    @Test
    void metrics_sealed_unauthenticatedListenerShowsSealed_tokenListener503() {
        start(NO_HOST);
        server.lifecycle().seal();
        Reply open = send(1, "GET", "sys/metrics?format=prometheus", null, null);
        assertThat(open.status()).isEqualTo(200);
        assertThat(PrometheusText.value(PrometheusText.parse(open.body()), "vault_core_unsealed", Map.of()))
                .isEqualTo(0);
        assertThat(send(0, "GET", "sys/metrics?format=prometheus", root, null).status()).isEqualTo(503);
    }

    @Test
    void metrics_prometheusRetentionZero_prometheusRefusedJsonServed() {
        start(new TelemetryConfig(Duration.ZERO, true));
        Reply r = send(0, "GET", "sys/metrics?format=prometheus", root, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().toString()).isEqualTo("{\"errors\":[\"prometheus is not enabled\"]}");
        assertThat(send(0, "GET", "sys/metrics", root, null).status()).isEqualTo(200);
    }

    @Test
    void metrics_unknownFormatOrWrongMethod_refused() {
        start(NO_HOST);
        Reply r = send(0, "GET", "sys/metrics?format=xml", root, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("metric response format unknown").doesNotContain("xml");
        assertThat(send(0, "POST", "sys/metrics", root, "{}").status()).isEqualTo(405);
    }
}
