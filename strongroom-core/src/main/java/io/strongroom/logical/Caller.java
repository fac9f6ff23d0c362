package io.strongroom.logical;

import java.util.List;
import java.util.Map;

/**
 * Who sent a request, as the token store resolved it. Holds the token itself because some backends need it
 * (lookup-self echoes it, child tokens record their parent); never logged: {@link #toString()} masks it.
 *
 * @param token the client token as sent
 * @param accessor the token's accessor
 * @param policies the token's policies, sorted
 * @param root whether the token carries the {@code root} policy
 * @param meta the token's metadata, never null
 * @param issueTime when the token was created, or null when unknown (audit {@code auth.token_issue_time})
 * @param ttlSeconds the token's TTL in seconds, 0 for none (audit {@code auth.token_ttl})
 */
public record Caller(String token, String accessor, List<String> policies, boolean root, Map<String, String> meta,
        java.time.Instant issueTime, long ttlSeconds) {

    public Caller {
        policies = List.copyOf(policies);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** Without issue time and TTL (callers that are not a stored token). */
    public Caller(String token, String accessor, List<String> policies, boolean root, Map<String, String> meta) {
        this(token, accessor, policies, root, meta, null, 0);
    }

    @Override
    public String toString() {
        return "Caller[token=********, accessor=" + accessor + ", policies=" + policies + ", root=" + root + "]";
    }
}
