package io.strongroom.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.core.lifecycle.KmsHealthCheck;
import io.strongroom.server.config.SealHealthConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health check's state machine over the real-crypto KMS fake, and its configuration (issue 9, item 7). */
class KmsHealthCheckTest {

    private final LifecycleFixture fx = new LifecycleFixture();

    @Test
    void probe_kmsAnswers_healthy_delayIsTheHealthyInterval() {
        KmsHealthCheck check = new KmsHealthCheck(fx.awskms(), Clock.systemUTC());
        assertThat(check.probe()).isTrue();
        assertThat(check.status().healthy()).isTrue();
        assertThat(check.status().unhealthySince()).isNull();
        assertThat(check.unreachableMillis()).isZero();
        assertThat(check.nextDelay(Duration.ofMinutes(10), Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(10));
        assertThat(fx.kms.calls("Encrypt")).isEqualTo(1);
        assertThat(fx.kms.calls("Decrypt")).isEqualTo(1);
    }

    @Test
    void probe_keyDisabled_unhealthyUntilItWorksAgain_sinceKeptAcrossFailures() {
        KmsHealthCheck check = new KmsHealthCheck(fx.awskms(), Clock.systemUTC());
        check.probe();
        fx.kms.setState(fx.keyArn, "Disabled");
        assertThat(check.probe()).isFalse();
        var since = check.status().unhealthySince();
        assertThat(since).isNotNull();
        assertThat(check.probe()).isFalse();
        assertThat(check.status().unhealthySince()).isEqualTo(since);
        assertThat(check.nextDelay(Duration.ofMinutes(10), Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
        fx.kms.setState(fx.keyArn, "Enabled");
        assertThat(check.probe()).isTrue();
        assertThat(check.status().healthy()).isTrue();
        assertThat(check.unreachableMillis()).isZero();
    }

    @Test
    void recordFailure_timeout_marksUnhealthy() {
        KmsHealthCheck check = new KmsHealthCheck(fx.awskms(), Clock.systemUTC());
        check.recordFailure("no answer within PT1M");
        assertThat(check.status().healthy()).isFalse();
    }

    @Test
    void config_defaults_areVaults() {
        SealHealthConfig c = SealHealthConfig.from(Map.of());
        assertThat(c.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.unhealthyInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.enabled()).isTrue();
    }

    @Test
    void config_intervalZeroOrDisabled_switchesOff() {
        assertThat(SealHealthConfig.from(Map.of("health_check_interval", "0")).enabled()).isFalse();
        assertThat(SealHealthConfig.from(Map.of("health_check_enabled", false)).enabled()).isFalse();
        assertThat(SealHealthConfig.from(Map.of("health_check_interval", "30m")).interval())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void config_badValues_refusedNamingTheKey() {
        assertThatThrownBy(() -> SealHealthConfig.from(Map.of("health_check_interval", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("health_check_interval");
        assertThatThrownBy(() -> SealHealthConfig.from(Map.of("health_check_enabled", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("health_check_enabled");
        assertThatThrownBy(() -> SealHealthConfig.from(Map.of("health_check_timeout", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("health_check_timeout");
    }
}
