package io.strongroom.barrier;

/**
 * The encryption barrier: everything below it (storage) is untrusted, everything above it sees plaintext. Holds
 * the keyring in memory only while unsealed.
 *
 * <p>Thread-safe. Lifecycle calls (initialize, unseal, seal, rotate) are serialized against each other; data
 * calls run concurrently with each other and with rotation, and a seal waits for data calls in flight.
 */
public interface Barrier extends BarrierStorage {

    /**
     * True once the keyring exists in storage. Works while sealed.
     *
     * @throws io.strongroom.storage.StorageException if storage fails
     */
    boolean isInitialized();

    /**
     * Creates the keyring with a fresh term-1 data key and persists it, encrypted with {@code rootKey}, together
     * with the root-key entry. The barrier stays sealed afterwards; call {@link #unseal}.
     *
     * @param rootKey 32 bytes; not retained (copied)
     * @throws BarrierStateException if already initialized
     * @throws io.strongroom.base.InvalidRequestException if the key is not 32 bytes
     */
    void initialize(byte[] rootKey);

    /**
     * Loads and decrypts the keyring with {@code rootKey}. A no-op if already unsealed.
     *
     * @throws InvalidRootKeyException if the key does not open the keyring
     * @throws BarrierStateException if not initialized
     */
    void unseal(byte[] rootKey);

    /** Forgets all keys (best-effort wipe of their bytes). Idempotent. */
    void seal();

    /** True while no keyring is loaded. */
    boolean isSealed();

    /**
     * Adds a new data key with the next term, persists the keyring and makes the new term active: new writes use
     * it; values under older terms still decrypt.
     *
     * @return the new active term
     * @throws io.strongroom.base.SealedException if sealed
     */
    int rotate();
}
