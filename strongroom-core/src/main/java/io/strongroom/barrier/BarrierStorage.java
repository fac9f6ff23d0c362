package io.strongroom.barrier;

import java.util.List;

/**
 * Plaintext storage through the barrier: the same four operations as {@link io.strongroom.storage.Storage}, but
 * values are encrypted and authenticated on the way down and checked on the way up. This is all that mounts and
 * views need; lifecycle methods live in {@link Barrier}.
 *
 * <p>Thread-safe. Every method throws {@link io.strongroom.base.SealedException} while the barrier is sealed, and
 * {@link io.strongroom.base.InvalidRequestException} for an invalid path (same rules as storage keys).
 */
public interface BarrierStorage {

    /**
     * Reads and decrypts a value.
     *
     * @return the plaintext (a fresh array), or {@code null} if the path is absent
     * @throws BarrierDecryptionException if the stored value does not authenticate at this path
     */
    byte[] get(String path);

    /** Encrypts {@code value} under the active key term, bound to {@code path}, and stores it. */
    void put(String path, byte[] value);

    /** Removes a value; absent is fine. */
    void delete(String path);

    /** Lists direct children of a folder, exactly as {@link io.strongroom.storage.Storage#list}. Keys are not secret. */
    List<String> list(String prefix);
}
