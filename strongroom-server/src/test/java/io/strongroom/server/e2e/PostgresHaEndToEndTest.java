package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strongroom.testkit.MotoServer;
import io.strongroom.testkit.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA on PostgreSQL with real server processes: one PostgreSQL cluster and one moto for the class, a fresh database
 * and KMS key per test. A poller checks sys/health of every node every 50 ms through each test: never two actives.
 */
class PostgresHaEndToEndTest {

    /** The aim is 3 s; the bound leaves room for a loaded 2-core machine. The benchmark measures the real numbers. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(8);
    private static PostgresCluster pg;
    private static int databases;

    @TempDir
    Path dir;
    private HaCluster cluster;
    private Thread poller;
    private final AtomicBoolean polling = new AtomicBoolean(true);
    private final AtomicInteger maxActives = new AtomicInteger();
    private final AtomicReference<String> twoActives = new AtomicReference<>();

    @BeforeAll
    static void startPostgres() {
        pg = new PostgresCluster().start();
    }

    @AfterAll
    static void stopPostgres() {
        pg.close();
    }

    private static synchronized String freshDatabase() {
        String name = "ha_" + (++databases);
        pg.createDatabase(name);
        return name;
    }

    @BeforeEach
    void noPollerYet() {
        poller = null;
    }

    /** Starts n nodes before init (they are all sealed, uninitialized), initializes through node 0, mounts kv v1. */
    private void startCluster(int n) throws Exception {
        MotoServer moto = MotoServer.shared();
        String alias = "alias/ha-" + System.nanoTime();
        moto.createAlias(alias, moto.createKey());
        cluster = new HaCluster(dir, pg, freshDatabase(), moto.endpoint().toString(), alias, n);
        for (int i = 0; i < n; i++) {
            cluster.node(i).awaitHealth(501, Duration.ofSeconds(60));
        }
        cluster.init(0);
        // every other node was started before init: it unseals itself through KMS and joins as a standby
        cluster.awaitActive(Duration.ofSeconds(30));
        poller = new Thread(() -> {
            while (polling.get()) {
                int[] h = cluster.healthAll();
                int actives = 0;
                for (int code : h) {
                    actives += code == 200 ? 1 : 0;
                }
                maxActives.accumulateAndGet(actives, Math::max);
                if (actives > 1) {
                    twoActives.compareAndSet(null, java.util.Arrays.toString(h));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "active-poller");
        poller.setDaemon(true);
        poller.start();
        int active = cluster.awaitActive(Duration.ofSeconds(10));
        assertThat(cluster.send(active, "POST", "/v1/sys/mounts/secret", "{\"type\":\"kv\"}", Map.of()).status())
                .isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        polling.set(false);
        if (poller != null) {
            poller.join(5_000);
        }
        if (cluster != null) {
            cluster.close();
        }
        assertThat(twoActives.get()).as("two nodes answered sys/health 200 at once").isNull();
    }

    private static int other(int active, int n) {
        return (active + 1) % n;
    }

    /** Kills (kill -9) or stops the active node; returns the new active and the time until it served a write. */
    private Duration timeToServeWrite(int dead, long startNanos) throws Exception {
        long deadline = startNanos + FAILOVER_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < cluster.size(); i++) {
                if (i == dead || !cluster.node(i).isAlive()) {
                    continue;
                }
                try {
                    HaCluster.Reply r = cluster.send(cluster.address(i), "PUT", "/v1/secret/after-failover",
                            "{\"v\":\"1\"}", Map.of("X-Vault-No-Request-Forwarding", "true"), Duration.ofSeconds(1));
                    if (r.status() == 204) {
                        return Duration.ofNanos(System.nanoTime() - startNanos);
                    }
                } catch (java.io.IOException e) {
                    // not up yet
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node served a write within " + FAILOVER_BOUND + "\n" + cluster.logs());
    }

    @Test
    void twoNodes_standbyBeforeInit_joins_andForwardsOrRedirectsKvReadsAndWrites() throws Exception {
        startCluster(2);
        int active = cluster.awaitActive(Duration.ofSeconds(5));
        int standby = other(active, 2);

        // vault-compat: sys/health 429 on a standby, the query overrides
        assertThat(cluster.send(standby, "GET", "/v1/sys/health", null, Map.of()).status()).isEqualTo(429);
        assertThat(cluster.send(standby, "GET", "/v1/sys/health?standbyok=true", null, Map.of()).status()).isEqualTo(200);
        assertThat(cluster.send(standby, "GET", "/v1/sys/health?standbycode=299", null, Map.of()).status()).isEqualTo(299);
        JsonNode health = cluster.send(standby, "GET", "/v1/sys/health?standbyok=true", null, Map.of()).json();
        assertThat(health.get("standby").asBoolean()).isTrue();

        // vault-compat: sys/leader on both, with the active's api_addr
        JsonNode onActive = cluster.send(active, "GET", "/v1/sys/leader", null, Map.of()).json();
        JsonNode onStandby = cluster.send(standby, "GET", "/v1/sys/leader", null, Map.of()).json();
        String activeAddr = cluster.address(active).toString();
        assertThat(onActive.get("ha_enabled").asBoolean()).isTrue();
        assertThat(onActive.get("is_self").asBoolean()).isTrue();
        assertThat(onActive.get("leader_address").asText()).isEqualTo(activeAddr);
        assertThat(onActive.get("active_time").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
        assertThat(onStandby.get("is_self").asBoolean()).isFalse();
        assertThat(onStandby.get("leader_address").asText()).isEqualTo(activeAddr);
        assertThat(onStandby.get("active_time").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(onStandby.has("leader_cluster_address")).isTrue();

        // forwarded: a write and a read through the standby, the client sees the active's answers
        assertThat(cluster.send(standby, "PUT", "/v1/secret/fwd", "{\"v\":\"through-standby\"}", Map.of()).status())
                .isEqualTo(204);
        assertThat(cluster.send(active, "GET", "/v1/secret/fwd", null, Map.of()).json().at("/data/v").asText())
                .isEqualTo("through-standby");
        cluster.send(active, "PUT", "/v1/secret/direct", "{\"v\":\"on-active\"}", Map.of());
        HaCluster.Reply read = cluster.send(standby, "GET", "/v1/secret/direct", null, Map.of());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().at("/data/v").asText()).isEqualTo("on-active");
        assertThat(cluster.send(standby, "GET", "/v1/secret/missing", null, Map.of()).status()).isEqualTo(404);
        // an error answer is the active's too
        assertThat(cluster.send(cluster.address(standby), "GET", "/v1/secret/direct", null,
                Map.of("X-Vault-Token", "not-a-token"), Duration.ofSeconds(5)).status()).isEqualTo(403);

        // vault-compat: X-Vault-No-Request-Forwarding -> 307 to the active's api_addr with path and query kept
        HaCluster.Reply redirect = cluster.send(standby, "GET", "/v1/secret/direct?x=1&y=2", null,
                Map.of("X-Vault-No-Request-Forwarding", "true"));
        assertThat(redirect.status()).isEqualTo(307);
        assertThat(redirect.headers().get("location")).containsExactly(activeAddr + "/v1/secret/direct?x=1&y=2");

        // vault-compat: a standby refuses to seal
        HaCluster.Reply seal = cluster.send(standby, "PUT", "/v1/sys/seal", null, Map.of());
        assertThat(seal.status()).isEqualTo(400);
        assertThat(seal.body()).contains("vault cannot seal when in standby mode");
    }

    @Test
    void threeNodes_killMinus9Active_anotherServesWrites_andAckedWritesSurvive() throws Exception {
        startCluster(3);
        int active = cluster.awaitActive(Duration.ofSeconds(5));
        AtomicInteger writeTo = new AtomicInteger(other(active, 3)); // through a standby: forwarded
        List<Duration> times = new ArrayList<>();
        try (AckWriter writer = new AckWriter(cluster, writeTo::get)) {
            Thread.sleep(500);
            long start = System.nanoTime();
            cluster.node(active).close(); // SIGKILL
            times.add(timeToServeWrite(active, start));
            int next = cluster.awaitActive(FAILOVER_BOUND);
            assertThat(next).isNotEqualTo(active);
            writeTo.set(next);
            Thread.sleep(500);
            writer.close();
            assertThat(writer.acknowledged).isNotEmpty();
            assertAllAcknowledgedReadable(next, writer);
        }
        System.out.println("kill -9 fail-over (to a served write): " + times);
    }

    @Test
    void stepDown_thenCleanStop_otherNodeTakesOverQuickly() throws Exception {
        startCluster(2);
        int active = cluster.awaitActive(Duration.ofSeconds(5));
        int standby = other(active, 2);
        // through the standby: forwarded to the active, which steps down
        long start = System.nanoTime();
        assertThat(cluster.send(standby, "PUT", "/v1/sys/step-down", null, Map.of()).status()).isEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cluster.node(standby).health() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Duration stepDown = Duration.ofNanos(System.nanoTime() - start);
        assertThat(cluster.node(standby).health()).isEqualTo(200);
        assertThat(cluster.node(active).health()).isEqualTo(429);

        // clean stop (SIGTERM) of the new active: it releases the lock, the other takes over at once
        start = System.nanoTime();
        cluster.signal(standby, "TERM");
        Duration takeover = timeToServeWrite(standby, start);
        assertThat(cluster.node(standby).awaitExit(Duration.ofSeconds(20))).isZero();
        assertThat(takeover).isLessThan(Duration.ofSeconds(5));
        System.out.println("step-down takeover " + stepDown.toMillis() + " ms, clean-stop takeover "
                + takeover.toMillis() + " ms");
    }

    @Test
    void threeNodes_dbRestartUnderLoad_thenLockConnectionTerminated_noAcknowledgedWriteLost() throws Exception {
        startCluster(3);
        int active = cluster.awaitActive(Duration.ofSeconds(5));
        AtomicInteger writeTo = new AtomicInteger(active);
        try (AckWriter writer = new AckWriter(cluster, () -> writeTo.getAndIncrement() % 3)) {
            Thread.sleep(500);
            pg.restart();
            active = cluster.awaitActive(Duration.ofSeconds(20));
            Thread.sleep(500);
            // the active's own lock connection, by the pid in its application_name
            // (re-opened at its next renewal after the restart: wait for it, bounded)
            String pid = "";
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!pid.matches("[0-9]+") && System.nanoTime() < until) {
                active = cluster.awaitActive(Duration.ofSeconds(10));
                pid = pg.psql("ha_" + databases, "SELECT pid FROM pg_stat_activity WHERE application_name = "
                        + "'strongroom-ha-lock-" + cluster.node(active).pid() + "'");
                Thread.sleep(100);
            }
            assertThat(pid).matches("[0-9]+");
            pg.psql("postgres", "SELECT pg_terminate_backend(" + pid + ")");
            active = cluster.awaitActive(Duration.ofSeconds(20));
            Thread.sleep(500);
            writer.close();
            assertThat(writer.acknowledged.size()).isGreaterThan(5);
            assertAllAcknowledgedReadable(active, writer);
        }
    }

    /**
     * The active node paused (SIGSTOP) past its lease: another takes over; resumed (SIGCONT), the old one must step
     * down, and the write it had in flight must be refused (fencing), so the last acknowledged counter value stands.
     */
    @Test
    void threeNodes_sigstopActivePastLease_resumed_stepsDownAndItsLateWriteIsRefused() throws Exception {
        startCluster(3);
        int active = cluster.awaitActive(Duration.ofSeconds(5));
        AtomicInteger writeTo = new AtomicInteger(active); // straight at the active: a request is in flight at STOP
        AckWriter writer = new AckWriter(cluster, writeTo::get);
        int successor = -1;
        try {
            Thread.sleep(700);
            cluster.signal(active, "STOP");
            writeTo.set(other(active, 3)); // forwarded to whichever node takes over
            long deadline = System.nanoTime() + FAILOVER_BOUND.toNanos();
            while (successor < 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < 3; i++) {
                    if (i != active && cluster.node(i).health() == 200) {
                        successor = i;
                    }
                }
                Thread.sleep(20);
            }
            assertThat(successor).as("another node took over").isNotNegative();
            Thread.sleep(700); // acknowledged writes through the new active
        } finally {
            writer.close();
        }
        int lastAcked = writer.lastAckedCounter.get();
        cluster.signal(active, "CONT");
        // the old active notices at its next renewal and steps down
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cluster.node(active).health() != 429 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cluster.node(active).health()).isEqualTo(429);
        Thread.sleep(500); // room for a late write to land, were it not refused
        assertThat(cluster.node(active).log()).contains("leaving active operation");
        // read from storage, not from a cache: step the new active down so another node loads everything afresh
        assertThat(cluster.send(successor, "PUT", "/v1/sys/step-down", null, Map.of()).status()).isEqualTo(204);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cluster.node(successor).health() != 429 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        int now = cluster.awaitActive(Duration.ofSeconds(10));
        assertThat(now).isNotEqualTo(successor);
        int counter = Integer.parseInt(cluster.send(now, "GET", "/v1/secret/counter", null, Map.of()).json()
                .at("/data/v").asText());
        assertThat(counter).as("a deposed node's late write would roll the counter back").isGreaterThanOrEqualTo(lastAcked);
        assertAllAcknowledgedReadable(now, writer);
    }

    private void assertAllAcknowledgedReadable(int node, AckWriter writer) throws Exception {
        List<Integer> missing = new ArrayList<>();
        for (int i : writer.acknowledged) {
            HaCluster.Reply r = cluster.send(node, "GET", "/v1/secret/w-" + i, null, Map.of());
            if (r.status() != 200 || !r.json().at("/data/v").asText().equals(Integer.toString(i))) {
                missing.add(i);
            }
        }
        assertThat(missing).as("acknowledged writes that cannot be read back (of " + writer.acknowledged.size() + ")")
                .isEmpty();
    }
}
