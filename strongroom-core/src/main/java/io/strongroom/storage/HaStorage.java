package io.strongroom.storage;

/**
 * A {@link Storage} shared by several servers that offers a leader lock (Vault's {@code physical.HABackend}).
 * Found by {@code instanceof}; {@code ha_enabled} decides whether the lock is used.
 */
public interface HaStorage extends Storage {

    /** The one leader lock of this storage (the same object on every call). */
    LeaderLock leaderLock();

    /** Whether HA is on for this storage ({@code ha_enabled}). */
    boolean haEnabled();
}
