package io.strongroom.storage;

import java.util.List;

/**
 * Physical storage: a flat map from string keys to untrusted bytes. Everything above it (the barrier) encrypts
 * and authenticates values, so a backend never sees plaintext and needs no confidentiality of its own; it must
 * only be durable and must never return a torn (half-written) value.
 *
 * <p><b>Keys</b> are slash-separated paths such as {@code core/keyring} or {@code logical/1234/foo}. A valid key
 * is non-empty, does not start or end with {@code /}, has no empty segment ({@code a//b}), no {@code .} or
 * {@code ..} segment and no NUL character. {@link StorageKeys} is the one place that checks this; an invalid key
 * raises {@link io.strongroom.base.InvalidRequestException} from every method.
 *
 * <p><b>Thread-safety</b>: implementations are safe for concurrent use by any number of threads. A {@code put}
 * is atomic: a concurrent or later {@code get} sees either the whole old value or the whole new value (or
 * {@code null}), never a mixture. With several concurrent writers to one key, the last to complete wins.
 *
 * <p><b>Errors</b>: I/O or backend failures raise the unchecked {@link StorageException} with the cause kept.
 * Implementations never put values into exception messages.
 *
 * <p>Optional capabilities (transactions, an HA lock) are separate interfaces discovered with
 * {@code instanceof}, so that this one stays small.
 */
public interface Storage {

    /**
     * Reads a value.
     *
     * @param key a valid key
     * @return a fresh copy of the stored bytes (the caller may modify it), or {@code null} if the key is absent
     * @throws io.strongroom.base.InvalidRequestException if the key is invalid
     * @throws StorageException if the backend fails
     */
    byte[] get(String key);

    /**
     * Creates or replaces a value, durably: when this returns, the value survives a crash of the process (and,
     * for disk backends, of the machine).
     *
     * @param key a valid key
     * @param value the bytes to store, possibly empty, never null; copied, not retained
     * @throws io.strongroom.base.InvalidRequestException if the key is invalid or value is null
     * @throws StorageException if the backend fails; the old value, if any, is then still intact
     */
    void put(String key, byte[] value);

    /**
     * Removes a value. Deleting an absent key is not an error.
     *
     * @param key a valid key
     * @throws io.strongroom.base.InvalidRequestException if the key is invalid
     * @throws StorageException if the backend fails
     */
    void delete(String key);

    /**
     * Lists the direct children of a folder, in the semantics of Vault's {@code physical.Backend.List}: for keys
     * {@code a/b}, {@code a/c/d} and {@code a/c/e}, {@code list("a/")} returns {@code ["b", "c/"]}. Child folders
     * carry a trailing slash and appear once. The result is sorted by {@link String#compareTo} and names are
     * relative to the prefix.
     *
     * @param prefix {@code ""} for the root, or a folder path; a missing trailing slash is added, so
     *     {@code "a"} and {@code "a/"} are the same folder
     * @return an immutable sorted list, empty if nothing is stored under the prefix
     * @throws io.strongroom.base.InvalidRequestException if the prefix is invalid
     * @throws StorageException if the backend fails
     */
    List<String> list(String prefix);

    /** The backend type as Vault names it in {@code storage "TYPE"}: {@code "file"}, {@code "inmem"} ... */
    String type();
}
