package io.strongroom.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Group commit for one audit file: lines of concurrent callers written together by one write.
 *
 * <p>The first caller to find no write under way becomes the leader: it takes every line queued so far (its own
 * included) as one group, hands the group to the {@link Sink} (one {@code write(2)}), and then wakes the callers whose
 * lines were in it. Lines that arrive meanwhile queue in the next group, written by the next leader. So:
 * <ul>
 *   <li>no caller returns before the write holding its line is done (never acknowledged while only buffered here);
 *   <li>when a group's write fails, every caller of that group gets the failure (each refuses its request); the next
 *       group is tried afresh;
 *   <li>within a group, lines keep the order in which callers queued them.
 * </ul>
 * A caller alone pays one write, as without grouping; under load N callers share one.
 */
final class GroupCommit {

    /** Writes one group; returns only once the bytes are written. */
    @FunctionalInterface
    interface Sink {
        void write(ByteArrayOutputStream lines) throws IOException;
    }

    /** Lines written together; {@code done} and {@code failure} are set once, by the group's leader. */
    private static final class Group {
        final ByteArrayOutputStream lines = new ByteArrayOutputStream(2048);
        int count;
        boolean done;
        IOException failure;
    }

    private final Sink sink;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the group taking new lines, and whether a leader is writing one now. */
    private Group open = new Group();
    private boolean writing;

    GroupCommit(Sink sink) {
        this.sink = sink;
    }

    /**
     * Queues {@code line} and returns once the group holding it has been written.
     *
     * @throws IOException when the write of that group failed
     */
    void append(byte[] line) throws IOException {
        Group mine;
        boolean interrupted = false;
        try {
            synchronized (lock) {
                mine = open;
                mine.lines.write(line, 0, line.length);
                mine.count++;
                while (!mine.done && writing) {
                    try {
                        // unbounded as the leader's write(2) is: a hung disk held every caller before grouping too
                        lock.wait();
                    } catch (InterruptedException e) {
                        // the line is queued and will be written: the caller must not go on before it is
                        interrupted = true;
                    }
                }
                if (mine.done) {
                    rethrow(mine);
                    return;
                }
                // no write under way and ours not done: ours is the open group, and this caller leads it
                writing = true;
                open = new Group();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        IOException failure = null;
        try {
            sink.write(mine.lines);
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        synchronized (lock) {
            mine.failure = failure;
            mine.done = true;
            writing = false;
            lock.notifyAll();
        }
        rethrow(mine);
    }

    /** Lines queued and not yet taken by a leader (for tests and diagnostics). */
    int queued() {
        synchronized (lock) {
            return open.count;
        }
    }

    private static void rethrow(Group g) throws IOException {
        if (g.failure != null) {
            // one exception per caller: the same object thrown on several threads would mix their suppressed lists
            throw new IOException(g.failure.getMessage(), g.failure);
        }
    }
}
