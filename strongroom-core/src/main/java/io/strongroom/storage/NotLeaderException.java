package io.strongroom.storage;


/**
 * A write refused because this node cannot prove it holds the HA lock: it never held it, its lease ran out, or
 * another node took it (the database checked, in the write's own statement). Nothing was written.
 */
public final class NotLeaderException extends StorageException {

    public NotLeaderException() {
        super("write refused: this node is not the active node (it does not hold the HA lock)");
    }
}
