package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: ordering, sharing a write, failure of a whole group. The sink here is controlled (a latch holds the
 * first write) because the order of concurrent callers cannot be forced on a real file; the last test uses a real
 * file.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A sink whose first write waits for {@code release}; each group's text recorded; failures by group index. */
    private static final class HeldSink implements GroupCommit.Sink {
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> groups = new CopyOnWriteArrayList<>();
        final Set<Integer> failing;

        HeldSink(Set<Integer> failing) {
            this.failing = failing;
        }

        @Override
        public void write(java.io.ByteArrayOutputStream lines) throws IOException {
            int index = groups.size();
            groups.add(lines.toString(StandardCharsets.UTF_8));
            if (index == 0) {
                firstStarted.countDown();
                try {
                    if (!release.await(10, TimeUnit.SECONDS)) {
                        throw new IOException("test: never released");
                    }
                } catch (InterruptedException e) {
                    throw new IOException("interrupted", e);
                }
            }
            if (failing.contains(index)) {
                throw new IOException("No space left on device");
            }
        }
    }

    private Future<?> append(GroupCommit g, String text) {
        return pool.submit(() -> {
            g.append(line(text));
            return null;
        });
    }

    private static void awaitQueued(GroupCommit g, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (g.queued() < n) {
            assertThat(System.nanoTime()).as("%d lines queued in time", n).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    @Test
    void append_callersQueuedBehindAWrite_shareOneWriteAndReturnOnlyAfterIt() throws Exception {
        HeldSink sink = new HeldSink(Set.of());
        GroupCommit g = new GroupCommit(sink);
        Future<?> a = append(g, "a");
        assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> b = append(g, "b");
        awaitQueued(g, 1);
        Future<?> c = append(g, "c");
        awaitQueued(g, 2);

        assertThat(a.isDone() || b.isDone() || c.isDone()).as("nobody returns before its write").isFalse();
        sink.release.countDown();
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        c.get(10, TimeUnit.SECONDS);

        assertThat(sink.groups).containsExactly("a\n", "b\nc\n"); // two writes for three lines, queue order kept
    }

    @Test
    void append_groupWriteFails_everyCallerOfThatGroupFailsAndTheNextGroupIsWritten() throws Exception {
        HeldSink sink = new HeldSink(Set.of(1));
        GroupCommit g = new GroupCommit(sink);
        Future<?> a = append(g, "a");
        assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> b = append(g, "b");
        awaitQueued(g, 1);
        Future<?> c = append(g, "c");
        awaitQueued(g, 2);
        sink.release.countDown();

        a.get(10, TimeUnit.SECONDS);
        for (Future<?> f : List.of(b, c)) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IOException.class).hasMessage("No space left on device");
        }
        g.append(line("d")); // group 2 is written afresh
        assertThat(sink.groups).containsExactly("a\n", "b\nc\n", "d\n");
    }

    @Test
    void append_sinkThrowsRuntimeException_callerGetsIOException() {
        GroupCommit g = new GroupCommit(lines -> {
            throw new IllegalStateException("closed");
        });
        assertThatThrownBy(() -> g.append(line("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void fileDevice_concurrentWriters_everyLineWholeOnceAndInTheFileWhenItsWriteReturns() throws Exception {
        Path file = dir.resolve("audit.log");
        FileDevice device = FileDevice.open(Map.of("file_path", file.toString()));
        int threads = 6;
        int each = 40;
        AtomicInteger missing = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    String text = "{\"thread\":" + thread + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}";
                    try {
                        device.write(line(text));
                        if (!Files.readString(file).contains(text + "\n")) {
                            missing.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        device.close();

        assertThat(missing.get()).as("lines not yet in the file when their write returned").isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * each);
        assertThat(new HashSet<>(lines)).hasSize(threads * each);
        assertThat(lines).allMatch(l -> l.startsWith("{\"thread\":") && l.endsWith("\"}"));
    }
}
