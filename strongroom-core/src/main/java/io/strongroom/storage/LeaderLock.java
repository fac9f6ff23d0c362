package io.strongroom.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * The HA leader lock of a storage shared by several servers (an optional capability, see {@link HaStorage}): at
 * most one holder at a time, decided by the storage itself, with a lease that the holder renews.
 *
 * <p><b>Fencing</b>: while a node holds the lock, the storage it came from accepts that node's writes only as long
 * as the storage can prove, in the same atomic step as the write, that this lock is still held by this node. A
 * node that lost the lock (lease expired, stolen, released) has its writes refused with a
 * {@link StorageException}, whatever its own view of time. Before the first acquisition writes are not fenced (a
 * fresh store must be initializable), see {@link #requireLeadershipForWrites()}.
 *
 * <p>Every method is bounded in time (a few hundred milliseconds, well below the lease); none blocks on the data
 * connections. Thread-safe.
 */
public interface LeaderLock extends AutoCloseable {

    /**
     * Tries once to take the lock with a fresh holder identity, advertising {@code value} (the leader's id).
     * Succeeds only when no one holds an unexpired lease.
     *
     * @return true when this node now holds the lock
     * @throws StorageException when the storage cannot be reached (the caller retries)
     */
    boolean tryAcquire(String value);

    /**
     * Extends the lease of the lock this node holds.
     *
     * @return false when the lock is no longer this node's (stolen after expiry, deleted): leadership is lost and
     *     writes are refused from now on
     * @throws StorageException when the storage cannot be reached; the lease then runs out on its own
     */
    boolean renew();

    /** Gives the lock up (deletes only this node's own lock), best effort; writes are refused from now on. */
    void release();

    /**
     * True while this node holds the lock and its lease, measured from the start of the last successful acquire
     * or renew on this node's monotonic clock, has not run out. The lease measured by the storage's clock ends
     * later, so two nodes never both see true.
     */
    boolean isHeld();

    /**
     * The value advertised by the current, unexpired holder.
     *
     * @throws StorageException when the storage cannot be reached
     */
    Optional<String> holderValue();

    /**
     * From now on writes need the lock (called when this node joins the cluster, after its first unseal). Before,
     * writes are not fenced: initializing a fresh store happens before anyone can be leader.
     */
    void requireLeadershipForWrites();

    /** Lease, renew interval and retry interval. */
    Timings timings();

    /** Closes the lock's connection; does not release the lock (a crash must be survivable too). */
    @Override
    void close();

    /**
     * @param lease how long an acquired or renewed lock stays valid without renewal (storage clock)
     * @param renewInterval how often the holder renews
     * @param retryInterval how often a standby tries to take the lock
     */
    record Timings(Duration lease, Duration renewInterval, Duration retryInterval) {
    }
}
