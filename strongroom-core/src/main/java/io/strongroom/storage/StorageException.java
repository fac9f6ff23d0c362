package io.strongroom.storage;

import io.strongroom.base.StrongroomException;

/** The storage backend failed (I/O error, connection lost, disk full). The cause is kept; values never appear in the message. */
public class StorageException extends StrongroomException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
