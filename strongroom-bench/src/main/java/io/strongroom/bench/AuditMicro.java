package io.strongroom.bench;

import io.strongroom.audit.AuditBroker;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The audit path alone, in one JVM: a request entry and a response entry of a typical KV v2 read per request, to a
 * {@code discard} device (formatting only) or a file device, on one or more threads; prints microseconds per request
 * for 3 rounds of 200,000 (the first is warm-up). Args: {@code discard|file THREADS [FILE]}; the file (default
 * {@code /tmp/strongroom-audit-micro.log}) is deleted at the end. See "Audit devices and TLS" in
 * {@code docs/benchmarks.md} for what it showed and why it is not the whole story.
 */
public final class AuditMicro {

    private static final int REQUESTS = 200_000;

    /** The broker's own storage (its table and salt), in memory. */
    private static final class Memory implements BarrierStorage {
        private final Map<String, byte[]> map = new ConcurrentHashMap<>();

        @Override
        public byte[] get(String path) {
            return map.get(path);
        }

        @Override
        public void put(String path, byte[] value) {
            map.put(path, value);
        }

        @Override
        public void delete(String path) {
            map.remove(path);
        }

        @Override
        public List<String> list(String prefix) {
            return new ArrayList<>();
        }
    }

    private AuditMicro() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int threads = Integer.parseInt(args[1]);
        Path file = Path.of(args.length > 2 ? args[2] : "/tmp/strongroom-audit-micro.log");
        AuditBroker broker = new AuditBroker(new Memory());
        broker.enable("f", "file", "", Map.of("file_path", kind.equals("discard") ? "discard" : file.toString()),
                false);
        Caller caller = new Caller("hvs.CAESIabcdefghijklmnopqrstuvwxyz0123", "acc123456789",
                List.of("bench", "default"), false, Map.of(), Instant.now(), 7200);
        Request request = new Request("c0ffee-1234", Operation.READ, "secret/data/bench/r/3", "secret/", Map.of(),
                caller, false, "127.0.0.1");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_time", "2026-11-30T15:00:00.123456789Z");
        metadata.put("custom_metadata", null);
        metadata.put("deletion_time", "");
        metadata.put("destroyed", false);
        metadata.put("version", 3);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("data", Map.of("username", "bench-user", "password", "correct-horse-battery-staple"));
        data.put("metadata", metadata);
        Response response = Response.of(data);
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS / threads; i++) {
                        broker.request(request, caller.token(), "kv", null);
                        broker.response(request, caller.token(), "kv", response, null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long elapsed = System.nanoTime() - t0;
            System.out.printf("%s threads=%d: %.1f us per request (2 entries)%n", kind, threads,
                    elapsed / 1000.0 / REQUESTS);
        }
        Files.deleteIfExists(file);
    }
}
