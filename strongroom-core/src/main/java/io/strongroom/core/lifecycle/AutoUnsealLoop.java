package io.strongroom.core.lifecycle;

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
 * vault-seal-spec 3.7). Each failure is logged once per change of cause, so a long outage does not flood the log.
 */
public final class AutoUnsealLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoUnsealLoop.class);
    private final CoreLifecycle core;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private volatile String lastFailure;
    private volatile boolean waitingForInit;

    public AutoUnsealLoop(CoreLifecycle core, Duration interval) {
        this.core = core;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "auto-unseal");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts trying in the background; the first try is immediate. */
    public void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One attempt; public so tests and the server's start-up can drive it without waiting. */
    public void tick() {
        try {
            if (!core.isSealed() || core.isManuallySealed()) {
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
            if (core.tryAutoUnseal() && lastFailure != null) {
                LOG.info("core: auto-unseal succeeded after earlier failures");
            }
            lastFailure = null;
        } catch (RuntimeException e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!cause.equals(lastFailure)) {
                LOG.warn("core: failed to unseal core, retrying every {} s: {}", interval.toSeconds(), cause);
            } else {
                LOG.debug("core: auto-unseal still failing: {}", cause);
            }
            lastFailure = cause;
        }
    }

    /**
     * Stops the loop. An attempt in progress may be writing re-wrapped keys to storage: it is given up to 10 s to
     * finish, because interrupting it would abort the write (interrupted file channels close). Only a KMS call
     * that hangs longer is interrupted; the old blobs stay valid either way, since writes are atomic.
     */
    @Override
    public void close() {
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
