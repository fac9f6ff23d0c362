package io.strongroom.core;

/**
 * The storage paths of the seal lifecycle, each with why it exists (the barrier's own, the keyring and the root-key
 * entry, are in {@link io.strongroom.barrier.BarrierPaths}). All are physical storage keys;
 * "plaintext" ones are written below the barrier because they are needed before it can be unsealed.
 *
 * <p>// vault-compat: the names are Vault's and OpenBao's (vault-seal-spec 3.1), so a data folder moves between them.
 */
public final class CorePaths {

    private CorePaths() {
    }

    /**
     * Plaintext JSON {@code SealConfig} of the barrier seal: which seal type initialized this store. Init writes it
     * <em>last</em>: its presence (with the keyring) is what "initialized" means, as in Vault, so a crash at any
     * earlier write of init leaves a store that is not initialized and can be initialized again.
     */
    public static final String SEAL_CONFIG = "core/seal-config";

    /**
     * Written first by init and removed at the first unseal after it: while it exists without a seal config, the
     * store holds the leftovers of an interrupted init, which the next init removes. A keyring with neither this
     * nor a seal config is damage, not an interrupted init, and is never cleaned. Plaintext JSON
     * {@code {"started":"<RFC 3339 time>"}}; Vault ignores it.
     */
    public static final String INIT_IN_PROGRESS = "core/strongroom-init-in-progress";

    /** Plaintext JSON {@code SealConfig} of the recovery key (shares, threshold) for auto seals. */
    public static final String RECOVERY_CONFIG = "core/recovery-config";

    /** The root key wrapped by the auto seal (KMS envelope): what lets the server unseal itself at start. */
    public static final String BARRIER_UNSEAL_KEYS = "core/hsm/barrier-unseal-keys";

    /** The recovery key wrapped by the auto seal; its Shamir shares authorize root token generation and rekey. */
    public static final String RECOVERY_KEY = "core/recovery-key";

    /**
     * A root-key rotation in flight: the new root key's stored-keys blob (same format as
     * {@link #BARRIER_UNSEAL_KEYS}), written before the keyring is re-encrypted and removed once the new blob is in
     * place. At unseal, if it exists, the keyring tells which key is current: if the new key opens it the rotation
     * is finished, otherwise it is dropped. Vault ignores it.
     */
    public static final String ROOT_KEY_ROTATION = "core/strongroom-root-key-rotation";

    /**
     * A recovery-key rekey in flight: the <em>old</em> recovery key blob and recovery config, JSON
     * {@code {"key":"<base64 blob>","config":{...}}}, written before the new ones and removed last (the commit). At
     * unseal, if it exists, the old ones are put back: the new shares were never handed out. Vault ignores it.
     */
    public static final String RECOVERY_REKEY_BACKUP = "core/strongroom-recovery-rekey-backup";

    /**
     * A seal migration in flight (issue 10), plaintext JSON holding no secret: the direction and the target state,
     * {@code {"from":"shamir","to":"awskms","started":"...","root_key":"<base64 blob>","recovery_key":"<base64
     * blob>","seal_config":{...},"recovery_config":{...}}} (the blobs are the new seal's ciphertexts). Written before
     * the first change of a migration and removed after the last; the next start finishes the migration from it or
     * drops it (see {@code SealMigration}). Vault ignores it.
     */
    public static final String SEAL_MIGRATION = "core/strongroom-seal-migration";

}
