package io.strongroom.base;

/**
 * A stored entry that the core needs is damaged, altered or missing in a way no retry can fix: a keyring that the
 * right root key cannot open, a seal blob that fails authentication, a seal configuration missing under an
 * initialized barrier. Retry loops stop on this type (trying again costs a KMS call and changes nothing); the
 * message names the storage entry and what the operator can do (restore it from a backup).
 */
public class StorageCorruptedException extends StrongroomException {

    private final String entry;

    public StorageCorruptedException(String entry, String message, Throwable cause) {
        super("storage entry " + entry + ": " + message, cause);
        this.entry = entry;
    }

    /** The storage path of the damaged entry. */
    public String entry() {
        return entry;
    }
}
