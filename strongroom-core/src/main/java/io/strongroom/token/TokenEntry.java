package io.strongroom.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stored service token, as kept at {@code id/<SaltID>} in the token store's view. The token string itself is
 * never part of the entry: only its salted hash ({@link #saltedId()}, also the storage key) is kept, so neither
 * storage nor this value can be turned back into a usable token. Immutable.
 *
 * @param saltedId the token's SaltID (vault-compat: dataplane spec 2.5), also its storage key
 * @param accessor the token's accessor (24 base62 characters), not a credential
 * @param parent the parent's SaltID, or null for an orphan
 * @param policies sanitized policies: lower-case, de-duplicated, sorted
 * @param path the creation path ({@code auth/token/create}, {@code auth/token/root} ...)
 * @param meta metadata, or null when none was given (lookup shows {@code null})
 * @param displayName {@code token}, {@code token-<name>} or {@code root}
 * @param numUses remaining uses: 0 = unlimited, -1 = used up (revocation pending)
 * @param issueTime when the token was created (lookup {@code creation_time} and {@code issue_time})
 * @param creationTtl the TTL given at creation, in seconds (lookup {@code creation_ttl}); 0 = never expires
 * @param ttl the TTL of the current lease in seconds: the creation TTL or the last renewal's (the default renewal
 *     increment)
 * @param expireTime when the token expires, or null for a non-expiring (root) token
 * @param lastRenewalTime the last renewal, or null
 * @param explicitMaxTtl hard cap on the token's life in seconds from {@code issueTime}, 0 = none
 * @param period renewal period in seconds, 0 = not periodic
 * @param renewable whether renew is allowed
 */
public record TokenEntry(String saltedId, String accessor, String parent, List<String> policies, String path,
        Map<String, String> meta, String displayName, int numUses, Instant issueTime, long creationTtl, long ttl,
        Instant expireTime, Instant lastRenewalTime, long explicitMaxTtl, long period, boolean renewable) {

    /** Vault's only token type here (batch tokens are not supported). */
    public static final String TYPE_SERVICE = "service";

    public TokenEntry {
        Objects.requireNonNull(saltedId, "saltedId");
        Objects.requireNonNull(accessor, "accessor");
        Objects.requireNonNull(issueTime, "issueTime");
        policies = List.copyOf(policies);
        meta = meta == null ? null : Map.copyOf(meta);
    }

    /** Whether the token has no parent (revoking another token never revokes it). */
    public boolean orphan() {
        return parent == null;
    }

    /** Whether the token carries the {@code root} policy. */
    public boolean root() {
        return policies.contains("root");
    }

    /** Unix seconds of creation (lookup {@code creation_time}). */
    public long creationTime() {
        return issueTime.getEpochSecond();
    }

    /** Whether the token has expired at {@code now} (a token expiring exactly now is expired). */
    public boolean expiredAt(Instant now) {
        return expireTime != null && !now.isBefore(expireTime);
    }

    /** Whether the last use has been spent (the token awaits revocation). */
    public boolean usedUp() {
        return numUses < 0;
    }

    /** Remaining seconds of life at {@code now}; 0 for a non-expiring token. */
    public long remainingSeconds(Instant now) {
        return expireTime == null ? 0 : Math.max(0, Duration.between(now, expireTime).getSeconds());
    }

    TokenEntry withNumUses(int uses) {
        return new TokenEntry(saltedId, accessor, parent, policies, path, meta, displayName, uses, issueTime,
                creationTtl, ttl, expireTime, lastRenewalTime, explicitMaxTtl, period, renewable);
    }

    TokenEntry withParent(String newParent) {
        return new TokenEntry(saltedId, accessor, newParent, policies, path, meta, displayName, numUses, issueTime,
                creationTtl, ttl, expireTime, lastRenewalTime, explicitMaxTtl, period, renewable);
    }

    TokenEntry renewed(long newTtl, Instant now) {
        return new TokenEntry(saltedId, accessor, parent, policies, path, meta, displayName, numUses, issueTime,
                creationTtl, newTtl, now.plusSeconds(newTtl), now, explicitMaxTtl, period, renewable);
    }
}
