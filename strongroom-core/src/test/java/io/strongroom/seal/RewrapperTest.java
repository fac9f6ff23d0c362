package io.strongroom.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.storage.InmemStorage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewrapperTest {

    static final String OLD = SealWrapStorageTest.OLD;
    static final String NEW = SealWrapStorageTest.NEW;

    final InmemStorage disk = new InmemStorage();
    final TestKms kms = new TestKms(OLD);
    final SealWrapStorage store = new SealWrapStorage(disk, kms, SealWrapStorageTest.settings(true));

    RewrapperTest() {
        store.addPrefix("logical/sw/");
    }

    private void write(int n) {
        for (int i = 0; i < n; i++) {
            store.put("logical/sw/" + i, SealWrapStorageTest.barrierValue("v" + i));
        }
    }

    @Test
    void start_afterKeyMove_rewrapsEverythingAndCountsIt() throws Exception {
        write(10);
        kms.moveTo(NEW);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(0, 3, Duration.ofMillis(1)));
        assertThat(r.start()).isTrue();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        Rewrapper.Status s = r.status();
        assertThat(s.processed()).isEqualTo(10);
        assertThat(s.succeeded()).isEqualTo(10);
        assertThat(s.failed()).isZero();
        assertThat(s.running()).isFalse();
        assertThat(s.fullyWrapped()).isTrue();
        assertThat(store.keyUsage(false).entriesByKey()).isEqualTo(Map.of(NEW, 10));
        assertThat(new String(disk.get(Rewrapper.STATE_PATH))).contains("\"complete\":true").contains(NEW);
    }

    @Test
    void start_throttledKms_retriesAndSucceeds() throws Exception {
        write(3);
        kms.moveTo(NEW);
        kms.throttle(4);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(0, 8, Duration.ofMillis(1)));
        r.start();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(r.status().failed()).isZero();
        assertThat(store.keyUsage(false).entriesByKey()).isEqualTo(Map.of(NEW, 3));
    }

    @Test
    void start_kmsKeepsRefusing_countsFailures_andLeavesStateUnfinished() throws Exception {
        write(2);
        kms.moveTo(NEW);
        kms.deny(NEW);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(0, 2, Duration.ofMillis(1)));
        r.start();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(r.status().failed()).isEqualTo(2);
        assertThat(r.status().fullyWrapped()).isFalse();
        assertThat(new String(disk.get(Rewrapper.STATE_PATH))).contains("\"complete\":false");
    }

    @Test
    void start_rateLimited_takesAtLeastTheSpacing() throws Exception {
        write(5);
        kms.moveTo(NEW);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(20, 3, Duration.ofMillis(1)));
        long t0 = System.nanoTime();
        r.start();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        // 5 entries at 20 per second: 4 gaps of 50 ms at least
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(190);
    }

    @Test
    void afterUnseal_completeUnderCurrentKey_startsNothing_butAMovedKeyStartsARun() throws Exception {
        write(2);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(0, 3, Duration.ofMillis(1)));
        r.afterUnseal(); // no state yet (a store from before): one run
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        int calls = kms.calls();
        r.afterUnseal();
        assertThat(r.isRunning()).isFalse();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(kms.calls()).isEqualTo(calls);
        kms.moveTo(NEW);
        r.afterUnseal();
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
        assertThat(store.keyUsage(false).entriesByKey()).isEqualTo(Map.of(NEW, 2));
    }

    @Test
    void put_underANewKeyAtRunTime_startsARewrapOfTheRest() throws Exception {
        write(3);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(0, 3, Duration.ofMillis(1)));
        store.noteCurrentKey();
        kms.moveTo(NEW);
        store.put("logical/sw/new", SealWrapStorageTest.barrierValue("n")); // KMS answers with the new key
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!store.keyUsage(false).entriesByKey().equals(Map.of(NEW, 4)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.keyUsage(false).entriesByKey()).isEqualTo(Map.of(NEW, 4));
        assertThat(r.await(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void stop_midRun_pausesAndLeavesStateUnfinished() throws Exception {
        write(50);
        kms.moveTo(NEW);
        Rewrapper r = new Rewrapper(store, disk, new Rewrapper.Settings(50, 3, Duration.ofMillis(1)));
        r.start();
        Thread.sleep(100);
        r.beforeSeal();
        assertThat(r.isRunning()).isFalse();
        assertThat(new String(disk.get(Rewrapper.STATE_PATH))).contains("\"complete\":false");
        assertThat(store.keyUsage(true).entriesByKey().get(OLD)).isPositive();
    }
}
