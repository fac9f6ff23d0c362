package io.strongroom.core.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.lifecycle.LeaderStatus;
import io.strongroom.core.lifecycle.SealListener;
import io.strongroom.storage.InmemStorage;
import io.strongroom.storage.LeaderLock;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's transitions over a real barrier and an in-memory lock shared by two "nodes" (the PostgreSQL
 * lock itself is tested against a real database in strongroom-postgres).
 */
class HaCoordinatorTest {

    private static final LeaderLock.Timings FAST = new LeaderLock.Timings(Duration.ofMillis(600),
            Duration.ofMillis(100), Duration.ofMillis(50));

    /** One lock row shared by several node-side handles, with a lease on the monotonic clock. */
    static final class Row {
        String identity;
        String value;
        long until;
    }

    static final class MemLock implements LeaderLock {
        private final Row row;
        volatile String mine;
        volatile boolean failing;
        private volatile long heldUntil;

        MemLock(Row row) {
            this.row = row;
        }

        @Override
        public boolean tryAcquire(String value) {
            fail();
            synchronized (row) {
                long now = System.nanoTime();
                if (row.identity != null && now - row.until < 0) {
                    return false;
                }
                row.identity = java.util.UUID.randomUUID().toString();
                row.value = value;
                row.until = now + FAST.lease().toNanos();
                mine = row.identity;
                heldUntil = row.until;
                return true;
            }
        }

        @Override
        public boolean renew() {
            fail();
            synchronized (row) {
                if (mine == null || !mine.equals(row.identity)) {
                    mine = null;
                    return false;
                }
                row.until = System.nanoTime() + FAST.lease().toNanos();
                heldUntil = row.until;
                return true;
            }
        }

        @Override
        public void release() {
            synchronized (row) {
                if (mine != null && mine.equals(row.identity)) {
                    row.identity = null;
                }
                mine = null;
            }
        }

        @Override
        public boolean isHeld() {
            return mine != null && System.nanoTime() - heldUntil < 0;
        }

        /** This node's own view of its lease runs out now (as after a pause longer than the lease). */
        void lapse() {
            heldUntil = System.nanoTime() - 1;
        }

        @Override
        public Optional<String> holderValue() {
            synchronized (row) {
                return row.identity != null && System.nanoTime() - row.until < 0 ? Optional.of(row.value)
                        : Optional.empty();
            }
        }

        @Override
        public void requireLeadershipForWrites() {
        }

        @Override
        public Timings timings() {
            return FAST;
        }

        @Override
        public void close() {
        }

        private void fail() {
            if (failing) {
                throw new io.strongroom.storage.StorageException("database unreachable (test)");
            }
        }
    }

    static final class Duties implements SealListener {
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger unloads = new AtomicInteger();

        @Override
        public void afterUnseal() {
            loads.incrementAndGet();
        }

        @Override
        public void beforeSeal() {
            unloads.incrementAndGet();
        }
    }

    private final Row row = new Row();
    private AesGcmBarrier barrier;
    private MemLock lockA;
    private MemLock lockB;
    private Duties dutiesA;
    private Duties dutiesB;
    private HaCoordinator a;
    private HaCoordinator b;
    private final AtomicReference<String> hooks = new AtomicReference<>("");

    @BeforeEach
    void twoNodes() {
        InmemStorage storage = new InmemStorage();
        barrier = new AesGcmBarrier(storage, new SecureRandom(), Clock.systemUTC());
        byte[] root = new byte[32];
        barrier.initialize(root);
        barrier.unseal(root);
        lockA = new MemLock(row);
        lockB = new MemLock(row);
        dutiesA = new Duties();
        dutiesB = new Duties();
        HaCoordinator.StorageHooks h = new HaCoordinator.StorageHooks() {
            @Override
            public void beforeActive() {
                hooks.updateAndGet(s -> s + "active;");
            }

            @Override
            public void afterStandby() {
                hooks.updateAndGet(s -> s + "standby;");
            }
        };
        a = new HaCoordinator(lockA, barrier, dutiesA, h, new LeaderAdvertisement("http://a:8200", "https://a:8201"),
                Clock.systemUTC(), () -> true);
        b = new HaCoordinator(lockB, barrier, dutiesB, h, new LeaderAdvertisement("http://b:8200", "https://b:8201"),
                Clock.systemUTC(), () -> true);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void firstNode_becomesActive_loadsDuties_andStandbySeesItsAddress() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        b.afterUnseal();
        Thread.sleep(200);
        assertThat(b.isActive()).isFalse();
        assertThat(dutiesA.loads.get()).isEqualTo(1);
        assertThat(dutiesB.loads.get()).isZero();
        assertThat(hooks.get()).startsWith("active;");
        LeaderStatus onB = b.leader();
        assertThat(onB.isSelf()).isFalse();
        assertThat(onB.leaderAddress()).isEqualTo("http://a:8200");
        assertThat(onB.activeTime()).isEqualTo("0001-01-01T00:00:00Z");
        LeaderStatus onA = a.leader();
        assertThat(onA.isSelf()).isTrue();
        assertThat(onA.leaderClusterAddress()).isEqualTo("https://a:8201");
    }

    @Test
    void stepDown_unloadsAndReleases_otherTakesOver_steppedDownStaysOut() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        b.afterUnseal();
        a.stepDown();
        assertThat(a.isActive()).isFalse();
        assertThat(dutiesA.unloads.get()).isEqualTo(1);
        await(b::isActive, "b active");
        Thread.sleep(300);
        assertThat(a.isActive()).isFalse();
        assertThat(a.leader().leaderAddress()).isEqualTo("http://b:8200");
    }

    @Test
    void lockStolen_holderDemotesAtNextRenewal() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        synchronized (row) {
            row.identity = "someone-else";
            row.until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        }
        await(() -> !a.isActive(), "a demoted");
        await(() -> dutiesA.unloads.get() == 1, "a unloaded");
        assertThat(hooks.get()).contains("standby;");
    }

    @Test
    void databaseUnreachable_activeDemotesWhenLeaseRunsOut_neverTwoActive() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        b.afterUnseal();
        lockA.failing = true; // a cannot renew; b can reach the lock
        await(b::isActive, "b active after a's lease ran out");
        assertThat(a.isActive()).isFalse();
        await(() -> dutiesA.unloads.get() == 1, "a unloaded");
    }

    @Test
    void storeNotInitialized_doesNotCompete() throws Exception {
        HaCoordinator c = new HaCoordinator(new MemLock(row), barrier, new Duties(),
                new HaCoordinator.StorageHooks() {
                    @Override
                    public void beforeActive() {
                    }

                    @Override
                    public void afterStandby() {
                    }
                }, new LeaderAdvertisement("http://c", "https://c"), Clock.systemUTC(), () -> false);
        try {
            c.afterUnseal();
            Thread.sleep(300);
            assertThat(c.isActive()).isFalse();
            assertThat(c.leader().leaderAddress()).isEmpty();
        } finally {
            c.close();
        }
    }

    @Test
    void seal_ofActive_unloadsAndReleasesAtOnce() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        a.beforeSeal();
        assertThat(a.isActive()).isFalse();
        assertThat(lockB.tryAcquire("b")).isTrue();
    }

    @Test
    void leaseRanOutWhileActive_countsOneLoss_beforeTheElectionThreadDemotes_andNotAgainAfter() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        assertThat(a.leadershipLosses()).isZero();
        synchronized (row) { // another node took the lock after a's lease ran out while a was paused
            row.identity = "someone-else";
            row.until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        }
        lockA.lapse();
        // counted at once, whether or not the election thread has demoted yet: HTTP threads ask before it notices
        assertThat(a.leadershipLosses()).isEqualTo(1);
        await(() -> dutiesA.unloads.get() == 1, "a demoted");
        assertThat(a.leadershipLosses()).isEqualTo(1);
    }

    @Test
    void stepDownAndSeal_withTheLeaseHeld_areNoLoss() throws Exception {
        a.afterUnseal();
        await(a::isActive, "a active");
        a.stepDown();
        assertThat(a.isActive()).isFalse();
        assertThat(a.leadershipLosses()).isZero();
        b.afterUnseal();
        await(b::isActive, "b active");
        b.beforeSeal();
        assertThat(b.leadershipLosses()).isZero();
    }
}
