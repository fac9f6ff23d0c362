package io.strongroom.server;

import io.strongroom.barrier.KeyringAdmin;
import io.strongroom.core.lifecycle.KmsHealthCheck;
import io.strongroom.logical.GoDurations;
import io.strongroom.server.config.SealHealthConfig;
import java.time.Duration;
import java.util.List;
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
    /** The first probe of a seal that is unhealthy at start (then the configured unhealthy interval). */
    static final Duration UNHEALTHY_AT_START = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer;
    private final ExecutorService probes; // a hung KMS call must not stop the timer
    private final KeyringAdmin keyring;
    private final List<KmsHealthCheck> checks;
    private final List<SealHealthConfig> configs;
    private final BooleanSupplier serving;

    /**
     * @param health the seal's health check, or null (shamir, or the check switched off)
     */
    KeyMaintenance(KeyringAdmin keyring, KmsHealthCheck health, SealHealthConfig healthConfig,
            BooleanSupplier serving) {
        this(keyring, health == null ? List.of() : List.of(health), health == null ? List.of() : List.of(healthConfig),
                serving);
    }

    /**
     * Seal HA (issue 10): one probe schedule per seal, each with its own stanza's settings.
     *
     * @param checks the seals' health checks, priority order
     * @param configs their settings, same order
     */
    KeyMaintenance(KeyringAdmin keyring, List<KmsHealthCheck> checks, List<SealHealthConfig> configs,
            BooleanSupplier serving) {
        if (checks.size() != configs.size()) {
            throw new IllegalArgumentException("one health config per check");
        }
        this.keyring = keyring;
        this.checks = List.copyOf(checks);
        this.configs = List.copyOf(configs);
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
        for (int i = 0; i < checks.size(); i++) {
            KmsHealthCheck health = checks.get(i);
            SealHealthConfig healthConfig = configs.get(i);
            if (healthConfig.enabled()) {
                // A seal already marked down at start (Seal HA: it failed its key check, or answered only after
                // another seal had opened the way) is probed soon, within UNHEALTHY_AT_START: a seal that was merely
                // slower than the first must not stay out of writes, and its catch-up wait, for a whole interval.
                Duration first = health.nextDelay(healthConfig.interval(), healthConfig.unhealthyInterval());
                if (first.equals(healthConfig.unhealthyInterval()) && first.compareTo(UNHEALTHY_AT_START) > 0) {
                    first = UNHEALTHY_AT_START;
                }
                timer.schedule(() -> probe(health, healthConfig), first.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("seal: health check every {} ({} after a failure){}",
                        GoDurations.format(healthConfig.interval().toSeconds()),
                        GoDurations.format(healthConfig.unhealthyInterval().toSeconds()),
                        checks.size() > 1 ? " for seal " + health.name() : "");
            }
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

    private void probe(KmsHealthCheck health, SealHealthConfig healthConfig) {
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
            timer.schedule(() -> probe(health, healthConfig), next.toMillis(), TimeUnit.MILLISECONDS);
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
