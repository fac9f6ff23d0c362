package io.strongroom.core.lifecycle;

import io.strongroom.base.ConfigException;
import io.strongroom.base.StorageCorruptedException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an auto-sealed server unsealed: tries at once, then every {@code interval} (Vault: 5 s) while the server
 * is initialized, sealed and not sealed on purpose. A KMS outage at start therefore only delays the unseal, and
 * an uninitialized node unseals by itself once storage is initialized (vault-compat: command/server.go runUnseal,
 * vault-seal-spec 3.7).
 *
 * <p>Failures are classified, never matched by text. A failure that may pass (KMS unreachable, throttled, access
 * not yet granted) is retried with backoff: the wait doubles after each consecutive failure up to
 * {@code maxInterval}, and is back to {@code interval} after a success. Damage in storage
 * ({@link StorageCorruptedException}) and a seal that does not match the store ({@link ConfigException}) cannot
 * pass by waiting: the loop logs one ERROR line naming the entry and stops, instead of paying a KMS call every few
 * seconds for ever. Each retried failure is logged once per change of cause, so a long outage does not flood the
 * log.
 */
public final class AutoUnsealLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoUnsealLoop.class);
    private final CoreLifecycle core;
    private final Duration interval;
    private final Duration maxInterval;
    private final ScheduledExecutorService timer;
    private volatile String lastFailure;
    private volatile boolean waitingForInit;
    private volatile Duration nextDelay;
    private volatile boolean stopped;
    // the next try; cancelled by close(), else shutdown() would still wait for it (a delayed task survives shutdown)
    private volatile java.util.concurrent.ScheduledFuture<?> pending;
    private volatile boolean closing;
    private final AttemptObserver attempts;

    /** Told about every unseal try the loop makes (for metrics); must be fast and must not throw. */
    @FunctionalInterface
    public interface AttemptObserver {
        AttemptObserver NOOP = unsealed -> { };

        /** @param unsealed whether the try left the server unsealed */
        void attempted(boolean unsealed);
    }

    public AutoUnsealLoop(CoreLifecycle core, Duration interval) {
        this(core, interval, Duration.ofSeconds(60));
    }

    public AutoUnsealLoop(CoreLifecycle core, Duration interval, Duration maxInterval) {
        this(core, interval, maxInterval, AttemptObserver.NOOP);
    }

    /**
     * @param interval the wait between checks, and after the first failure
     * @param maxInterval the longest wait between retries of a failing unseal
     * @param attempts told about every unseal try
     */
    public AutoUnsealLoop(CoreLifecycle core, Duration interval, Duration maxInterval, AttemptObserver attempts) {
        this.attempts = java.util.Objects.requireNonNull(attempts, "attempts");
        this.core = core;
        this.interval = interval;
        this.maxInterval = maxInterval.compareTo(interval) < 0 ? interval : maxInterval;
        this.nextDelay = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "auto-unseal");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts trying in the background; the first try is immediate. */
    public void start() {
        schedule(Duration.ZERO);
    }

    private void schedule(Duration delay) {
        try {
            pending = timer.schedule(() -> {
                tick();
                if (!stopped && !closing) {
                    schedule(nextDelay);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Whether the loop gave up for good (damaged storage or a mismatched seal): only a restart retries. */
    public boolean isStopped() {
        return stopped;
    }

    /** The wait before the next try (grows while failures repeat). */
    public Duration nextDelay() {
        return nextDelay;
    }

    /** One attempt; public so tests and the server's start-up can drive it without waiting. */
    public void tick() {
        if (stopped) {
            return;
        }
        try {
            if (!core.isSealed() || core.isManuallySealed()) {
                nextDelay = interval;
                return; // the common case, every 5 s: nothing to do, no storage or KMS access
            }
            if (!core.isInitialized()) {
                if (!waitingForInit) {
                    LOG.info("core: storage is not initialized yet; initialize with `strongroom operator init` "
                            + "(auto-unseal will follow by itself)");
                    waitingForInit = true;
                }
                return;
            }
            waitingForInit = false;
            boolean unsealed;
            try {
                unsealed = core.tryAutoUnseal();
            } catch (RuntimeException e) {
                observe(false);
                throw e;
            }
            observe(unsealed);
            if (unsealed && lastFailure != null) {
                LOG.info("core: auto-unseal succeeded after earlier failures");
            }
            lastFailure = null;
            nextDelay = interval;
        } catch (StorageCorruptedException | ConfigException e) {
            stopped = true;
            LOG.error("core: cannot unseal, and retrying cannot help: {}. Auto-unseal stopped; fix this and restart "
                    + "the server", e.getMessage());
        } catch (RuntimeException e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Duration wait = lastFailure == null ? interval : min(nextDelay.multipliedBy(2), maxInterval);
            if (!cause.equals(lastFailure)) {
                LOG.warn("core: failed to unseal core, retrying in {} s (backing off up to {} s): {}",
                        wait.toSeconds(), maxInterval.toSeconds(), cause);
            } else {
                LOG.debug("core: auto-unseal still failing, next try in {} s: {}", wait.toSeconds(), cause);
            }
            lastFailure = cause;
            nextDelay = wait;
        }
    }

    private void observe(boolean unsealed) {
        try {
            attempts.attempted(unsealed);
        } catch (RuntimeException e) {
            LOG.debug("auto-unseal attempt observer failed: {}", e.toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops the loop. An attempt in progress may be writing re-wrapped keys to storage: it is given up to 10 s to
     * finish, because interrupting it would abort the write (interrupted file channels close). Only a KMS call
     * that hangs longer is interrupted; the old blobs stay valid either way, since writes are atomic.
     */
    @Override
    public void close() {
        closing = true;
        java.util.concurrent.ScheduledFuture<?> next = pending;
        if (next != null) {
            next.cancel(false); // not yet started: drop it; running: let it finish (below)
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
