package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import io.strongroom.hcl.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * The seal health check's settings, from the {@code seal "awskms"} stanza (vault-compat: OpenBao HEAD's keys and
 * Vault's fixed values as defaults, vault-seal-spec 1.2 and 3.8):
 *
 * <pre>
 * health_check_enabled            = true    # false: no probe at all
 * health_check_interval           = "10m"   # between probes while healthy; "0" also switches the check off
 * health_check_interval_unhealthy = "1m"    # between probes after a failure
 * health_check_timeout            = "1m"    # one probe (encrypt + decrypt) longer than this is a failure
 * </pre>
 *
 * @param interval zero when the check is off
 */
public record SealHealthConfig(Duration interval, Duration unhealthyInterval, Duration timeout) {

    public static final SealHealthConfig DEFAULTS = new SealHealthConfig(Duration.ofMinutes(10),
            Duration.ofMinutes(1), Duration.ofMinutes(1));

    public boolean enabled() {
        return !interval.isZero();
    }

    /**
     * @throws ConfigException naming the key when a value is not a duration or boolean
     */
    public static SealHealthConfig from(Map<String, Object> block) {
        Duration interval = duration(block, "health_check_interval", DEFAULTS.interval());
        Duration unhealthy = duration(block, "health_check_interval_unhealthy", DEFAULTS.unhealthyInterval());
        Duration timeout = duration(block, "health_check_timeout", DEFAULTS.timeout());
        Object enabled = block.get("health_check_enabled");
        if (enabled != null) {
            String text = enabled.toString().trim();
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new ConfigException("seal \"awskms\": \"health_check_enabled\" must be true or false");
            }
            if (text.equalsIgnoreCase("false")) {
                interval = Duration.ZERO;
            }
        }
        if (unhealthy.isZero() || timeout.isZero()) {
            throw new ConfigException("seal \"awskms\": \"health_check_interval_unhealthy\" and "
                    + "\"health_check_timeout\" must be above zero");
        }
        return new SealHealthConfig(interval, unhealthy, timeout);
    }

    private static Duration duration(Map<String, Object> block, String key, Duration fallback) {
        Object v = block.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(v.toString());
            if (d == null) {
                throw new ConfigException("seal \"awskms\": \"" + key + "\" is not a duration (e.g. \"10m\")");
            }
            if (d.isNegative()) {
                throw new ConfigException("seal \"awskms\": \"" + key + "\" must not be negative");
            }
            return d;
        } catch (RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException("seal \"awskms\": \"" + key + "\" is not a duration: " + e.getMessage());
        }
    }
}
