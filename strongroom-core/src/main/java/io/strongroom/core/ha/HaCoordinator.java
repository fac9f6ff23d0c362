package io.strongroom.core.ha;

import io.strongroom.barrier.Barrier;
import io.strongroom.core.lifecycle.HaState;
import io.strongroom.core.lifecycle.LeaderStatus;
import io.strongroom.core.lifecycle.SealListener;
import io.strongroom.storage.LeaderLock;
import io.strongroom.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active/standby for one node: stands between the seal lifecycle and the data plane. An unsealed node is a standby
 * (keyring in memory, nothing else loaded) and competes for the {@link LeaderLock} on its own thread; the node that
 * takes it becomes active:
 * <ol>
 *   <li>purges the storage read cache and reloads the barrier keyring (another node may have changed both);</li>
 *   <li>advertises its addresses at {@code core/leader/<uuid>} (a fenced write: it also proves the lock works);</li>
 *   <li>runs the active duties (the data plane loads mounts, policies, audit; tokens are read from storage);</li>
 *   <li>then reports itself active, and renews the lock every renew interval.</li>
 * </ol>
 * A failed or refused renewal, or a lease that ran out on this node's monotonic clock, demotes at once: it stops
 * reporting active, unloads the data plane and releases the lock. Fencing in the storage makes the order safe: a
 * deposed node's writes are refused by the database whatever this thread is doing. {@link #stepDown()} does the
 * same on request and keeps this node out of the race for {@link #STEP_DOWN_BACKOFF}.
 *
 * <p>Thread-safe. Transitions run on the election thread or under the lifecycle's lock, serialized on this object.
 */
public final class HaCoordinator implements SealListener, HaState, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaCoordinator.class);
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    /** How long a node that stepped down stays out of the race (Vault: 10 s; a standby takes over meanwhile). */
    public static final Duration STEP_DOWN_BACKOFF = Duration.ofSeconds(3);
    private static final Duration LEADER_CACHE = Duration.ofMillis(250);

    private final LeaderLock lock;
    private final Barrier barrier;
    private final SealListener activeDuties;
    private final StorageHooks storageHooks;
    private final LeaderAdvertisement self;
    private final Clock clock;
    private final java.util.function.BooleanSupplier storeInitialized;

    private final Object transitions = new Object();
    private volatile boolean active;
    private volatile Instant activeSince;
    private volatile String leaderUuid; // this node's advertisement id while active
    private volatile long backoffUntilNanos;
    private Thread election; // guarded by transitions
    private volatile boolean running;
    // leadership lost without giving it up (lease ran out, lock taken): counted once per term, see leadershipLosses()
    private final Object lossCount = new Object();
    private long losses; // guarded by lossCount
    private boolean lossCounted = true; // guarded by lossCount; false while a term is active and not yet lost

    /** What the storage side does around leadership changes (read cache, keyring). */
    public interface StorageHooks {
        /** Before serving as active: purge and enable read caches, reload the keyring. */
        void beforeActive();

        /** After leaving active operation: disable and purge read caches. */
        void afterStandby();

        /**
         * Every {@link #STANDBY_REFRESH} on a standby: pick up what the active node changed that a standby keeps in
         * memory (the keyring after a rotation; vault-compat: Vault's standbys poll every 10 s).
         */
        default void standbyRefresh() {
        }
    }

    /** How often a standby refreshes what it keeps in memory (the keyring). */
    public static final Duration STANDBY_REFRESH = Duration.ofSeconds(10);

    private record CachedLeader(String uuid, LeaderAdvertisement ad, long readAtNanos) {
    }

    private volatile CachedLeader cachedLeader;

    /**
     * @param lock the storage's leader lock
     * @param barrier the unsealed barrier (advertisements are written and read through it)
     * @param activeDuties what only the active node runs (the data plane)
     * @param storageHooks read cache and keyring handling around promotion and demotion
     * @param self this node's {@code api_addr} and {@code cluster_addr}
     * @param storeInitialized whether the store's init has committed: a node competes for the lock, and its writes
     *     are fenced, only from then on (init itself unseals this node before its last, committing write)
     */
    public HaCoordinator(LeaderLock lock, Barrier barrier, SealListener activeDuties, StorageHooks storageHooks,
            LeaderAdvertisement self, Clock clock, java.util.function.BooleanSupplier storeInitialized) {
        this.storeInitialized = Objects.requireNonNull(storeInitialized, "storeInitialized");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.barrier = Objects.requireNonNull(barrier, "barrier");
        this.activeDuties = Objects.requireNonNull(activeDuties, "activeDuties");
        this.storageHooks = Objects.requireNonNull(storageHooks, "storageHooks");
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- SealListener: the lifecycle tells us about unseal and seal ----

    /** Unsealed: join the cluster as a standby and start competing for the lock. */
    @Override
    public void afterUnseal() {
        synchronized (transitions) {
            if (running) {
                return;
            }
            running = true;
            election = new Thread(this::runElection, "ha-election");
            election.setDaemon(true);
            election.start();
        }
        LOG.info("core: entering standby mode");
    }

    /** Sealing or shutting down: stop competing; an active node unloads and releases the lock. */
    @Override
    public void beforeSeal() {
        Thread t;
        synchronized (transitions) {
            running = false;
            t = election;
            election = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (transitions) {
            if (active) {
                demote("sealing", true);
            }
        }
    }

    @Override
    public void close() {
        beforeSeal();
    }

    // ---- HaState ----

    @Override
    public boolean enabled() {
        return true;
    }

    /** Active and the lease has not run out on this node's clock. */
    @Override
    public boolean isActive() {
        return active && lock.isHeld();
    }

    @Override
    public LeaderStatus leader() {
        if (isActive()) {
            Instant since = activeSince;
            return new LeaderStatus(true, true, since == null ? ZERO_TIME : DateTimeFormatter.ISO_INSTANT.format(since),
                    self.redirectAddr(), self.clusterAddr());
        }
        // vault-compat: a standby reports a zero active_time and the addresses from the advertisement
        Optional<LeaderAdvertisement> ad = activeAddress();
        return new LeaderStatus(true, false, ZERO_TIME, ad.map(LeaderAdvertisement::redirectAddr).orElse(""),
                ad.map(LeaderAdvertisement::clusterAddr).orElse(""));
    }

    /**
     * The active node's advertisement, as seen from here: from the lock's value and {@code core/leader/<uuid>},
     * cached for a quarter second (a standby asks on every forwarded request).
     *
     * @throws StorageException when the storage cannot be reached
     */
    public Optional<LeaderAdvertisement> activeAddress() {
        if (isActive()) {
            return Optional.of(self);
        }
        CachedLeader c = cachedLeader;
        long now = System.nanoTime();
        if (c != null && now - c.readAtNanos() < LEADER_CACHE.toNanos()) {
            return Optional.ofNullable(c.ad());
        }
        Optional<String> uuid = lock.holderValue();
        LeaderAdvertisement ad = null;
        if (uuid.isPresent()) {
            if (c != null && uuid.get().equals(c.uuid()) && c.ad() != null) {
                ad = c.ad();
            } else if (!barrier.isSealed()) {
                byte[] raw = barrier.get(LeaderAdvertisement.PREFIX + uuid.get());
                ad = raw == null ? null : LeaderAdvertisement.decode(raw);
            }
        }
        cachedLeader = new CachedLeader(uuid.orElse(null), ad, now);
        return Optional.ofNullable(ad);
    }

    /**
     * Gives up leadership (sys/step-down): unloads, releases the lock, and stays out of the race for
     * {@link #STEP_DOWN_BACKOFF} so that a standby takes over. Does nothing on a standby.
     */
    public void stepDown() {
        synchronized (transitions) {
            backoffUntilNanos = System.nanoTime() + STEP_DOWN_BACKOFF.toNanos();
            if (active) {
                demote("step-down requested", true);
            }
        }
    }

    /**
     * How many times this node lost leadership that it had not given up: its lease ran out on its own clock (it was
     * paused, or could not reach the database) or another node took the lock. A loss counts as soon as anyone
     * asks after the lease ran out, before the election thread has noticed and demoted: a node resumed from a pause
     * serves requests on its HTTP threads at once. A step-down or seal with the lease still valid is no loss.
     *
     * <p>The HTTP layer tags each client connection with this number when it opens: a request that reached this node
     * while it was the active node (it may have waited in a socket buffer through the whole pause, long after its
     * client gave up) must not be forwarded to the next active node, where no fence would stop it.
     */
    public long leadershipLosses() {
        if (active && !lock.isHeld()) {
            noteLoss();
        }
        synchronized (lossCount) {
            return losses;
        }
    }

    /**
     * {@link #leadershipLosses()} without a loss nobody has noticed yet: what a client connection opening now is
     * tagged with. A connection that opens while this node still believes itself active, its lease run out, may be
     * one the kernel accepted during the pause, its request as old as the pause: tagged with the count before that
     * loss, its requests are not forwarded once the loss is counted.
     */
    public long leadershipLossesNoticed() {
        synchronized (lossCount) {
            return losses;
        }
    }

    private void noteLoss() {
        synchronized (lossCount) {
            if (!lossCounted) {
                lossCounted = true;
                losses++;
            }
        }
    }

    /** The lock's timings (for the start-up banner and benchmarks). */
    public LeaderLock.Timings timings() {
        return lock.timings();
    }

    // ---- the election thread ----

    private void runElection() {
        LeaderLock.Timings t = lock.timings();
        long lastError = 0;
        long lastRefresh = System.nanoTime();
        while (running) {
            try {
                Thread.sleep((active ? t.renewInterval() : t.retryInterval()).toMillis());
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            try {
                if (!active && System.nanoTime() - lastRefresh > STANDBY_REFRESH.toNanos()) {
                    lastRefresh = System.nanoTime();
                    storageHooks.standbyRefresh();
                }
                if (active) {
                    renewOrDemote();
                } else if (System.nanoTime() - backoffUntilNanos >= 0 && storeInitialized.getAsBoolean()) {
                    lock.requireLeadershipForWrites();
                    tryToLead();
                }
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (now - lastError > 5_000_000_000L) { // at most one line per 5 s while the database is away
                    LOG.warn("core: HA lock: {}", e.getMessage());
                    lastError = now;
                }
                synchronized (transitions) {
                    if (active && !lock.isHeld()) {
                        demote("lease ran out while the lock could not be renewed", false);
                    }
                }
            }
        }
    }

    private void renewOrDemote() {
        boolean renewed = lock.renew();
        synchronized (transitions) {
            if (!active) {
                return;
            }
            if (!renewed) {
                demote("the lock was taken by another node or removed", false);
            }
        }
    }

    private void tryToLead() {
        String uuid = UUID.randomUUID().toString();
        synchronized (transitions) {
            if (!running || active) {
                return;
            }
            if (!lock.tryAcquire(uuid)) {
                return;
            }
            long start = System.nanoTime();
            leaderUuid = uuid;
            try {
                storageHooks.beforeActive();
                barrier.put(LeaderAdvertisement.PREFIX + uuid, self.encode());
                activeDuties.afterUnseal();
                activeSince = clock.instant();
                synchronized (lossCount) {
                    lossCounted = false; // a new term: its loss is counted once
                }
                active = true;
            } catch (RuntimeException e) {
                LOG.error("core: could not become active (retrying): {}", e.getMessage());
                try {
                    activeDuties.beforeSeal();
                    storageHooks.afterStandby();
                } catch (RuntimeException ignored) {
                    // the data plane may be half loaded: unloading is best effort
                }
                lock.release();
                leaderUuid = null;
                backoffUntilNanos = System.nanoTime() + 1_000_000_000L;
                return;
            }
            LOG.info("core: acquired lock, enabling active operation ({} ms after taking the lock)",
                    (System.nanoTime() - start) / 1_000_000);
        }
        removeStaleAdvertisements(uuid);
    }

    /** vault-compat: a new active node deletes advertisements left by earlier ones. Best effort. */
    private void removeStaleAdvertisements(String mine) {
        try {
            for (String name : barrier.list(LeaderAdvertisement.PREFIX)) {
                if (!name.equals(mine) && !name.endsWith("/")) {
                    barrier.delete(LeaderAdvertisement.PREFIX + name);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("core: stale leader advertisements not removed: {}", e.getMessage());
        }
    }

    /** Must hold {@link #transitions}. */
    private void demote(String why, boolean release) {
        if (!lock.isHeld() || !release) {
            noteLoss(); // before active goes false: leadershipLosses() never reads a lost term as uncounted
        }
        active = false; // the HTTP layer forwards from now on
        activeSince = null;
        LOG.warn("core: leaving active operation: {}", why);
        try {
            activeDuties.beforeSeal();
        } catch (RuntimeException e) {
            LOG.warn("core: unloading the data plane failed: {}", e.getMessage());
        }
        String mine = leaderUuid;
        leaderUuid = null;
        if (release && mine != null && lock.isHeld()) {
            try {
                barrier.delete(LeaderAdvertisement.PREFIX + mine);
            } catch (RuntimeException e) {
                LOG.debug("core: own advertisement not removed: {}", e.getMessage());
            }
        }
        lock.release();
        try {
            storageHooks.afterStandby();
        } catch (RuntimeException e) {
            LOG.debug("core: storage refresh after demotion failed: {}", e.getMessage());
        }
        cachedLeader = null;
        LOG.info("core: entering standby mode");
    }
}
