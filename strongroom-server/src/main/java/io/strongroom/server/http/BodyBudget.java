package io.strongroom.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counting semaphore of bytes: the memory that request bodies being received may hold, summed over all
 * requests of one {@link ApiServer}.
 *
 * <p>A reader reserves bytes before it allocates them and releases them when the request is answered. A
 * reservation that does not fit fails at once; it never waits, because waiting would hold a thread, and threads
 * are what {@code sys/health} needs under load. The caller then answers 503 (see {@link ServerBusyException}).
 *
 * <p>Thread-safe, lock-free. {@link #peak()} is the high-water mark, for tests and diagnostics.
 */
final class BodyBudget {

    private final long capacity;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    BodyBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Reserves {@code bytes} if they fit under the capacity together with every reservation held now.
     *
     * @return true when reserved (the caller must {@link #release} them later), false when they do not fit
     */
    boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative reservation: " + bytes);
        }
        while (true) {
            long current = inUse.get();
            long next = current + bytes;
            if (next > capacity) {
                return false;
            }
            if (inUse.compareAndSet(current, next)) {
                peak.accumulateAndGet(next, Math::max);
                return true;
            }
        }
    }

    /** Gives back {@code bytes} reserved earlier. */
    void release(long bytes) {
        long after = inUse.addAndGet(-bytes);
        if (after < 0) {
            throw new IllegalStateException("released more than was reserved");
        }
    }

    long capacity() {
        return capacity;
    }

    /** Bytes reserved now. */
    long inUse() {
        return inUse.get();
    }

    /** The most bytes ever reserved at once. */
    long peak() {
        return peak.get();
    }
}
