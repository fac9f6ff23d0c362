package io.strongroom.server.http;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.lifecycle.HealthStatus;
import java.util.Locale;
import java.util.Map;

/**
 * The query of {@code GET|HEAD /v1/sys/health} and the status code it selects.
 *
 * <p>vault-compat: {@code http/sys_health.go}. Defaults 200 active, 429 standby, 501 not initialized, 503
 * sealed; overridable with {@code activecode}, {@code standbycode}, {@code uninitcode}, {@code sealedcode};
 * {@code standbyok=true} answers a standby with the active code. {@code perfstandbyok}, {@code drsecondarycode}
 * and {@code performancestandbycode} are validated but have no effect: Strongroom has no performance standbys
 * and no DR replication. A code that is not an integer in 100..599 is a 400 (Vault only checks the integer; the
 * range keeps the HTTP stack from refusing the answer later). A parameter given without a value
 * ({@code ?standbyok}) counts as true, which is what load-balancer checks usually send.
 */
record HealthQuery(boolean standbyOk, int activeCode, int standbyCode, int sealedCode, int uninitCode) {

    static HealthQuery parse(Map<String, String> query) {
        boolean standbyOk = bool(query, "standbyok");
        bool(query, "perfstandbyok");
        code(query, "drsecondarycode", 472);
        code(query, "performancestandbycode", 473);
        return new HealthQuery(standbyOk, code(query, "activecode", 200), code(query, "standbycode", 429),
                code(query, "sealedcode", 503), code(query, "uninitcode", 501));
    }

    /** Precedence: not initialized, then sealed, then standby (vault-compat). */
    int statusFor(HealthStatus health) {
        if (!health.initialized()) {
            return uninitCode;
        }
        if (health.sealed()) {
            return sealedCode;
        }
        if (health.standby() && !standbyOk) {
            return standbyCode;
        }
        return activeCode;
    }

    private static boolean bool(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            return false;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "", "1", "t", "true":
                return true;
            case "0", "f", "false":
                return false;
            default:
                throw new InvalidRequestException("bad value for " + name + " parameter: not a boolean");
        }
    }

    private static int code(Map<String, String> query, String name, int defaultCode) {
        String value = query.get(name);
        if (value == null) {
            return defaultCode;
        }
        try {
            int code = Integer.parseInt(value);
            if (code < 100 || code > 599) {
                throw new InvalidRequestException("bad code for " + name + " parameter: must be 100..599");
            }
            return code;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("bad code for " + name + " parameter: not an integer");
        }
    }
}
