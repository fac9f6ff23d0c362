package io.strongroom.core.lifecycle;

/**
 * The seal lifecycle of one server, as Vault's {@code sys/init}, {@code sys/unseal}, {@code sys/seal},
 * {@code sys/seal-status}, {@code sys/health} and {@code sys/leader} expose it. The HTTP layer is a thin
 * translation of this interface; it decodes keys and checks tokens, and this interface decides everything else.
 *
 * <p>Thread-safe. Errors: {@link io.strongroom.base.InvalidRequestException} for caller mistakes (400),
 * {@link io.strongroom.base.SealedException} when the operation needs an unsealed server (503),
 * {@link io.strongroom.seal.SealAccessException} when KMS cannot be used, anything else is a server error (500).
 */
public interface Lifecycle {

    /** True when the barrier keyring and the seal config both exist in storage. */
    boolean isInitialized();

    /**
     * Initializes storage: root key, keyring, seal config, (auto seal) stored root key and recovery key, root
     * token. With an auto seal the server is unsealed before this returns (Vault does it in the response path);
     * with shamir it stays sealed.
     *
     * @throws io.strongroom.base.InvalidRequestException already initialized, or parameters that do not apply to
     *     this seal type, or out of range
     */
    InitResult initialize(InitRequest request);

    /** True while the server holds no keys. Cheap: no storage or KMS access, never waits. */
    boolean isSealed();

    /** The seal status document; never throws for "not initialized" (that is a field). */
    SealStatus sealStatus();

    /**
     * Adds one key share: an unseal key share (shamir) or a recovery key share (auto seal, after a manual seal).
     * When the threshold is reached the shares are combined and, if correct, the server unseals.
     *
     * @return the status after this share
     * @throws io.strongroom.base.InvalidRequestException not initialized, already unsealed, a share of the wrong
     *     length or a duplicate, or (at the threshold) the combined key is wrong; progress is reset then
     */
    SealStatus submitKeyShare(byte[] share);

    /**
     * Adds one key share, {@code migrate} telling whether it is for a seal migration (issue 10): the OLD seal's
     * share (unseal share from shamir, recovery share from an auto seal), after which the server migrates and
     * unseals.
     *
     * @throws io.strongroom.base.InvalidRequestException as {@link #submitKeyShare(byte[])}, and "migrate option not
     *     provided and seal migration is pending" or "can't perform a seal migration, no migration seal found"
     */
    default SealStatus submitKeyShare(byte[] share, boolean migrate) {
        if (migrate) {
            throw new io.strongroom.base.InvalidRequestException("can't perform a seal migration, no migration seal "
                    + "found");
        }
        return submitKeyShare(share);
    }

    /** Forgets the shares submitted so far. */
    SealStatus resetUnsealProgress();

    /**
     * Seals the server: wipes keys from memory. Under an auto seal it stays sealed until restart or until
     * recovery key shares are submitted (Vault's behaviour: a manual seal is a deliberate stop).
     */
    void seal();

    /** Facts for {@code sys/health}; the status code is chosen by the HTTP layer from these and the query. */
    HealthStatus health();

    /** Facts for {@code sys/leader}. */
    LeaderStatus leader();

    /**
     * Looks up a client token. Only the root token exists in this version.
     *
     * @return the token's policies, or empty when the token is unknown
     * @throws io.strongroom.base.SealedException when sealed (tokens live behind the barrier)
     */
    java.util.Optional<TokenInfo> lookupToken(String token);

    /** Rekey, generate-root and root-key rotation (issue 9), or null when this lifecycle has none (test fakes). */
    default KeyAdmin keyAdmin() {
        return null;
    }

    /** The auto seal's health check (issue 9), or null under shamir or in test fakes. */
    default KmsHealthCheck sealHealth() {
        return null;
    }

    /** Every enabled seal's health check, priority order (issue 10, Seal HA); empty under shamir or in fakes. */
    default java.util.List<KmsHealthCheck> sealHealthChecks() {
        return java.util.List.of();
    }

    /** The seal backends' status (issue 10), or null in test fakes. */
    default SealBackendStatus sealBackendStatus() {
        return null;
    }
}
