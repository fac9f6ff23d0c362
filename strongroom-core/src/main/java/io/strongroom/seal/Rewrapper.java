package io.strongroom.seal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.StrongroomException;
import io.strongroom.storage.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background rewrap (vault-compat: Vault Enterprise's {@code sys/sealwrap/rewrap}, vault-seal-spec 5): brings
 * every KMS-protected entry (stored keys and seal-wrapped values) under the current KMS key, one entry per atomic
 * write through {@link SealWrapStorage#rewrapEntry}.
 *
 * <p><b>When it runs</b>: on request; at every unseal when the state entry says the last run did not finish or
 * finished under another key (so a rewrap killed half-way resumes after the restart, and a moved alias or a changed
 * {@code kms_key_id} starts one); and when a write reports a new current key at run time (the alias moved).
 *
 * <p><b>State entry</b> {@value #STATE_PATH}, plaintext JSON {@code {"key_id":"<arn>","complete":<bool>}}, physical
 * storage (it holds no secret and must be readable before anything else): written with {@code complete=false}
 * before the first entry and {@code complete=true} after a run with no failure. Its absence (a store from before
 * this version) counts as "not complete".
 *
 * <p><b>Throttling</b>: at most {@code maxEntriesPerSecond} entries that need KMS (two calls each), so a rewrap of a
 * large store never eats the KMS request quota that unseals and seal-wrapped reads share; a throttled or unreachable
 * KMS call is retried with exponential backoff (which also slows the whole run), up to {@code maxAttempts}; an entry
 * that still fails is counted as failed, left as it was (readable under its old key), and retried by the next run.
 *
 * <p>Thread-safe; one run at a time, on its own daemon thread.
 */
public final class Rewrapper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rewrapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the rewrap records how far it got (see the class comment). */
    public static final String STATE_PATH = "core/seal-wrap/rewrap-state";

    /**
     * @param maxEntriesPerSecond entries needing KMS per second; 0 for no limit (benchmarks)
     * @param maxAttempts tries per entry while KMS is throttled or unreachable
     * @param firstBackoff the wait after the first throttled try; doubles up to 64 times that
     */
    public record Settings(int maxEntriesPerSecond, int maxAttempts, Duration firstBackoff) {
        public static Settings defaults() {
            return new Settings(200, 8, Duration.ofMillis(100));
        }
    }

    /** The numbers {@code GET sys/sealwrap/rewrap} shows. */
    public record Status(int processed, int succeeded, int failed, boolean running, boolean fullyWrapped) {}

    private final SealWrapStorage store;
    private final Storage physical;
    private final Settings settings;
    private final Object lock = new Object();
    private final AtomicInteger processed = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private Thread worker; // guarded by lock
    private volatile boolean stopping;
    private volatile boolean rerun;
    private volatile java.util.function.Consumer<Boolean> completion = fullyWrapped -> { };

    /**
     * @param store the seal-wrap layer
     * @param physical where the state entry is kept (the storage below the layer)
     */
    public Rewrapper(SealWrapStorage store, Storage physical, Settings settings) {
        this.store = Objects.requireNonNull(store);
        this.physical = Objects.requireNonNull(physical);
        this.settings = Objects.requireNonNull(settings);
        store.onKeyChange(k -> {
            LOG.info("seal: KMS reports a new current key {}: starting a seal re-wrap", k);
            start();
        });
    }

    /** At unseal: remember the current key and resume or start a rewrap when the state entry asks for one. */
    public void afterUnseal() {
        stopping = false;
        store.noteCurrentKey();
        Map<?, ?> state = readState();
        String current = store.currentKeyId();
        // also when entries are still partially wrapped (Seal HA: a seal was down during the last run)
        if (state == null || !Boolean.TRUE.equals(state.get("complete")) || !current.equals(state.get("key_id"))
                || !store.fullyWrapped()) {
            LOG.info("seal: seal re-wrap needed (last run: {}); starting it in the background",
                    state == null ? "none" : state);
            start();
        } else {
            completion.accept(true); // nothing to do: every entry is under every current key
        }
    }

    /** Before seal: stops a running rewrap between two entries and waits for it (bounded). */
    public void beforeSeal() {
        stop(Duration.ofSeconds(30));
    }

    /**
     * Starts a run unless one is running.
     *
     * @return true when this call started it (Vault answers 204), false when one was running (200)
     */
    public boolean start() {
        synchronized (lock) {
            if (worker != null && worker.isAlive()) {
                return false;
            }
            stopping = false;
            processed.set(0);
            succeeded.set(0);
            failed.set(0);
            worker = new Thread(this::runQuietly, "seal-rewrap");
            worker.setDaemon(true);
            worker.start();
            return true;
        }
    }

    /**
     * Seal HA: a seal that was down is healthy again, so the entries wrapped without it (partially wrapped) are
     * wrapped again by every seal. Starts a run, or asks the running one to run once more when it ends (it may
     * have deferred entries while the seal was down).
     */
    public void catchUp() {
        if (store.fullyWrapped()) {
            completion.accept(true);
            return;
        }
        LOG.info("seal: a seal is healthy again; re-wrapping the partially wrapped entries");
        rerun = true;
        start();
    }

    /**
     * Told after every run that finished without failure whether the store is now fully wrapped (every entry by
     * every enabled seal's current key); Seal HA records it as {@code Rewrapped} in core/seal-gen-info.
     */
    public void onComplete(java.util.function.Consumer<Boolean> listener) {
        this.completion = Objects.requireNonNull(listener);
    }

    /** Whether a run is in progress. */
    public boolean isRunning() {
        synchronized (lock) {
            return worker != null && worker.isAlive();
        }
    }

    public Status status() {
        return new Status(processed.get(), succeeded.get(), failed.get(), isRunning(), store.fullyWrapped());
    }

    /**
     * Waits for the current run to end (tests, benchmarks).
     *
     * @return true when no run is in progress on return
     */
    public boolean await(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = worker;
        }
        if (t != null) {
            t.join(timeout.toMillis());
            return !t.isAlive();
        }
        return true;
    }

    private void runQuietly() {
        try {
            do {
                rerun = false;
                run();
            } while (rerun && !stopping);
        } catch (RuntimeException e) {
            LOG.warn("seal: seal re-wrap stopped: {}", e.getMessage());
        }
    }

    /** One run: every tracked entry once, again while the current key moved during the run (bounded). */
    private void run() {
        long started = System.nanoTime();
        String key = store.currentKeyId();
        writeState(key, false);
        long nextSlot = System.nanoTime();
        for (int pass = 0; pass < 3 && !stopping; pass++) {
            List<String> paths = pass == 0 ? store.indexedPaths() : store.stalePaths();
            if (pass > 0 && paths.isEmpty()) {
                break;
            }
            java.util.Set<String> stale = new java.util.HashSet<>(store.stalePaths());
            for (String path : paths) {
                if (stopping) {
                    LOG.info("seal: seal re-wrap paused (sealing); it resumes at the next unseal");
                    return;
                }
                processed.incrementAndGet();
                try {
                    if (stale.contains(path)) {
                        nextSlot = pace(nextSlot);
                    }
                    withRetries(path);
                    succeeded.incrementAndGet();
                } catch (StrongroomException e) {
                    failed.incrementAndGet();
                    LOG.warn("seal: could not re-wrap {}: {}", path, e.getMessage());
                }
            }
            if (store.currentKeyId().equals(key)) {
                break;
            }
            key = store.currentKeyId(); // the key moved during the run: one more pass over what is now stale
        }
        if (failed.get() == 0 && !stopping) {
            writeState(store.currentKeyId(), true);
            completion.accept(store.fullyWrapped());
        }
        // vault-compat: Vault logs "seal re-wrap completed"
        LOG.info("seal: seal re-wrap completed: processed={} succeeded={} failed={} key={} in {} ms", processed.get(),
                succeeded.get(), failed.get(), store.currentKeyId(), (System.nanoTime() - started) / 1_000_000);
    }

    private void withRetries(String path) {
        long backoff = settings.firstBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                store.rewrapEntry(path);
                return;
            } catch (SealAccessException e) {
                if (!e.reason().isTransient() || attempt >= settings.maxAttempts() || stopping) {
                    throw e;
                }
                LOG.debug("seal: KMS {} while re-wrapping {}; retrying in {} ms", e.reason(), path, backoff);
                sleep(backoff + (long) (Math.random() * backoff / 2));
                backoff = Math.min(backoff * 2, settings.firstBackoff().toMillis() * 64);
            }
        }
    }

    /** Waits for this entry's slot under the rate limit; returns the next slot. */
    private long pace(long nextSlot) {
        if (settings.maxEntriesPerSecond() <= 0) {
            return nextSlot;
        }
        long now = System.nanoTime();
        if (nextSlot > now) {
            sleep((nextSlot - now) / 1_000_000);
        }
        return Math.max(nextSlot, now) + 1_000_000_000L / settings.maxEntriesPerSecond();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<?, ?> readState() {
        byte[] raw = physical.get(STATE_PATH);
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readValue(raw, Map.class);
        } catch (IOException e) {
            LOG.warn("seal: {} is not valid JSON; treating the last rewrap as unfinished", STATE_PATH);
            return null;
        }
    }

    private void writeState(String keyId, boolean complete) {
        try {
            physical.put(STATE_PATH, JSON.writeValueAsBytes(Map.of("key_id", keyId, "complete", complete)));
        } catch (IOException e) {
            throw new StrongroomException("cannot encode " + STATE_PATH, e);
        }
    }

    /** Stops a running rewrap and waits up to {@code timeout}. */
    public void stop(Duration timeout) {
        stopping = true;
        try {
            await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
