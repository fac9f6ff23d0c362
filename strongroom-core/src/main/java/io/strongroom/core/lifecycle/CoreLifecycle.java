package io.strongroom.core.lifecycle;

import io.strongroom.barrier.Barrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.token.TokenStore;
import io.strongroom.core.CorePaths;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.base.StrongroomException;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealAccessException;
import io.strongroom.seal.ShamirKeyWrapper;
import io.strongroom.shamir.Shamir;
import io.strongroom.storage.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal lifecycle over one storage, one barrier and one seal: an auto seal (a {@link KeyWrapper} such as
 * awskms, with recovery keys) or shamir (operators' unseal key shares).
 *
 * <p>Both seals keep the root key at {@code core/hsm/barrier-unseal-keys}; they differ in what wraps it: KMS
 * (auto seal, so the server can unseal itself) or a KEK split into shares (shamir). Recovery key shares of an auto
 * seal never decrypt anything: they only authorize, and the root key still comes from KMS.
 *
 * <p>Thread-safe: state changes are serialized on one lock; status reads are lock-free.
 */
public final class CoreLifecycle implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CoreLifecycle.class);
    /** The token store's barrier prefix (vault-compat: dataplane spec 2.5, {@code sys/token/}). */
    public static final String TOKEN_VIEW = "sys/token/";
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** Facts shown in status documents. */
    public record Settings(String version, String buildDate, String storageType, String clusterName) {}


    private final Storage storage;
    private final Barrier barrier;
    private final KeyWrapper autoSeal; // null: shamir
    private final SecureRandom random;
    private final Clock clock;
    private final Settings settings;
    private final StoredKeys keys;
    private final KeyReader reader;
    private final TokenStore tokens;
    private final SealListener listener;
    private final StoredKeyChanges keyChanges; // issue 9: root-key rotation, recovery rekey (crash-safe writes)
    private final KeyAdmin keyAdmin; // issue 9: rekey, generate-root, sys/rotate/root
    private final KmsHealthCheck sealHealth; // issue 9: null under shamir

    private final Object lock = new Object();
    private final UnsealProgress progress = new UnsealProgress(); // changed under lock, read without it
    private volatile boolean initialized; // once true, never false again: saves two storage reads per check
    // The config whose shares operators hold (recovery config under an auto seal, seal config under shamir). It is
    // written once, at init (no rekey in this version), so it is read from storage once, not per status request.
    private volatile SealConfig sharesConfig;
    private volatile boolean manuallySealed;
    // Unsealed as the outside sees it: the barrier is open AND the post-unseal steps (the data plane loading its
    // mount table) are done. Status, health and tokens follow this, so "unsealed" is never reported while a
    // request could still find no mounts.
    private volatile boolean serving;
    private volatile ClusterInfo cluster;

    /**
     * @param autoSeal the auto seal, or null for shamir
     */
    public CoreLifecycle(Storage storage, Barrier barrier, KeyWrapper autoSeal, SecureRandom random, Clock clock,
            Settings settings) {
        this(storage, barrier, autoSeal, random, clock, settings, null, SealListener.NONE);
    }

    /**
     * @param autoSeal the auto seal, or null for shamir
     * @param tokens the token store (init creates the root token in it), or null for one over {@link #TOKEN_VIEW}
     * @param listener told after every unseal and before every seal (the data plane)
     */
    public CoreLifecycle(Storage storage, Barrier barrier, KeyWrapper autoSeal, SecureRandom random, Clock clock,
            Settings settings, TokenStore tokens, SealListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.barrier = Objects.requireNonNull(barrier, "barrier");
        this.autoSeal = autoSeal;
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new StoredKeys(storage);
        this.reader = new KeyReader(keys);
        this.tokens = tokens != null ? tokens : new TokenStore(new BarrierView(barrier, TOKEN_VIEW), random, clock);
        this.keyChanges = new StoredKeyChanges(storage, barrier, keys);
        this.keyAdmin = new KeyAdmin(new KeyHost(), keyChanges, random);
        this.sealHealth = autoSeal == null ? null : new KmsHealthCheck(autoSeal, clock);
    }

    /** The auto seal's runtime health check, or null under shamir (issue 9). */
    @Override
    public KmsHealthCheck sealHealth() {
        return sealHealth;
    }

    /** Rekey, root token generation and root-key rotation, authorized by key shares (issue 9). */
    @Override
    public KeyAdmin keyAdmin() {
        return keyAdmin;
    }

    /** What {@link KeyAdmin} needs from this lifecycle; the one place it reaches in. */
    private final class KeyHost implements KeyAdmin.Host {
        @Override
        public KeyWrapper autoSeal() {
            return autoSeal;
        }

        @Override
        public SealConfig sharesConfig() {
            return CoreLifecycle.this.sharesConfig();
        }

        @Override
        public boolean sharesValid(byte[] combinedKey) {
            if (isAuto()) {
                return keys.recoveryKeyMatches(autoSeal, combinedKey);
            }
            try {
                Arrays.fill(reader.readWithShamir(combinedKey, random), (byte) 0);
                return true;
            } catch (InvalidRequestException wrongShares) {
                return false;
            }
        }

        @Override
        public void sharesChanged() {
            sharesConfig = null;
        }

        @Override
        public boolean serving() {
            return serving;
        }

        @Override
        public String createRootToken() {
            return tokens.createRoot();
        }
    }

    private boolean isAuto() {
        return autoSeal != null;
    }

    private String sealType() {
        return isAuto() ? autoSeal.type() : ShamirKeyWrapper.TYPE;
    }

    /**
     * @throws io.strongroom.base.StorageCorruptedException when the stored entries contradict each other (a keyring
     *     without a seal configuration that no interrupted init explains)
     */
    @Override
    public boolean isInitialized() {
        if (!initialized) {
            initialized = StoreState.detect(storage) == StoreState.Kind.INITIALIZED;
        }
        return initialized;
    }

    /**
     * Initializes the store, all or nothing (see {@link StoreState}): every seal operation runs before the first
     * write, the seal config is written last and is what makes the store initialized, so a crash or a storage
     * error at any write leaves a store that the next init cleans and initializes again. The root token and the
     * shares exist only in the answer; they become usable only at the last write, just before this returns.
     *
     * <p>Under an auto seal the server then unseals through KMS. If that fails (KMS refused or unreachable), the
     * store is initialized all the same and the answer carries the keys with a warning; the auto-unseal loop
     * retries.
     */
    @Override
    public InitResult initialize(InitRequest req) {
        synchronized (lock) {
            StoreState.Kind state = StoreState.detect(storage);
            if (state == StoreState.Kind.INITIALIZED) {
                throw new InvalidRequestException("Vault is already initialized");
            }
            InitConfigs configs = InitConfigs.from(req, sealType(), isAuto());
            SealConfig barrierConfig = configs.barrier();
            SealConfig recoveryConfig = configs.recovery();

            // Every seal operation (KMS Encrypt for an auto seal) runs before anything is written: if KMS refuses
            // (no kms:Encrypt, say), storage stays as it was and init can simply be retried.
            byte[] rootKey = randomKey();
            byte[] secondKey = null; // the recovery key (auto seal) or the shamir KEK
            List<byte[]> unsealShares = List.of();
            List<byte[]> recoveryShares = List.of();
            List<String> warnings = new ArrayList<>();
            String rootToken;
            try {
                byte[] sealedRootKey;
                byte[] sealedRecoveryKey = null;
                if (isAuto()) {
                    sealedRootKey = keys.sealRootKey(autoSeal, rootKey);
                    if (recoveryConfig.secretShares() > 0) {
                        secondKey = randomKey();
                        sealedRecoveryKey = autoSeal.encrypt(secondKey, null).toByteArray();
                        recoveryShares = split(secondKey, recoveryConfig);
                    }
                } else {
                    secondKey = randomKey();
                    ShamirKeyWrapper shamir = new ShamirKeyWrapper(secondKey, random);
                    try {
                        sealedRootKey = keys.sealRootKey(shamir, rootKey);
                    } finally {
                        shamir.destroy();
                    }
                    unsealShares = split(secondKey, barrierConfig);
                }

                if (state == StoreState.Kind.INTERRUPTED_INIT) {
                    StoreState.cleanInterruptedInit(storage);
                }
                StoreState.markInitStarted(storage, clock);
                barrier.initialize(rootKey);
                barrier.unseal(rootKey);
                try {
                    storage.put(CorePaths.BARRIER_UNSEAL_KEYS, sealedRootKey);
                    if (isAuto()) {
                        keys.writeConfig(CorePaths.RECOVERY_CONFIG, recoveryConfig);
                        if (sealedRecoveryKey != null) {
                            storage.put(CorePaths.RECOVERY_KEY, sealedRecoveryKey);
                        }
                    }
                    writeClusterInfo();
                    rootToken = tokens.createRoot();
                } finally {
                    barrier.seal();
                }
                // Under an auto seal, unseal through KMS now, before the commit, so that nothing (no KMS round
                // trip) stands between the commit and the answer. A failure does not undo the init: the keys are
                // stored and this answer is the only place they exist, so they are returned with a warning and the
                // auto-unseal loop retries (or says why it cannot).
                if (isAuto()) {
                    try {
                        openWithStoredKeys();
                    } catch (StrongroomException e) {
                        String w = "initialized, but the auto-unseal failed and is pending (retried in the "
                                + "background): " + e.getMessage();
                        LOG.warn("core: {}", w);
                        warnings.add(w);
                    }
                }
                // The commit point, the last write: from here on the store is initialized and the token and the
                // shares are valid. The in-progress marker is removed at the next unseal (see StoreState).
                try {
                    keys.writeConfig(CorePaths.SEAL_CONFIG, barrierConfig);
                } catch (RuntimeException e) {
                    sealForShutdown();
                    throw e;
                }
                initialized = true;
                sharesConfig = isAuto() ? recoveryConfig : barrierConfig;
            } finally {
                Arrays.fill(rootKey, (byte) 0);
                if (secondKey != null) {
                    Arrays.fill(secondKey, (byte) 0);
                }
            }
            LOG.info("core: security barrier initialized: seal_type={} stored_shares=1 recovery_shares={}",
                    sealType(), recoveryConfig == null ? 0 : recoveryConfig.secretShares());
            if (isAuto() && !barrier.isSealed()) {
                LOG.info("core: vault is unsealed (auto seal {}, key {})", sealType(), autoSeal.keyId());
            }
            return new InitResult(unsealShares, recoveryShares, rootToken, warnings);
        }
    }

    /**
     * Removes the init marker that a completed init leaves (its last write is the seal config, so that nothing
     * stands between the commit and the answer). Best effort: beside a seal config the marker means nothing.
     */
    private void removeInitMarker() {
        try {
            if (storage.get(CorePaths.INIT_IN_PROGRESS) != null) {
                storage.delete(CorePaths.INIT_IN_PROGRESS);
            }
        } catch (RuntimeException e) {
            LOG.warn("core: could not remove {} (harmless, removed at the next unseal): {}", CorePaths.INIT_IN_PROGRESS,
                    e.getMessage());
        }
    }

    /**
     * Auto seal: unseals with the KMS-wrapped root key unless an operator sealed the server on purpose.
     *
     * @return true when the server is unsealed on return
     * @throws StrongroomException (often {@link io.strongroom.seal.SealAccessException}) when KMS or storage fails;
     *     the caller retries later
     */
    public boolean tryAutoUnseal() {
        if (!isAuto() || manuallySealed) {
            return serving;
        }
        if (!isInitialized()) {
            return false;
        }
        synchronized (lock) {
            if (!manuallySealed) {
                unsealWithStoredKeys();
            }
            return serving;
        }
    }

    @Override
    public boolean isSealed() {
        return !serving;
    }

    /** Whether an operator sealed this server on purpose (auto-unseal then waits for recovery shares or restart). */
    public boolean isManuallySealed() {
        return manuallySealed;
    }

    /**
     * Opens the barrier with the root key from KMS, after checking every stored key: the root key blob, the recovery
     * key blob (so a damaged one shows now, not at the first recovery operation) and the keyring. Damage is a
     * {@link StorageCorruptedException} naming the entry, which the unseal loop does not retry; a KMS failure is a
     * {@link SealAccessException}, which it does.
     */
    private void unsealWithStoredKeys() {
        if (!barrier.isSealed()) {
            return;
        }
        checkStoredSealType();
        openWithStoredKeys();
        removeInitMarker();
        LOG.info("core: vault is unsealed (auto seal {}, key {})", sealType(), autoSeal.keyId());
    }

    /** The unseal itself, without the seal-config check (init calls it before it writes the seal config). */
    private void openWithStoredKeys() {
        keyChanges.finishInterrupted(autoSeal); // a crash in a root-key rotation or recovery rekey (issue 9)
        try (KeyReader.AutoKeys k = reader.readWithSeal(autoSeal)) {
            KeyReader.openBarrier(barrier, k.rootKey());
            afterUnseal();
            keys.rewrapIfMoved(autoSeal, k.rootBlob(), k.rootKey(), k.recoveryBlob(), k.recoveryKey());
        }
    }

    private SealConfig sharesConfig() {
        SealConfig c = sharesConfig;
        if (c == null) {
            c = keys.readConfig(isAuto() ? CorePaths.RECOVERY_CONFIG : CorePaths.SEAL_CONFIG);
            sharesConfig = c;
        }
        return c;
    }

    private void checkStoredSealType() {
        SealConfig stored = keys.readConfig(CorePaths.SEAL_CONFIG);
        if (stored == null) {
            throw new StorageCorruptedException(CorePaths.SEAL_CONFIG,
                    "barrier reports initialized but no seal configuration found", null);
        }
        if (!sealType().equals(stored.type())) {
            throw new SealMismatchException(stored.type(), sealType());
        }
    }

    /**
     * Refuses a configured seal that differs from the one recorded in storage, before anything else runs: taking
     * it silently would unseal nothing and mislead (a disabled awskms block read as shamir). Does nothing on an
     * uninitialized store.
     *
     * @throws SealMismatchException when the types differ
     * @throws StorageCorruptedException when the store's entries contradict each other
     */
    public void checkConfiguredSeal() {
        if (StoreState.detect(storage) == StoreState.Kind.INITIALIZED) {
            checkStoredSealType();
        }
    }

    /** The token store behind the barrier (the data plane serves {@code auth/token/} from it). */
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public SealStatus sealStatus() {
        boolean initialized = isInitialized();
        SealConfig config = initialized ? sharesConfig() : null;
        boolean sealed = !serving;
        ClusterInfo c = sealed ? null : cluster;
        return new SealStatus(sealType(), initialized, sealed,
                config == null ? 0 : config.secretThreshold(), config == null ? 0 : config.secretShares(),
                progress.progress(), progress.nonce(), settings.version(), settings.buildDate(), false,
                c == null ? null : c.name(), c == null ? null : c.id(),
                isAuto(), isAuto() ? "shamir" : null, settings.storageType());
    }


    @Override
    public SealStatus submitKeyShare(byte[] share) {
        synchronized (lock) {
            if (!isInitialized()) {
                throw new InvalidRequestException("Vault is not initialized");
            }
            if (!barrier.isSealed()) {
                return sealStatus(); // vault-compat: unsealing an unsealed server just reports the status
            }
            SealConfig config = sharesConfig();
            if (config.secretShares() == 0) {
                throw new InvalidRequestException("no recovery key exists (initialized with 0 recovery shares): "
                        + "restart the server to auto-unseal");
            }
            Optional<byte[]> combined = progress.add(share, config);
            if (combined.isEmpty()) {
                return sealStatus();
            }
            byte[] key = combined.get();
            try {
                if (isAuto()) {
                    if (!keys.recoveryKeyMatches(autoSeal, key)) {
                        throw new InvalidRequestException("invalid recovery key");
                    }
                    manuallySealed = false;
                    unsealWithStoredKeys();
                } else {
                    unsealShamir(key);
                }
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            return sealStatus();
        }
    }

    private void unsealShamir(byte[] kek) {
        checkStoredSealType();
        byte[] rootKey = reader.readWithShamir(kek, random);
        try {
            KeyReader.openBarrier(barrier, rootKey);
            afterUnseal();
        } finally {
            Arrays.fill(rootKey, (byte) 0);
        }
        removeInitMarker();
        LOG.info("core: vault is unsealed (shamir)");
    }

    @Override
    public SealStatus resetUnsealProgress() {
        synchronized (lock) {
            resetShares();
        }
        return sealStatus();
    }

    @Override
    public void seal() {
        synchronized (lock) {
            beforeSeal();
            barrier.seal();
            manuallySealed = true;
            cluster = null;
            resetShares();
        }
        LOG.info("core: vault is sealed by request");
    }

    /** Seals without marking it deliberate: for shutdown. */
    public void sealForShutdown() {
        synchronized (lock) {
            beforeSeal();
            barrier.seal();
            cluster = null;
            resetShares();
        }
    }

    @Override
    public HealthStatus health() {
        boolean sealed = !serving;
        ClusterInfo c = sealed ? null : cluster;
        return new HealthStatus(isInitialized(), sealed, false, clock.instant().getEpochSecond(), settings.version(),
                c == null ? null : c.name(), c == null ? null : c.id());
    }

    @Override
    public LeaderStatus leader() {
        if (!serving) {
            throw new SealedException();
        }
        // No HA storage yet: like Vault on a non-HA backend, nobody is "leader".
        return new LeaderStatus(false, false, ZERO_TIME, "", "");
    }

    @Override
    public Optional<TokenInfo> lookupToken(String token) {
        if (!serving) {
            throw new SealedException();
        }
        return tokens.lookup(token).map(e -> new TokenInfo(e.accessor(), e.policies()));
    }

    /**
     * Adds a root token with a chosen id (dev mode's {@code -dev-root-token-id}); returns it.
     *
     * @throws SealedException when sealed
     */
    public String createRootToken(String id) {
        if (!serving) {
            throw new SealedException();
        }
        return tokens.createRoot(id);
    }

    /**
     * Revokes a token (dev mode drops the generated root token once the chosen one exists, as Vault's does).
     *
     * @throws SealedException when sealed
     */
    public void revokeToken(String token) {
        if (!serving) {
            throw new SealedException();
        }
        tokens.revoke(token);
    }

    private void afterUnseal() {
        cluster = readClusterInfo();
        manuallySealed = false;
        try {
            listener.afterUnseal();
        } catch (RuntimeException e) {
            cluster = null;
            barrier.seal();
            throw e;
        }
        serving = true;
    }

    private void beforeSeal() {
        serving = false;
        if (!barrier.isSealed()) {
            try {
                listener.beforeSeal();
            } catch (RuntimeException e) {
                LOG.warn("core: pre-seal step failed (sealing anyway): {}", e.getMessage());
            }
        }
    }

    private void writeClusterInfo() {
        String name = settings.clusterName() != null && !settings.clusterName().isEmpty()
                ? settings.clusterName()
                : "vault-cluster-" + HexFormat.of().formatHex(randomBytes(4));
        ClusterInfo.write(barrier, new ClusterInfo(name, UUID.randomUUID().toString()));
    }

    private ClusterInfo readClusterInfo() {
        return ClusterInfo.read(barrier);
    }

    private List<byte[]> split(byte[] key, SealConfig config) {
        if (config.secretShares() == 1) {
            return List.of(key.clone()); // vault-compat: one share is the key itself
        }
        return Shamir.split(key, config.secretShares(), config.secretThreshold(), random);
    }

    private void resetShares() {
        progress.reset();
    }

    private byte[] randomKey() {
        return randomBytes(32);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

}
