package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.storage.InmemStorage;
import io.strongroom.storage.Storage;
import io.strongroom.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Seal HA's multi-write operation, the rewrap that brings every entry to a new seal set (a seal added, a seal back
 * from an outage, a seal removed), killed at every storage write: the next run (after the restart) finishes it and
 * every entry opens at every step.
 */
class SealHaCrashPointTest {

    static final String EAST = SealHaStorageTest.EAST;
    static final String WEST = SealHaStorageTest.WEST;
    static final String ROOT_BLOB = SealWrapStorageTest.ROOT_BLOB;
    static final int ENTRIES = 4;

    /** Dies at its Nth write and refuses every write after it (a dead process writes nothing more). */
    static final class Dying implements Storage {
        final Storage inner;
        final int crashAt;
        final AtomicInteger writes = new AtomicInteger();

        Dying(Storage inner, int crashAt) {
            this.inner = inner;
            this.crashAt = crashAt;
        }

        private void gate() {
            if (writes.incrementAndGet() >= crashAt && crashAt > 0) {
                throw new StorageException("crash at write " + crashAt);
            }
        }

        @Override
        public byte[] get(String key) {
            return inner.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            gate();
            inner.put(key, value);
        }

        @Override
        public void delete(String key) {
            gate();
            inner.delete(key);
        }

        @Override
        public List<String> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public String type() {
            return "dying";
        }
    }

    private final TestKms east = new TestKms(EAST);
    private final TestKms west = new TestKms(WEST);

    private SealSet one() {
        return new SealSet(1, List.of(new SealSet.Member("east", 1, east)), List.of(), Clock.systemUTC());
    }

    private SealSet pair() {
        return new SealSet(2, List.of(new SealSet.Member("east", 1, east), new SealSet.Member("west", 2, west)),
                List.of(), Clock.systemUTC());
    }

    private static SealWrapStorage layer(Storage s, SealSet seals) {
        SealWrapStorage l = new SealWrapStorage(s, seals, SealWrapStorageTest.settings(true));
        l.addPrefix("logical/sw/");
        return l;
    }

    private InmemStorage storeUnder(SealSet seals) {
        InmemStorage disk = new InmemStorage();
        SealWrapStorage l = layer(disk, seals);
        for (int i = 0; i < ENTRIES; i++) {
            l.put("logical/sw/" + i, SealWrapStorageTest.barrierValue("v" + i));
        }
        disk.put(ROOT_BLOB, seals.wrap("root".getBytes()).toByteArray());
        return disk;
    }

    private static int rewrap(Storage s, SealSet seals) throws Exception {
        SealWrapStorage l = layer(s, seals);
        Rewrapper r = new Rewrapper(l, s, new Rewrapper.Settings(0, 1, Duration.ofMillis(1)));
        r.afterUnseal();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        return r.status().processed();
    }

    private void assertEveryEntryOpens(Storage disk, SealSet seals) {
        SealWrapStorage l = layer(disk, seals);
        for (int i = 0; i < ENTRIES; i++) {
            assertThat(l.get("logical/sw/" + i)).isEqualTo(SealWrapStorageTest.barrierValue("v" + i));
        }
        assertThat(seals.unwrap(MultiWrapValue.parseFrom(disk.get(ROOT_BLOB)))).isEqualTo("root".getBytes());
    }

    private void everyCrashPoint(SealSet before, SealSet after) throws Exception {
        InmemStorage probe = storeUnder(before);
        Dying counting = new Dying(probe, 0);
        rewrap(counting, after);
        int writes = counting.writes.get();
        assertThat(writes).as("the rewrap writes").isGreaterThan(ENTRIES);
        for (int n = 1; n <= writes; n++) {
            InmemStorage disk = storeUnder(before);
            rewrap(new Dying(disk, n), after); // killed at write n
            assertEveryEntryOpens(disk, after);
            rewrap(disk, after); // the restart's run
            SealWrapStorage l = layer(disk, after);
            assertThat(l.fullyWrapped()).as("fully wrapped after a crash at write " + n).isTrue();
            assertEveryEntryOpens(disk, after);
        }
    }

    @Test
    void addingASeal_crashAtEveryWrite_nextRunFinishes_everyEntryOpens() throws Exception {
        everyCrashPoint(one(), pair());
    }

    @Test
    void removingASeal_crashAtEveryWrite_nextRunFinishes_everyEntryOpens() throws Exception {
        everyCrashPoint(pair(), one());
    }
}
