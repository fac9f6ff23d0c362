package io.strongroom.server.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Writes {@code secret/w-<i>} then {@code secret/counter = i} for i = 1, 2, ... through the node that
 * {@code target} names, and records every write the server acknowledged (2xx). A failed or timed-out write is not
 * acknowledged and is not retried: it may or may not have landed, which the checks allow for.
 */
final class AckWriter implements AutoCloseable {

    private final HaCluster cluster;
    private final IntSupplier target;
    private final Thread thread;
    private volatile boolean running = true;
    final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger lastAckedCounter = new AtomicInteger();
    final AtomicLong failures = new AtomicLong();

    AckWriter(HaCluster cluster, IntSupplier target) {
        this.cluster = cluster;
        this.target = target;
        this.thread = new Thread(this::run, "ack-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int i = 0;
        while (running) {
            i++;
            URI node = cluster.address(target.getAsInt());
            try {
                HaCluster.Reply a = cluster.send(node, "PUT", "/v1/secret/w-" + i, "{\"v\":\"" + i + "\"}", Map.of(),
                        Duration.ofSeconds(2));
                HaCluster.Reply b = a.status() / 100 == 2 ? cluster.send(node, "PUT", "/v1/secret/counter",
                        "{\"v\":\"" + i + "\"}", Map.of(), Duration.ofSeconds(2)) : a;
                if (a.status() / 100 == 2) {
                    acknowledged.add(i);
                } else {
                    failures.incrementAndGet();
                }
                if (b != a && b.status() / 100 == 2) {
                    lastAckedCounter.set(i);
                }
            } catch (Exception e) {
                failures.incrementAndGet();
                sleep(20);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops writing and waits for the write in flight (bounded). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
