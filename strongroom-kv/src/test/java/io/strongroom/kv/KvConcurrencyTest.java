package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static io.strongroom.kv.KvFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.logical.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KvConcurrencyTest {

    private static final int THREADS = 8;
    private static final int WRITES = 25;

    @Test
    void concurrentWritesToOneKey_everyVersionExistsExactlyOnce() throws Exception {
        KvFixture kv = new KvFixture(2);
        kv.write("metadata/app", m("max_versions", THREADS * WRITES));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> versions = new ArrayList<>();
                    for (int i = 0; i < WRITES; i++) {
                        Object v = kv.put("app", m("writer", thread + ":" + i)).data().get("version");
                        versions.add((Long) v);
                    }
                    return versions;
                }));
            }
            start.countDown();
            Set<Long> answered = new HashSet<>();
            for (Future<List<Long>> f : results) {
                answered.addAll(f.get(60, TimeUnit.SECONDS));
            }
            int total = THREADS * WRITES;
            assertThat(answered).hasSize(total);
            assertThat(kv.read("metadata/app").data()).containsEntry("current_version", (long) total);

            Set<Object> payloads = new HashSet<>();
            for (long v = 1; v <= total; v++) {
                Map<String, Object> data = map(kv.call(Operation.READ, "data/app", Map.of("version", "" + v))
                        .data().get("data"));
                payloads.add(data.get("writer"));
            }
            assertThat(payloads).hasSize(total);
        } finally {
            pool.shutdownNow();
        }
    }
}
