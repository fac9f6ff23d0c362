package io.strongroom.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.storage.LeaderLock;
import io.strongroom.storage.NotLeaderException;
import io.strongroom.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HA lock and write fencing on a real PostgreSQL: two storages on one database play two nodes. */
class PostgresLeaderLockTest {

    private static final LeaderLock.Timings FAST = new LeaderLock.Timings(Duration.ofMillis(1500),
            Duration.ofMillis(300), Duration.ofMillis(100));
    private String url;
    private PostgresStorage a;
    private PostgresStorage b;

    @BeforeEach
    void twoNodes() {
        url = SharedPostgres.freshDatabase("lock");
        a = PostgresStorage.open(SharedPostgres.settings(url, true).withTimings(FAST));
        b = PostgresStorage.open(SharedPostgres.settings(url, true).withTimings(FAST));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acquire_whileOtherHolds_fails_andHolderValueIsTheHolders() {
        assertThat(a.leaderLock().tryAcquire("leader-a")).isTrue();
        assertThat(b.leaderLock().tryAcquire("leader-b")).isFalse();
        assertThat(b.leaderLock().holderValue()).contains("leader-a");
        assertThat(a.leaderLock().isHeld()).isTrue();
        assertThat(b.leaderLock().isHeld()).isFalse();
    }

    @Test
    void release_thenOtherAcquires_atOnce() {
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        a.leaderLock().release();
        assertThat(a.leaderLock().isHeld()).isFalse();
        assertThat(b.leaderLock().tryAcquire("b")).isTrue();
        assertThat(a.leaderLock().renew()).isFalse();
    }

    @Test
    void expiredLease_isStolen_andOldHoldersRenewFails() throws Exception {
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        SharedPostgres.exec(url, "UPDATE vault_ha_locks SET valid_until = now() - interval '1 second'");
        assertThat(b.leaderLock().tryAcquire("b")).isTrue();
        assertThat(a.leaderLock().renew()).isFalse();
        assertThat(b.leaderLock().holderValue()).contains("b");
    }

    // openbao#2097: renewal must not re-create a lock row that is gone
    @Test
    void renew_afterTruncate_failsAndDoesNotRecreate() throws Exception {
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        SharedPostgres.exec(url, "TRUNCATE vault_ha_locks");
        assertThat(a.leaderLock().renew()).isFalse();
        assertThat(b.leaderLock().holderValue()).isEmpty();
    }

    @Test
    void fencedWrite_byHolder_succeeds() {
        a.leaderLock().requireLeadershipForWrites();
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        a.put("x/y", utf8("1"));
        a.delete("x/y");
        assertThat(a.get("x/y")).isNull();
    }

    @Test
    void fencedWrite_withoutLock_isRefusedAndWritesNothing() {
        b.leaderLock().requireLeadershipForWrites();
        assertThatThrownBy(() -> b.put("x/y", utf8("1"))).isInstanceOf(NotLeaderException.class);
        assertThat(a.get("x/y")).isNull();
    }

    /** The deposed holder still believes it leads (its local lease has not run out) but the database refuses it. */
    @Test
    void fencedWrite_afterSteal_isRefusedByTheDatabase() throws Exception {
        a.leaderLock().requireLeadershipForWrites();
        b.leaderLock().requireLeadershipForWrites();
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        a.put("k", utf8("from-a"));
        SharedPostgres.exec(url, "UPDATE vault_ha_locks SET valid_until = now() - interval '1 second'");
        assertThat(b.leaderLock().tryAcquire("b")).isTrue();
        assertThat(a.leaderLock().isHeld()).as("a's own view").isTrue();
        assertThatThrownBy(() -> a.put("k", utf8("late"))).isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> a.delete("k")).isInstanceOf(NotLeaderException.class);
        assertThat(b.get("k")).isEqualTo(utf8("from-a"));
        b.put("k", utf8("from-b"));
        assertThat(a.get("k")).isEqualTo(utf8("from-b"));
    }

    @Test
    void fencedWrite_afterLocalLeaseRanOut_isRefusedWithoutAsking() throws Exception {
        a.leaderLock().requireLeadershipForWrites();
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        Thread.sleep(FAST.lease().toMillis() + 100);
        assertThat(a.leaderLock().isHeld()).isFalse();
        assertThatThrownBy(() -> a.put("k", utf8("x"))).isInstanceOf(NotLeaderException.class);
    }

    @Test
    void lockConnectionTerminated_nextCallReconnects_andLockIsKept() throws Exception {
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        int pid = a.lockBackendPid();
        SharedPostgres.exec(url, "SELECT pg_terminate_backend(" + pid + ")");
        boolean renewed;
        try {
            renewed = a.leaderLock().renew();
        } catch (StorageException e) {
            assertThat(e).hasMessageContaining("renewing the HA lock");
            renewed = a.leaderLock().renew(); // the next call opens a new connection
        }
        assertThat(renewed).isTrue();
        assertThat(a.lockBackendPid()).isNotEqualTo(pid);
    }

    @Test
    void renew_whileLockRowIsLockedElsewhere_givesUpWithinTheStatementTimeout() throws Exception {
        assertThat(a.leaderLock().tryAcquire("a")).isTrue();
        try (Connection c = SharedPostgres.connect(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SELECT * FROM vault_ha_locks FOR UPDATE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.leaderLock().renew()).isInstanceOf(StorageException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isLessThan(FAST.lease().toMillis());
            c.rollback();
        }
    }

    @Test
    void fencedWrite_notYetJoined_isNotFenced() {
        b.put("init/marker", utf8("1")); // a fresh store is initialized before anyone leads
        assertThat(a.get("init/marker")).isEqualTo(utf8("1"));
    }
}
