package io.strongroom.token;

import java.util.List;
import java.util.Map;

/**
 * What a new token should be, fully decided (policies resolved, TTL computed); {@link TokenStore#create} adds the
 * token id, accessor and times.
 *
 * @param parent the parent's SaltID, or null for an orphan
 * @param policies sanitized policies
 * @param path creation path, e.g. {@code auth/token/create}
 * @param meta metadata or null
 * @param displayName display name
 * @param numUses allowed uses, 0 = unlimited
 * @param ttl seconds until expiry, 0 = never expires
 * @param explicitMaxTtl seconds, 0 = none
 * @param period seconds, 0 = not periodic
 * @param renewable whether the token may be renewed
 */
public record NewToken(String parent, List<String> policies, String path, Map<String, String> meta,
        String displayName, int numUses, long ttl, long explicitMaxTtl, long period, boolean renewable) {

    public NewToken {
        policies = List.copyOf(policies);
        meta = meta == null ? null : Map.copyOf(meta);
    }

    /** A root token as {@code operator init} and dev mode make: orphan, {@code root} policy, never expires. */
    public static NewToken root() {
        return new NewToken(null, List.of("root"), "auth/token/root", null, "root", 0, 0, 0, 0, false);
    }
}
