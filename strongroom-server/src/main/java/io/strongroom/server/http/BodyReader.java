package io.strongroom.server.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads one request body into memory without holding a thread while its bytes are in transit, within the
 * per-request limit ({@code max_request_size} of the listener) and the server-wide {@link BodyBudget}.
 *
 * <p>Why asynchronous: a blocking read parks a pool thread per slow client; a few dozen clients trickling large
 * bodies then took every thread and {@code sys/health} waited seconds for one (issue #6). Here the read loop
 * runs only when Jetty has bytes ({@link Request#demand}); in between no thread is held.
 *
 * <p>Accounting: with a {@code Content-Length} the whole length is reserved before the first byte is read, so a
 * body that was admitted can always be finished, and a flood of large bodies is refused (503) before it costs
 * memory. Without a length (chunked) the buffer grows by doubling and each growth is reserved first. The
 * reservation is released, and the bytes (which may be key shares) zeroed, by {@link ReceivedBody#close()}, or
 * here when reading fails.
 *
 * <p>Exactly one of the two consumers is called, once, on a Jetty thread that may block (the route runs there).
 * Failures: {@link RequestTooLargeException} (413), {@link ServerBusyException} (503),
 * {@link BodyNotReceivedException} (client aborted, timed out or broke the framing).
 */
final class BodyReader implements Runnable {

    private static final int FIRST_CHUNKED_CAPACITY = 8 * 1024;

    private final Request request;
    private final long maxBytes;
    private final BodyBudget budget;
    private final Consumer<ReceivedBody> onBody;
    private final Consumer<Throwable> onFailure;
    private byte[] buffer = new byte[0];
    private long reserved;
    private int size;
    private boolean declared;
    private boolean done;

    BodyReader(Request request, long maxBytes, BodyBudget budget, Consumer<ReceivedBody> onBody,
            Consumer<Throwable> onFailure) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.onBody = onBody;
        this.onFailure = onFailure;
    }

    /** Checks the declared length, reserves it and starts reading; returns at once if bytes are still to come. */
    synchronized void start() {
        long length = request.getLength();
        if (length > maxBytes) {
            fail(new RequestTooLargeException());
            return;
        }
        if (length >= 0) {
            declared = true;
            if (!budget.tryReserve(length)) {
                fail(new ServerBusyException());
                return;
            }
            reserved = length;
            buffer = new byte[(int) length];
        }
        run();
    }

    /**
     * Gives up on a body still in transit (the exchange was answered by a deadline): releases its reservation now.
     * Does nothing once the body was read or the read failed.
     */
    synchronized void abort() {
        fail(new BodyNotReceivedException(new java.util.concurrent.TimeoutException("body read abandoned")));
    }

    /**
     * The read loop; Jetty calls it again (as a demand callback) when more bytes arrive. Synchronized with
     * {@link #abort()}, which a deadline calls from a timer thread.
     */
    @Override
    public synchronized void run() {
        try {
            while (!done) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                try {
                    if (Content.Chunk.isFailure(chunk)) {
                        fail(new BodyNotReceivedException(chunk.getFailure()));
                        return;
                    }
                    if (!append(chunk.getByteBuffer())) {
                        return;
                    }
                    if (chunk.isLast()) {
                        succeed();
                        return;
                    }
                } finally {
                    chunk.release();
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Copies the chunk in; false (after failing) when it breaks a limit. */
    private boolean append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n == 0) {
            return true;
        }
        long newSize = (long) size + n;
        if (newSize > maxBytes) {
            fail(new RequestTooLargeException());
            return false;
        }
        if (newSize > buffer.length) {
            if (declared) {
                // Jetty ends the content at Content-Length; more would be a framing error on the client's side
                fail(new BodyNotReceivedException(new IllegalStateException("body longer than Content-Length")));
                return false;
            }
            long capacity = Math.min(maxBytes,
                    Math.max(newSize, Math.max(FIRST_CHUNKED_CAPACITY, 2L * buffer.length)));
            if (!resize(capacity)) {
                return false;
            }
        }
        bytes.get(buffer, size, n);
        size = (int) newSize;
        return true;
    }

    /** Moves the content to an array of {@code capacity} bytes, reserving it first; false (after failing) if it does not fit. */
    private boolean resize(long capacity) {
        if (!budget.tryReserve(capacity)) {
            fail(new ServerBusyException());
            return false;
        }
        byte[] old = buffer;
        buffer = Arrays.copyOf(old, (int) capacity);
        Arrays.fill(old, (byte) 0);
        budget.release(reserved);
        reserved = capacity;
        return true;
    }

    private void succeed() {
        if (size < buffer.length && !resize(size)) {
            return;
        }
        done = true;
        ReceivedBody body = new ReceivedBody(buffer, reserved, budget);
        buffer = null;
        reserved = 0;
        onBody.accept(body);
    }

    private void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        if (buffer != null) {
            Arrays.fill(buffer, (byte) 0);
            buffer = null;
        }
        budget.release(reserved);
        reserved = 0;
        onFailure.accept(failure);
    }

    /**
     * A body read in full, holding its reservation in the budget until {@link #close()}. Not thread-safe; owned
     * by the one request that read it.
     */
    static final class ReceivedBody implements AutoCloseable {

        static final ReceivedBody EMPTY = new ReceivedBody(new byte[0], 0, null);

        private final byte[] bytes;
        private long reserved;
        private final BodyBudget budget;

        ReceivedBody(byte[] bytes, long reserved, BodyBudget budget) {
            this.bytes = bytes;
            this.reserved = reserved;
            this.budget = budget;
        }

        /** The body; zeroed once this is closed. */
        byte[] bytes() {
            return bytes;
        }

        /** Zeroes the bytes (they may hold a key share) and gives their reservation back. Idempotent. */
        @Override
        public void close() {
            if (reserved > 0) {
                Arrays.fill(bytes, (byte) 0);
                budget.release(reserved);
                reserved = 0;
            } else if (bytes.length > 0) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
