package io.strongroom.token;

/**
 * The token mount's lease limits in seconds (vault-compat: dataplane spec 2.6, system default and max 768h).
 *
 * @param defaultTtl TTL of a token created without {@code ttl}
 * @param maxTtl no token lives longer than this from its issue time (periodic tokens: no period longer than this)
 */
public record TtlLimits(long defaultTtl, long maxTtl) {

    /** Vault's system defaults: 768h = 2764800 s for both. */
    public static final TtlLimits VAULT_DEFAULT = new TtlLimits(2_764_800L, 2_764_800L);

    public TtlLimits {
        if (defaultTtl <= 0 || maxTtl <= 0) {
            throw new IllegalArgumentException("TTL limits must be positive");
        }
    }
}
