package io.strongroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read cache passes the storage contract over a real file storage, and never serves a stale value. */
class CachingStorageTest extends StorageContract {

    @TempDir
    Path dir;
    private int n;

    @Override
    protected Storage newStorage() {
        return new CachingStorage(new FileStorage(dir.resolve("s" + n++)), 16);
    }

    /** Counts the reads that reach the real storage; refuses empty values (a "full disk" on demand). */
    private static final class Counting implements Storage {
        final InmemStorage inner = new InmemStorage();
        final AtomicInteger gets = new AtomicInteger();

        @Override
        public byte[] get(String key) {
            gets.incrementAndGet();
            return inner.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            if (value.length == 0) {
                throw new StorageException("disk full", null);
            }
            inner.put(key, value);
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }

        @Override
        public List<String> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public String type() {
            return "counting";
        }
    }

    @Test
    void repeatedReads_hitTheCache_absentKeysToo() {
        Counting backing = new Counting();
        CachingStorage s = new CachingStorage(backing, 100);
        s.put("a/b", "v".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            assertThat(s.get("a/b")).asString(StandardCharsets.UTF_8).isEqualTo("v");
            assertThat(s.get("missing")).isNull();
        }
        assertThat(backing.gets.get()).as("one read of the absent key, none of the written one").isEqualTo(1);
    }

    /** HA: a standby keeps the cache off (another node writes); turning it on starts empty. */
    @Test
    void disabled_everyReadGoesToTheStorage_andAnotherWritersValueIsSeen() {
        Counting backing = new Counting();
        CachingStorage s = new CachingStorage(backing, 100);
        s.put("k", "old".getBytes(StandardCharsets.UTF_8));
        s.get("k");
        s.setEnabled(false);
        backing.inner.put("k", "new".getBytes(StandardCharsets.UTF_8)); // another node's write
        int before = backing.gets.get();
        assertThat(s.get("k")).asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThat(s.get("k")).asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThat(backing.gets.get() - before).isEqualTo(2);
        s.setEnabled(true);
        assertThat(s.get("k")).asString(StandardCharsets.UTF_8).isEqualTo("new");
    }

    @Test
    void returnedArrays_areCopies_changingThemChangesNothing() {
        CachingStorage s = new CachingStorage(new InmemStorage(), 100);
        s.put("k", new byte[] {1, 2});
        s.get("k")[0] = 9;
        assertThat(s.get("k")).containsExactly(1, 2);
    }

    @Test
    void failedWrite_forgetsTheKey_soTheNextReadAsksTheStorage() {
        Counting backing = new Counting();
        CachingStorage s = new CachingStorage(backing, 100);
        s.put("k", new byte[] {1});
        assertThatThrownBy(() -> s.put("k", new byte[0])).isInstanceOf(StorageException.class);
        assertThat(s.isCached("k")).isFalse();
        assertThat(s.get("k")).containsExactly(1);
    }

    @Test
    void lru_evictsTheOldest_beyondItsSize() {
        CachingStorage s = new CachingStorage(new InmemStorage(), 2);
        s.put("a", new byte[] {1});
        s.put("b", new byte[] {2});
        s.get("a");
        s.put("c", new byte[] {3});
        assertThat(s.isCached("b")).isFalse();
        assertThat(s.isCached("a")).isTrue();
        assertThat(s.get("b")).containsExactly(2);
    }

    @Test
    void concurrentWritersAndReaders_readersNeverSeeAnOlderValueThanTheLastCompletedWrite() throws Exception {
        CachingStorage s = new CachingStorage(new InmemStorage(), 4);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String key = "k" + w;
                tasks.add(pool.submit(() -> {
                    for (int v = 1; v <= 2000; v++) {
                        s.put(key, Integer.toString(v).getBytes(StandardCharsets.UTF_8));
                        // the write completed: from now on no read may return an older value
                        int read = Integer.parseInt(new String(s.get(key), StandardCharsets.UTF_8));
                        assertThat(read).isGreaterThanOrEqualTo(v);
                    }
                    return null;
                }));
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        s.get(key);
                        s.get("other" + (i % 8)); // evictions under the writers' feet
                    }
                    return null;
                }));
            }
            for (Future<?> t : tasks) {
                t.get(60, TimeUnit.SECONDS);
            }
            for (int w = 0; w < 4; w++) {
                assertThat(s.get("k" + w)).asString(StandardCharsets.UTF_8).isEqualTo("2000");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
