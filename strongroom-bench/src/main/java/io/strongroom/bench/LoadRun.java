package io.strongroom.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One load phase: {@code clients} threads, each repeating one operation back to back (closed loop: a client sends
 * its next request when the previous answer is in) until a deadline, timing every operation. Throughput is all
 * operations over the time from the common start to the last client's last answer.
 */
final class LoadRun {

    /** One operation of client {@code client}, its {@code seq}-th; returns the HTTP status (200 for storage). */
    @FunctionalInterface
    interface Op {
        int run(int client, long seq) throws Exception;
    }

    /** What one phase measured. Latencies in nanoseconds, unsorted. */
    record Result(String phase, int clients, long ops, long elapsedNanos, long[] latencies, int errors,
            String firstError, long serverCpuNanos, long clientCpuNanos) {
        double throughput() {
            return ops * 1e9 / elapsedNanos;
        }

        /** The same with the CPU time the server and this JVM spent over the phase. */
        Result withCpu(long server, long client) {
            return new Result(phase, clients, ops, elapsedNanos, latencies, errors, firstError, server, client);
        }
    }

    private LoadRun() {}

    /**
     * @param expected the status every answer must have; other answers are counted as errors (and still timed)
     */
    static Result run(String phase, int clients, double seconds, int expected, Op op) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[][] lat = new long[clients][];
        int[] counts = new int[clients];
        int[] errors = new int[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        long[] startAndDeadline = new long[2];
        long[] ends = new long[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[4096];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = startAndDeadline[1];
                for (long seq = 0; ; seq++) {
                    long t0 = System.nanoTime();
                    if (t0 >= deadline) {
                        break;
                    }
                    int status;
                    try {
                        status = op.run(client, seq);
                    } catch (Exception e) {
                        status = -1;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long t1 = System.nanoTime();
                    if (status != expected) {
                        errors[client]++;
                        firstError.compareAndSet(null, "status " + status);
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = t1 - t0;
                    ends[client] = t1;
                }
                lat[client] = Arrays.copyOf(mine, n);
                counts[client] = n;
            }, "load-" + phase + "-" + c);
            threads.add(t);
            t.start();
        }
        ready.await();
        startAndDeadline[0] = System.nanoTime();
        startAndDeadline[1] = startAndDeadline[0] + (long) (seconds * 1e9);
        go.countDown(); // the latch publishes the deadline to the clients
        for (Thread t : threads) {
            t.join();
        }
        long end = startAndDeadline[1];
        long ops = 0;
        int errs = 0;
        int total = 0;
        for (int c = 0; c < clients; c++) {
            end = Math.max(end, ends[c]);
            ops += counts[c];
            errs += errors[c];
            total += lat[c].length;
        }
        long[] all = new long[total];
        int k = 0;
        for (long[] l : lat) {
            System.arraycopy(l, 0, all, k, l.length);
            k += l.length;
        }
        return new Result(phase, clients, ops, end - startAndDeadline[0], all, errs, firstError.get(), 0, 0);
    }
}
