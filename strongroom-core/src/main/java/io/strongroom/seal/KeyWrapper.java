package io.strongroom.seal;

import java.util.Map;

/**
 * The seal SPI: protects small secrets (the root key, the recovery key) with a key the server does not hold.
 *
 * <p>Implementations are built complete by a factory (no setters, no configure-after-construct) and are
 * thread-safe: every method may be called from any thread at any time.
 */
public interface KeyWrapper {

    /** The seal type as Vault names it in {@code seal "TYPE"} and in {@code sys/seal-status}: {@code "awskms"}. */
    String type();

    /**
     * The current key id: what new blobs will be encrypted under. For awskms this is the key ARN, resolved by
     * {@code DescribeKey} at construction and updated from every {@code Encrypt} answer (an alias may move).
     */
    String keyId();

    /**
     * Encrypts {@code plaintext}, bound to {@code aad}.
     *
     * @param plaintext the secret; may be empty, never null. Not retained.
     * @param aad associated data that must be presented again to decrypt; null means none (same as empty)
     * @return a blob carrying everything needed to decrypt, including the id of the key used
     * @throws SealAccessException when the key service cannot be used
     */
    BlobInfo encrypt(byte[] plaintext, byte[] aad);

    /**
     * Decrypts a blob made by {@link #encrypt}, under whichever key it names (old keys keep working after
     * rotation).
     *
     * @param aad the associated data given to encrypt; null means none
     * @return the plaintext (a fresh array the caller owns and should wipe)
     * @throws DecryptionFailedException when the blob was tampered with, is malformed, or the aad differs
     * @throws SealAccessException when the key service cannot be used
     */
    byte[] decrypt(BlobInfo blob, byte[] aad);

    /**
     * Non-secret facts for the start-up banner and diagnostics (region, key id, endpoint). Never credentials.
     */
    Map<String, String> metadata();
}
