package io.strongroom.logical;

import java.util.List;
import java.util.Map;

/**
 * What a backend answers. A handler that has nothing to say returns {@code null} instead (HTTP 204 for writes and
 * deletes; 404 {@code {"errors":[]}} for reads and lists, vault-compat: dataplane spec 1.3).
 *
 * @param data the answer's {@code data}, or null
 * @param auth the answer's {@code auth} block (token creation, renewal), or null
 * @param warnings shown to the client in {@code warnings}; never null
 * @param leaseDuration the {@code lease_duration} in seconds (KV v1 reads report the mount's default TTL)
 * @param renewable the {@code renewable} flag
 * @param status an explicit HTTP status for an answer that carries data and is still an error (a deleted KV v2
 *     version is 404 with its metadata), or 0 for the default (200 with data, 204 without)
 */
public record Response(Map<String, Object> data, Auth auth, List<String> warnings, long leaseDuration,
        boolean renewable, int status) {

    public Response {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** 200 with {@code data}. */
    public static Response of(Map<String, Object> data) {
        return new Response(data, null, List.of(), 0, false, 0);
    }

    /** A list answer: {@code {"keys": [...]}}; an empty list reads as not found (404). */
    public static Response list(List<String> keys) {
        return keys.isEmpty() ? null : of(Map.of("keys", List.copyOf(keys)));
    }

    /** 200 with an {@code auth} block and no data. */
    public static Response ofAuth(Auth auth) {
        return new Response(null, auth, List.of(), 0, false, 0);
    }

    /** A 200 answer with only warnings (no data). */
    public static Response warnings(List<String> warnings) {
        return new Response(null, null, warnings, 0, false, 0);
    }

    public Response withWarning(String warning) {
        List<String> w = new java.util.ArrayList<>(warnings);
        w.add(warning);
        return new Response(data, auth, w, leaseDuration, renewable, status);
    }

    public Response withLease(long seconds, boolean isRenewable) {
        return new Response(data, auth, warnings, seconds, isRenewable, status);
    }

    public Response withStatus(int httpStatus) {
        return new Response(data, auth, warnings, leaseDuration, renewable, httpStatus);
    }

    /** Data may hold secrets: keys only. */
    @Override
    public String toString() {
        return "Response[data keys=" + (data == null ? "none" : data.keySet()) + ", auth=" + auth + ", warnings="
                + warnings.size() + ", status=" + status + "]";
    }

    /**
     * The {@code auth} block of a token answer (vault-compat: dataplane spec 2.2).
     *
     * @param clientToken the new or renewed token (secret)
     * @param policies sorted policies
     * @param tokenPolicies the same, Vault's newer field
     * @param metadata token metadata, or null
     * @param leaseDuration TTL in seconds (0: never expires)
     */
    public record Auth(String clientToken, String accessor, List<String> policies, List<String> tokenPolicies,
            Map<String, String> metadata, long leaseDuration, boolean renewable, String entityId, String tokenType,
            boolean orphan, int numUses) {

        @Override
        public String toString() {
            return "Auth[clientToken=********, accessor=" + accessor + ", policies=" + policies + "]";
        }
    }
}
