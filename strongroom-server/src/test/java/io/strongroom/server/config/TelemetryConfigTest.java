package io.strongroom.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.server.config.ServerConfigLoader.Source;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code telemetry} stanza and a listener's {@code telemetry { unauthenticated_metrics_access }}. */
class TelemetryConfigTest {

    private static final String STORAGE = "storage \"inmem\" {}\n";

    private static ServerConfig hcl(String text) {
        return ServerConfigLoader.fromSources(List.of(new Source("t.hcl", STORAGE + text)), false);
    }

    @Test
    void telemetry_absent_defaultsTo24hRetentionAndHostnameLabel() {
        ServerConfig c = hcl("");
        assertThat(c.telemetry()).isEqualTo(TelemetryConfig.DEFAULT);
        assertThat(c.telemetry().prometheusRetentionTime()).isEqualTo(Duration.ofHours(24));
        assertThat(c.telemetry().prometheusEnabled()).isTrue();
        assertThat(c.telemetry().disableHostname()).isFalse();
    }

    @Test
    void telemetry_hclStanza_readsRetentionAndDisableHostname() {
        ServerConfig c = hcl("telemetry {\n  prometheus_retention_time = \"30s\"\n  disable_hostname = true\n}\n");
        assertThat(c.telemetry()).isEqualTo(new TelemetryConfig(Duration.ofSeconds(30), true));
    }

    @Test
    void telemetry_jsonStanza_readsTheSameAsHcl() {
        ServerConfig c = ServerConfigLoader.fromSources(List.of(new Source("t.json", """
                {"storage": {"inmem": {}},
                 "telemetry": {"prometheus_retention_time": "1h", "disable_hostname": "true"},
                 "listener": {"tcp": {"address": "127.0.0.1:8200", "tls_disable": true,
                                      "telemetry": {"unauthenticated_metrics_access": true}}}}
                """)), false);
        assertThat(c.telemetry()).isEqualTo(new TelemetryConfig(Duration.ofHours(1), true));
        assertThat(c.listeners().get(0).unauthenticatedMetricsAccess()).isTrue();
    }

    @Test
    void telemetry_retentionZero_disablesPrometheus() {
        assertThat(hcl("telemetry { prometheus_retention_time = 0 }\n").telemetry().prometheusEnabled()).isFalse();
        assertThat(hcl("telemetry { prometheus_retention_time = \"0s\" }\n").telemetry().prometheusEnabled())
                .isFalse();
    }

    @Test
    void telemetry_unknownKey_errorWithFileLineAndValidKeys() {
        assertThatThrownBy(() -> hcl("telemetry {\n  statsd_address = \"x:8125\"\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:3:3: unknown key \"statsd_address\" in telemetry")
                .hasMessageContaining("valid keys are disable_hostname, prometheus_retention_time");
    }

    @Test
    void telemetry_badRetention_errorWithPosition() {
        assertThatThrownBy(() -> hcl("telemetry {\n  prometheus_retention_time = \"soon\"\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:3:")
                .hasMessageContaining("\"prometheus_retention_time\" must be a duration");
    }

    @Test
    void telemetry_badDisableHostname_errorWithPosition() {
        assertThatThrownBy(() -> hcl("telemetry {\n  disable_hostname = \"perhaps\"\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:3:")
                .hasMessageContaining("\"disable_hostname\" in telemetry must be a boolean");
    }

    @Test
    void telemetry_twoStanzasInOneFile_refused() {
        assertThatThrownBy(() -> hcl("telemetry {}\ntelemetry {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:3:1: only one telemetry stanza is allowed; the first is at line 2");
    }

    @Test
    void telemetry_notABlock_refused() {
        assertThatThrownBy(() -> hcl("telemetry = \"on\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"telemetry\" must be a block like telemetry { ... }");
    }

    @Test
    void telemetry_laterFile_replacesEarlierStanza() {
        ServerConfig c = ServerConfigLoader.fromSources(List.of(
                new Source("a.hcl", STORAGE + "telemetry { disable_hostname = true }\n"),
                new Source("b.hcl", "telemetry { prometheus_retention_time = \"2h\" }\n")), false);
        assertThat(c.telemetry()).isEqualTo(new TelemetryConfig(Duration.ofHours(2), false));
    }

    @Test
    void listenerTelemetry_unauthenticatedMetricsAccess_readPerListener() {
        ServerConfig c = hcl("""
                listener "tcp" {
                  address = "127.0.0.1:8200"
                  tls_disable = true
                  telemetry {
                    unauthenticated_metrics_access = true
                  }
                }
                listener "tcp" {
                  address = "127.0.0.1:8201"
                  tls_disable = true
                }
                """);
        assertThat(c.listeners()).extracting(ListenerConfig::unauthenticatedMetricsAccess).containsExactly(true, false);
    }

    @Test
    void listenerTelemetry_unknownKey_errorWithFileLine() {
        assertThatThrownBy(() -> hcl("""
                listener "tcp" {
                  tls_disable = true
                  telemetry {
                    unauthenticated_metrics = true
                  }
                }
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:5:5: unknown key \"unauthenticated_metrics\" in listener \"tcp\" "
                        + "telemetry")
                .hasMessageContaining("valid keys are unauthenticated_metrics_access");
    }

    @Test
    void listenerTelemetry_nonBooleanAccess_errorWithFileLine() {
        assertThatThrownBy(() -> hcl("""
                listener "tcp" {
                  tls_disable = true
                  telemetry { unauthenticated_metrics_access = "sometimes" }
                }
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:4:")
                .hasMessageContaining("\"unauthenticated_metrics_access\" in listener \"tcp\" telemetry must be a boolean");
    }
}
