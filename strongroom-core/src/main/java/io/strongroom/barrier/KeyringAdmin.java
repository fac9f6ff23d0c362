package io.strongroom.barrier;

/**
 * The keyring operations beyond {@link Barrier}'s data path: key status, the automatic-rotation policy, root-key
 * rotation and the upgrade path by which a node that holds an older keyring learns a newer term. Kept apart from
 * {@link Barrier} so that decorators of the data path (timing, seal wrapping) need not forward them.
 *
 * <p>Thread-safe; every method except {@link #rotationConfig()} and {@link #keyStatus()} is serialized with the
 * barrier's other lifecycle calls. All throw {@link io.strongroom.base.SealedException} while sealed.
 */
public interface KeyringAdmin {

    /** The active term, when it was installed and how many encryptions it has made (vault-compat: sys/key-status). */
    record KeyStatus(int term, java.time.Instant installTime, long encryptions) {}

    KeyStatus keyStatus();

    /** Adds the next term and makes it active (the same operation as {@link Barrier#rotate()}). */
    int rotate();

    RotationConfig rotationConfig();

    /** Persists a new automatic-rotation policy in the keyring. */
    void updateRotationConfig(RotationConfig config);

    /**
     * Rotates when the active key is due: its encryptions reached {@code MaxOperations} or it is older than
     * {@code Interval} (when set). Does nothing when automatic rotation is disabled.
     *
     * @return true when it rotated
     */
    boolean rotateIfDue();

    /**
     * Re-encrypts the keyring with a new root key and rewrites the root-key entry. The keyring write is the one
     * that commits: before it the old root key opens the keyring, after it only the new one does.
     *
     * @param newRootKey 32 bytes; copied
     */
    void rotateRootKey(byte[] newRootKey);

    /**
     * Adds the keys of terms newer than the loaded keyring from their upgrade entries ({@code core/upgrade/<term>},
     * each encrypted under the term before it), as a node that did not rotate itself must do to read values written
     * under the new term. vault-compat: Vault's standby {@code CheckUpgrade} (vault-seal-spec 4.4).
     *
     * @return how many terms were added
     */
    int refreshFromUpgrades();
}
