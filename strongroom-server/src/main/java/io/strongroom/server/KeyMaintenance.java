package io.strongroom.server;

import io.strongroom.barrier.KeyringAdmin;
import io.strongroom.core.lifecycle.KmsHealthCheck;
import io.strongroom.logical.GoDurations;
import io.strongroom.server.config.SealHealthConfig;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background key work of an unsealed server (issue 9): the keyring's automatic-rotation check every
 * {@link #ROTATION_CHECK} (vault-compat: Vault's barrier checks every 5 minutes, vault-seal-spec 4.4), which also
 * persists the encryption count, and the seal health probe at the configured intervals (Vault: 10 minutes, 1 minute
 * after a failure, each probe bounded by a timeout). Both skip their turn while the server is sealed: only the node
 * that serves (the active node) runs them.
 */
final class KeyMaintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyMaintenance.class);
    static final Duration ROTATION_CHECK = Duration.ofMinutes(5);

    private final ScheduledExecutorService timer;
    private final ExecutorService probes; // a hung KMS call must not stop the timer
    private final KeyringAdmin keyring;
    private final KmsHealthCheck health;
    private final SealHealthConfig healthConfig;
    private final BooleanSupplier serving;

    /**
     * @param health the seal's health check, or null (shamir, or the check switched off)
     */
    KeyMaintenance(KeyringAdmin keyring, KmsHealthCheck health, SealHealthConfig healthConfig,
            BooleanSupplier serving) {
        this.keyring = keyring;
        this.health = health;
        this.healthConfig = healthConfig;
        this.serving = serving;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "key-maintenance"));
        this.probes = Executors.newCachedThreadPool(r -> daemon(r, "seal-health-probe"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::checkRotation, ROTATION_CHECK.toMillis(), ROTATION_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        if (health != null && healthConfig.enabled()) {
            timer.schedule(this::probe, healthConfig.interval().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("seal: health check every {} ({} after a failure)",
                    GoDurations.format(healthConfig.interval().toSeconds()),
                    GoDurations.format(healthConfig.unhealthyInterval().toSeconds()));
        }
    }

    private void checkRotation() {
        try {
            if (serving.getAsBoolean()) {
                keyring.rotateIfDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("barrier: keyring rotation check failed (retried in {}): {}", ROTATION_CHECK, e.getMessage());
        }
    }

    private void probe() {
        try {
            if (serving.getAsBoolean()) {
                Future<Boolean> run = probes.submit(health::probe);
                try {
                    run.get(healthConfig.timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    health.recordFailure("no answer within " + healthConfig.timeout());
                } catch (ExecutionException e) {
                    health.recordFailure(String.valueOf(e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("seal: health probe error: {}", e.toString());
        }
        Duration next = health.nextDelay(healthConfig.interval(), healthConfig.unhealthyInterval());
        try {
            timer.schedule(this::probe, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the server is closing
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        probes.shutdownNow();
    }
}
