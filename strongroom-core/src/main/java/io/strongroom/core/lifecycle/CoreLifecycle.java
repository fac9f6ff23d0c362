package io.strongroom.core.lifecycle;

import io.strongroom.seal.SealSet;

import io.strongroom.barrier.Barrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.token.TokenStore;
import io.strongroom.core.CorePaths;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.base.StrongroomException;
import io.strongroom.seal.SealAccessException;
import io.strongroom.storage.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
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
 * The seal lifecycle over one storage, one barrier and one seal: an auto seal (a {@link io.strongroom.seal.KeyWrapper} such as
 * awskms, with recovery keys) or shamir (operators' unseal key shares). What differs between them is in the
 * {@link SealStrategy}; nothing here asks which seal it runs.
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
    private final SealStrategy seal;
    private final SecureRandom random;
    private final Clock clock;
    private final Settings settings;
    private final StoredKeys keys;
    private final KeyReader reader;
    private final TokenStore tokens;
    private final SealListener listener;
    private final HaState ha;
    private final StoredKeyChanges keyChanges; // issue 9: root-key rotation, recovery rekey (crash-safe writes)
    private final KeyAdmin keyAdmin; // issue 9: rekey, generate-root, sys/rotate/root
    private final KmsHealthCheck sealHealth; // issue 9: null under shamir
    private final List<KmsHealthCheck> sealHealthChecks; // issue 10: one per enabled seal
    private final SealMigration migration; // issue 10: detection and storage changes of a seal migration
    // issue 10: the migration found at the first look at an initialized store (empty: none); null until then
    private volatile Optional<SealMigration.Pending> migrationPending;

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

    public CoreLifecycle(Storage storage, Barrier barrier, SealStrategy seal, SecureRandom random, Clock clock,
            Settings settings) {
        this(storage, barrier, seal, random, clock, settings, null, SealListener.NONE);
    }

    /**
     * @param seal the seal (built by {@link SealStrategies})
     * @param tokens the token store (init creates the root token in it), or null for one over {@link #TOKEN_VIEW}
     * @param listener told after every unseal and before every seal (the data plane)
     */
    public CoreLifecycle(Storage storage, Barrier barrier, SealStrategy seal, SecureRandom random, Clock clock,
            Settings settings, TokenStore tokens, SealListener listener) {
        this(storage, barrier, seal, random, clock, settings, tokens, listener, HaState.OFF);
    }

    /**
     * @param ha the HA state (active or standby) for health and leader answers; {@link HaState#OFF} without HA
     */
    public CoreLifecycle(Storage storage, Barrier barrier, SealStrategy seal, SecureRandom random, Clock clock,
            Settings settings, TokenStore tokens, SealListener listener, HaState ha) {
        this(storage, barrier, seal, random, clock, settings, tokens, listener, ha, SealMigration.Config.NONE);
    }

    /**
     * @param migration the configuration's disabled seal (the old seal of a migration) and where the enabled one
     *     is configured, for the messages (issue 10)
     */
    public CoreLifecycle(Storage storage, Barrier barrier, SealStrategy seal, SecureRandom random, Clock clock,
            Settings settings, TokenStore tokens, SealListener listener, HaState ha, SealMigration.Config migration) {
        this.ha = Objects.requireNonNull(ha, "ha");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.barrier = Objects.requireNonNull(barrier, "barrier");
        this.seal = Objects.requireNonNull(seal, "seal");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new StoredKeys(storage);
        this.reader = new KeyReader(keys);
        this.tokens = tokens != null ? tokens : new TokenStore(new BarrierView(barrier, TOKEN_VIEW), random, clock);
        this.keyChanges = new StoredKeyChanges(storage, barrier, keys);
        this.keyAdmin = new KeyAdmin(new KeyHost(), keyChanges, random);
        this.migration = new SealMigration(storage, barrier, keys, reader, seal, migration, random, clock);
        this.sealHealthChecks = healthChecks(autoSeal(), clock);
        this.sealHealth = sealHealthChecks.isEmpty() ? null : sealHealthChecks.get(0);
    }

    /** One health check per enabled seal; with Seal HA each also marks its member of the set (issue 10). */
    private static List<KmsHealthCheck> healthChecks(io.strongroom.seal.SealSet set, Clock clock) {
        if (set == null || set.primary().isEmpty()) {
            return List.of();
        }
        if (set.enabled().size() == 1) {
            return List.of(new KmsHealthCheck(set.primary().get(), clock));
        }
        return set.enabled().stream()
                .map(m -> new KmsHealthCheck(m.name(), m.wrapper(), clock, set)).toList();
    }

    /** Every enabled seal's health check, priority order (one under a single auto seal, none under shamir). */
    @Override
    public List<KmsHealthCheck> sealHealthChecks() {
        return sealHealthChecks;
    }

    /** sys/seal-backend-status (issue 10): every seal's health and whether every entry is wrapped by every seal. */
    @Override
    public SealBackendStatus sealBackendStatus() {
        List<SealBackendStatus.Backend> backends = new java.util.ArrayList<>();
        Instant earliest = null;
        for (KmsHealthCheck c : sealHealthChecks) {
            KmsHealthCheck.Status st = c.status();
            backends.add(new SealBackendStatus.Backend(c.name(), st.sealType(), st.healthy(), st.unhealthySince(),
                    st.lastSuccess(), true, false));
            if (st.unhealthySince() != null && (earliest == null || st.unhealthySince().isBefore(earliest))) {
                earliest = st.unhealthySince();
            }
        }
        io.strongroom.seal.SealSet set = autoSeal();
        if (set != null) {
            for (io.strongroom.seal.SealSet.Member m : set.readOnly()) {
                backends.add(new SealBackendStatus.Backend(m.name(), m.wrapper().type(), true, null, null, true,
                        true));
            }
        }
        boolean fully = true;
        if (storage instanceof io.strongroom.seal.SealWrapStorage sw) {
            try {
                if (isSealed()) {
                    // while sealed the mount table (which prefixes are wrapped) is unknown, so the key index is not
                    // built from here; the seal generation's record of the last rewrap answers instead
                    io.strongroom.seal.SealGenInfo g = io.strongroom.seal.SealGenInfo.read(storage);
                    fully = g != null && g.rewrapped();
                } else {
                    fully = sw.fullyWrapped();
                }
            } catch (RuntimeException e) {
                fully = false; // storage unreadable: not known to be wrapped
            }
        }
        return new SealBackendStatus(earliest == null && backends.stream().allMatch(SealBackendStatus.Backend::healthy),
                earliest, fully, backends);
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
        public SealSet autoSeal() {
            return CoreLifecycle.this.autoSeal();
        }

        @Override
        public SealConfig sharesConfig() {
            return CoreLifecycle.this.sharesConfig();
        }

        @Override
        public boolean sharesValid(byte[] combinedKey) {
            if (autoSeal() != null) {
                return keys.recoveryKeyMatches(autoSeal(), combinedKey);
            }
            try (KeyReader.UnsealKeys opened = reader.readWithShamir(combinedKey, random)) {
                return opened != null; // the keys are wiped on close
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

    private String sealType() {
        return seal.type();
    }

    /**
     * The seal's auto seals, or null when it has none (shamir): what the key operations of issue 9 (rekey,
     * root-key rotation, generate-root, the KMS health check) act on.
     */
    private SealSet autoSeal() {
        return seal.seals().orElse(null);
    }

    /** The seal this lifecycle runs. */
    public SealStrategy sealStrategy() {
        return seal;
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
            InitConfigs configs = seal.initConfigs(req);
            SealConfig barrierConfig = configs.barrier();
            SealConfig recoveryConfig = configs.recovery();

            // Every seal operation (KMS Encrypt for an auto seal) runs before anything is written: if KMS refuses
            // (no kms:Encrypt, say), storage stays as it was and init can simply be retried.
            byte[] rootKey = randomKey();
            List<String> warnings = new ArrayList<>();
            String rootToken;
            SealStrategy.PreparedInit prepared = null;
            try {
                prepared = seal.prepareInit(rootKey, configs, keys, random);

                if (state == StoreState.Kind.INTERRUPTED_INIT) {
                    StoreState.cleanInterruptedInit(storage);
                }
                StoreState.markInitStarted(storage, clock);
                barrier.initialize(rootKey);
                barrier.unseal(rootKey);
                try {
                    storage.put(CorePaths.BARRIER_UNSEAL_KEYS, prepared.sealedRootKey());
                    seal.writeInitEntries(keys, configs, prepared);
                    writeClusterInfo();
                    rootToken = tokens.createRoot();
                } finally {
                    barrier.seal();
                }
                // Under an auto seal, unseal through KMS now, before the commit, so that nothing (no KMS round
                // trip) stands between the commit and the answer. A failure does not undo the init: the keys are
                // stored and this answer is the only place they exist, so they are returned with a warning and the
                // auto-unseal loop retries (or says why it cannot).
                if (seal.unsealsItself()) {
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
                sharesConfig = keys.readConfig(seal.sharesConfigPath());
            } finally {
                Arrays.fill(rootKey, (byte) 0);
                if (prepared != null) {
                    prepared.close();
                }
            }
            LOG.info("core: security barrier initialized: seal_type={} stored_shares=1 recovery_shares={}",
                    sealType(), recoveryConfig == null ? 0 : recoveryConfig.secretShares());
            if (!barrier.isSealed()) {
                LOG.info("core: vault is unsealed ({})", seal.describe());
            }
            return new InitResult(prepared.unsealShares(), prepared.recoveryShares(), rootToken, warnings);
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
        if (!seal.unsealsItself() || manuallySealed) {
            return serving;
        }
        if (!isInitialized()) {
            return false;
        }
        if (pendingMigration() != null) {
            return false; // vault-compat: no auto-unseal in seal migration mode (vault-seal-spec 6.1)
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
        unsealed();
    }

    /** The unseal itself, without the seal-config check (init calls it before it writes the seal config). */
    private void openWithStoredKeys() {
        keyChanges.finishInterrupted(autoSeal()); // a crash in a root-key rotation or recovery rekey (issue 9)
        try (KeyReader.UnsealKeys k = seal.storedKeys(reader)) {
            open(k);
        }
    }

    /**
     * Opens the barrier with the keys the seal produced and lets the seal tidy its stored keys (re-wrap them under
     * a moved KMS key) before the post-unseal steps, so a background rewrap started by those finds them done.
     */
    private void open(KeyReader.UnsealKeys k) {
        KeyReader.openBarrier(barrier, k.rootKey());
        seal.afterOpen(keys, k);
        afterUnseal();
    }

    /** After an unseal outside init (init's own commit comes later and keeps its marker until then). */
    private void unsealed() {
        removeInitMarker();
        LOG.info("core: vault is unsealed ({})", seal.describe());
    }

    private SealConfig sharesConfig() {
        SealConfig c = sharesConfig;
        if (c == null) {
            c = keys.readConfig(seal.sharesConfigPath());
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
            if (pendingMigration() == null) {
                checkStoredSealType();
            }
        }
    }

    /**
     * The seal migration this store and configuration call for, or null (issue 10). Decided once, at the first look
     * at an initialized store (an interrupted migration is finished or dropped then), and cleared when the
     * migration is performed.
     *
     * @throws io.strongroom.base.ConfigException for a configuration that does not fit the stored seal
     */
    private SealMigration.Pending pendingMigration() {
        Optional<SealMigration.Pending> p = migrationPending;
        if (p == null) {
            if (!isInitialized()) {
                return null;
            }
            synchronized (lock) {
                p = migrationPending;
                if (p == null) {
                    p = migration.detect();
                    migrationPending = p;
                }
            }
        }
        return p.orElse(null);
    }

    /** Whether the server is in seal migration mode: a migration is configured and not yet performed. */
    public boolean migrationPending() {
        return pendingMigration() != null;
    }

    /** The token store behind the barrier (the data plane serves {@code auth/token/} from it). */
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public SealStatus sealStatus() {
        boolean initialized = isInitialized();
        SealMigration.Pending pending = initialized ? pendingMigration() : null;
        if (pending != null) {
            // issue 10: while a migration is pending the status describes the OLD seal, whose shares are asked for
            SealConfig old = keys.readConfig(pending.sharesConfigPath());
            boolean fromAuto = pending.sharesConfigPath().equals(io.strongroom.core.CorePaths.RECOVERY_CONFIG);
            return new SealStatus(keys.readConfig(io.strongroom.core.CorePaths.SEAL_CONFIG).type(), true, !serving,
                    old == null ? 0 : old.secretThreshold(), old == null ? 0 : old.secretShares(), progress.progress(),
                    progress.nonce(), settings.version(), settings.buildDate(), true, null, null, fromAuto,
                    fromAuto ? "shamir" : null, settings.storageType());
        }
        SealConfig config = initialized ? sharesConfig() : null;
        boolean sealed = !serving;
        ClusterInfo c = sealed ? null : cluster;
        return new SealStatus(sealType(), initialized, sealed,
                config == null ? 0 : config.secretThreshold(), config == null ? 0 : config.secretShares(),
                progress.progress(), progress.nonce(), settings.version(), settings.buildDate(), false,
                c == null ? null : c.name(), c == null ? null : c.id(),
                seal.recoverySealType() != null, seal.recoverySealType(), settings.storageType());
    }


    @Override
    public SealStatus submitKeyShare(byte[] share) {
        return submitKeyShare(share, false);
    }

    @Override
    public SealStatus submitKeyShare(byte[] share, boolean migrate) {
        synchronized (lock) {
            if (!isInitialized()) {
                throw new InvalidRequestException("Vault is not initialized");
            }
            if (!barrier.isSealed()) {
                return sealStatus(); // vault-compat: unsealing an unsealed server just reports the status
            }
            SealMigration.Pending pending = pendingMigration();
            if (pending != null && !migrate) {
                // vault-compat: Vault's text (vault-seal-spec 3.5)
                throw new InvalidRequestException("migrate option not provided and seal migration is pending: "
                        + "submit the old seal's shares with 'strongroom operator unseal -migrate'");
            }
            if (pending == null && migrate) {
                // vault-compat: Vault's text, plus which block is missing (pain point #11)
                throw new InvalidRequestException("can't perform a seal migration, no migration seal found: the "
                        + "configuration and the stored seal (" + sealType() + ") call for no migration; to migrate "
                        + "away from an auto seal add its block with disabled = \"true\"");
            }
            if (pending != null) {
                return migrateWithShare(pending, share);
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
                checkStoredSealType();
                try (KeyReader.UnsealKeys k = seal.keysFromShares(key, reader, keys, random)) {
                    open(k);
                }
                unsealed();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            return sealStatus();
        }
    }

    /** One share of the old seal towards a migration; at the threshold, the migration (issue 10). */
    private SealStatus migrateWithShare(SealMigration.Pending pending, byte[] share) {
        SealConfig config = keys.readConfig(pending.sharesConfigPath());
        if (config == null || config.secretShares() == 0) {
            throw new InvalidRequestException("no recovery key exists (initialized with 0 recovery shares): a seal "
                    + "migration needs the old seal's recovery shares");
        }
        Optional<byte[]> combined = progress.add(share, config);
        if (combined.isEmpty()) {
            return sealStatus();
        }
        byte[] key = combined.get();
        try (KeyReader.UnsealKeys k = migration.open(pending, key)) {
            KeyReader.openBarrier(barrier, k.rootKey());
            try {
                migration.migrate(pending, k, key);
            } catch (RuntimeException e) {
                barrier.seal();
                // decided again at the next look: a journalled migration is then finished (or dropped) first
                migrationPending = null;
                throw e;
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        migrationPending = Optional.empty();
        sharesConfig = null;
        afterUnseal();
        unsealed();
        return sealStatus();
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
        if (ha.enabled() && serving && !ha.isActive()) {
            // vault-compat: http/sys_seal.go refuses a standby's seal
            throw new InvalidRequestException("vault cannot seal when in standby mode; please restart instead");
        }
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
        boolean standby = !sealed && ha.enabled() && !ha.isActive();
        return new HealthStatus(isInitialized(), sealed, standby, clock.instant().getEpochSecond(), settings.version(),
                c == null ? null : c.name(), c == null ? null : c.id());
    }

    @Override
    public LeaderStatus leader() {
        if (!serving) {
            throw new SealedException();
        }
        if (ha.enabled()) {
            return ha.leader();
        }
        // vault-compat: on a non-HA backend nobody is "leader"
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
