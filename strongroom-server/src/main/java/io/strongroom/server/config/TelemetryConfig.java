package io.strongroom.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code telemetry { ... }} stanza (vault-compat: the keys of Vault's telemetry stanza this server uses).
 *
 * @param prometheusRetentionTime {@code prometheus_retention_time}: how long the Prometheus sink keeps a metric
 *     that stopped changing; zero disables the Prometheus format of {@code sys/metrics} (vault-compat: default 24h).
 *     Here metrics never expire while the server runs, so only zero versus non-zero matters.
 * @param disableHostname {@code disable_hostname}: false (the default) labels every metric with {@code host}, the
 *     machine's host name (Vault prefixes the gauge names with it instead)
 */
public record TelemetryConfig(Duration prometheusRetentionTime, boolean disableHostname) {

    /** vault-compat: prometheus_retention_time defaults to 24h. */
    public static final TelemetryConfig DEFAULT = new TelemetryConfig(Duration.ofHours(24), false);

    public TelemetryConfig {
        Objects.requireNonNull(prometheusRetentionTime, "prometheusRetentionTime");
    }

    /** Whether {@code sys/metrics?format=prometheus} answers. */
    public boolean prometheusEnabled() {
        return !prometheusRetentionTime.isZero();
    }
}
