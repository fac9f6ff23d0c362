package io.strongroom.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.Barrier;
import io.strongroom.server.config.TelemetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ServerMetrics} and {@link TimedBarrier} without a server. */
class ServerMetricsTest {

    private static final TelemetryConfig NO_HOST = new TelemetryConfig(Duration.ofHours(24), true);

    @Test
    void kmsObserver_successThenError_latencyErrorsAndSuccessAge() {
        MutableClock clock = new MutableClock();
        ServerMetrics m = new ServerMetrics(NO_HOST, clock);
        List<PrometheusText.Sample> before = PrometheusText.parse(m.prometheusText());
        assertThat(PrometheusText.value(before, "vault_seal_kms_last_success_age_seconds", Map.of())).isNaN();

        m.kmsObserver().completed("Decrypt", 2_000_000, null);
        clock.now = clock.now.plusSeconds(7);
        m.kmsObserver().completed("Encrypt", 1_000_000, "unreachable");
        m.kmsObserver().completed("Encrypt", 1_000_000, "unreachable");

        List<PrometheusText.Sample> s = PrometheusText.parse(m.prometheusText());
        assertThat(PrometheusText.value(s, "vault_seal_kms_call_seconds_count",
                Map.of("operation", "Decrypt", "outcome", "success"))).isEqualTo(1);
        assertThat(PrometheusText.value(s, "vault_seal_kms_call_seconds_sum",
                Map.of("operation", "Decrypt", "outcome", "success"))).isEqualTo(0.002);
        assertThat(PrometheusText.value(s, "vault_seal_kms_errors_total",
                Map.of("operation", "Encrypt", "kind", "unreachable"))).isEqualTo(2);
        assertThat(PrometheusText.value(s, "vault_seal_kms_last_success_age_seconds", Map.of())).isEqualTo(7);
    }

    @Test
    void timedBarrier_eachOperation_countedOnceAndFailuresToo() {
        ServerMetrics m = new ServerMetrics(NO_HOST, Clock.systemUTC());
        Barrier inner = new io.strongroom.barrier.AesGcmBarrier(new io.strongroom.storage.InmemStorage(),
                new java.security.SecureRandom(), Clock.systemUTC());
        TimedBarrier b = new TimedBarrier(inner, m);
        b.initialize(new byte[32]);
        b.unseal(new byte[32]);
        b.put("a", new byte[] {1});
        b.get("a");
        b.list("");
        b.delete("a");
        b.seal();
        assertThatThrownBy(() -> b.get("a")).isInstanceOf(RuntimeException.class); // sealed
        List<PrometheusText.Sample> s = PrometheusText.parse(m.prometheusText());
        assertThat(PrometheusText.value(s, "vault_barrier_get_seconds_count", Map.of())).isEqualTo(2);
        assertThat(PrometheusText.value(s, "vault_barrier_put_seconds_count", Map.of())).isEqualTo(1);
        assertThat(PrometheusText.value(s, "vault_barrier_list_seconds_count", Map.of())).isEqualTo(1);
        assertThat(PrometheusText.value(s, "vault_barrier_delete_seconds_count", Map.of())).isEqualTo(1);
    }

    @Test
    void hostLabel_disableHostnameFalse_everySampleLabelledWithHost() {
        ServerMetrics withHost = new ServerMetrics(TelemetryConfig.DEFAULT, Clock.systemUTC());
        withHost.unsealAttempt(true);
        assertThat(PrometheusText.parse(withHost.prometheusText()))
                .isNotEmpty().allSatisfy(s -> assertThat(s.labels()).containsKey("host"));
        ServerMetrics without = new ServerMetrics(NO_HOST, Clock.systemUTC());
        without.unsealAttempt(true);
        assertThat(PrometheusText.parse(without.prometheusText()))
                .isNotEmpty().allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("host"));
    }

    @Test
    void json_afterActivity_vaultShapeWithGaugesCountersSamples() {
        ServerMetrics m = new ServerMetrics(NO_HOST, Clock.systemUTC());
        m.unsealedGauge(() -> true);
        m.request("GET", 200, 1_000_000);
        m.unsealAttempt(false);
        Map<String, Object> json = m.json();
        assertThat(json).containsOnlyKeys("Timestamp", "Gauges", "Counters", "Samples");
        assertThat(json.get("Gauges").toString()).contains("Name=vault.core.unsealed, Value=1.0");
        assertThat(json.get("Counters").toString())
                .contains("Name=vault.core.unseal.attempts, Count=1, Labels={outcome=failure}")
                .contains("Name=vault.http.requests, Count=1, Labels={code=200, method=GET}");
        assertThat(json.get("Samples").toString()).contains("Name=vault.core.handle_request, Count=1, Sum=1.0");
    }

    @Test
    void prometheusTextParser_malformedLine_rejected() {
        assertThatThrownBy(() -> PrometheusText.parse("vault_x{a=\"b\" 1\n")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("line 1");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
