package io.strongroom.core.lifecycle;

/** The facts behind {@code sys/health}; {@code serverTimeUtc} is epoch seconds. */
public record HealthStatus(
        boolean initialized,
        boolean sealed,
        boolean standby,
        long serverTimeUtc,
        String version,
        String clusterName,
        String clusterId) {}
