package io.strongroom.server;

import io.strongroom.awskms.AwsKmsSeal;
import io.strongroom.awskms.AwsKmsSealConfig;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.server.build.BuildInfo;
import io.strongroom.server.http.RequestLimits;
import io.strongroom.token.TokenStore;
import io.strongroom.base.ConfigException;
import io.strongroom.core.lifecycle.AutoUnsealLoop;
import io.strongroom.core.keys.KeyringEndpoints;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.core.lifecycle.SealStrategy;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.seal.SealAccessException;
import io.strongroom.server.config.ListenerConfig;
import io.strongroom.server.config.SealHealthConfig;
import io.strongroom.server.config.SealSelection;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.StorageConfig;
import io.strongroom.server.http.ApiServer;
import io.strongroom.server.http.ListenerSettings;
import io.strongroom.server.metrics.ServerMetrics;
import io.strongroom.server.metrics.TimedBarrier;
import io.strongroom.storage.CachingStorage;
import io.strongroom.storage.FileStorage;
import io.strongroom.storage.InmemStorage;
import io.strongroom.storage.Storage;
import io.strongroom.storage.LeaderLock;
import io.strongroom.postgres.PostgresSettings;
import io.strongroom.postgres.PostgresStorage;
import io.strongroom.core.ha.HaCoordinator;
import io.strongroom.core.ha.LeaderAdvertisement;
import io.strongroom.core.lifecycle.HaState;
import io.strongroom.server.http.StandbyForwarder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server, assembled from a {@link ServerConfig} and the environment: storage, barrier, seal, seal
 * lifecycle, HTTP listeners and (auto seal) the auto-unseal loop. {@link #close()} stops serving and wipes keys.
 *
 * <p>Start-up with awskms: {@code DescribeKey} runs first. A configuration mistake (access denied, no such key,
 * disabled key, no credentials) stops the start with the reason, as Vault does. KMS unreachable or throttled does
 * not: the server comes up sealed, answers {@code sys/health} with 503, and the auto-unseal loop keeps trying
 * every {@link #UNSEAL_INTERVAL} until KMS answers (Vault would exit and rely on a restart loop; staying up lets
 * health checks see why).
 */
public final class StrongroomServer implements AutoCloseable {

    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT} (see {@link BuildInfo}). */
    public static final String VERSION = BuildInfo.VERSION;
    /** When this build was made, UTC, RFC 3339 (see {@link BuildInfo}). */
    public static final String BUILD_DATE = BuildInfo.BUILD_DATE;
    static final Duration UNSEAL_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(StrongroomServer.class);

    private final Storage storage;
    private final CoreLifecycle lifecycle;
    private final DataPlane dataPlane;
    private final ApiServer api;
    private final AutoUnsealLoop unsealLoop;
    private final KeyMaintenance keyMaintenance;
    private final AtomicReference<AwsKmsSeal> kmsSeal;
    private final AtomicReference<AwsKmsSeal> oldKmsSeal; // issue 10: the disabled seal of a migration
    private final Map<String, String> banner;
    private final SealHaWiring sealHa; // issue 10: null without Seal HA
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private StrongroomServer(Storage storage, CoreLifecycle lifecycle, DataPlane dataPlane, ApiServer api,
            AutoUnsealLoop unsealLoop, AtomicReference<AwsKmsSeal> kmsSeal, Map<String, String> banner, HaCoordinator ha,
            KeyMaintenance keyMaintenance, AtomicReference<AwsKmsSeal> oldKmsSeal, SealHaWiring sealHa) {
        this.keyMaintenance = keyMaintenance;
        this.oldKmsSeal = oldKmsSeal;
        this.sealHa = sealHa;
        this.storage = storage;
        this.lifecycle = lifecycle;
        this.dataPlane = dataPlane;
        this.api = api;
        this.unsealLoop = unsealLoop;
        this.kmsSeal = kmsSeal;
        this.banner = banner;
        this.ha = ha;
    }

    private final HaCoordinator ha; // null without HA

    /**
     * Builds and starts the server.
     *
     * @param listenerOverride listeners to use instead of the config's (dev mode), or null
     * @throws ConfigException for bad configuration
     * @throws SealAccessException when the KMS key is misconfigured (not when merely unreachable)
     */
    public static StrongroomServer start(ServerConfig config, Map<String, String> env, List<ListenerSettings> listenerOverride) {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        StorageConfig storageConfig = config.storage()
                .orElseThrow(() -> new ConfigException("a storage stanza is required, e.g. storage \"file\" { path = \"/var/lib/strongroom\" }"));
        SealSelection.EffectiveSeal seal = SealSelection.effective(config, env);
        List<SealSelection.HaSeal> haSeals = SealSelection.haSeals(config, env); // issue 10: empty without Seal HA
        List<SealHealthConfig> haHealth = SealHaWiring.healthConfigs(haSeals);
        // before anything is opened: a bad value stops the start with nothing to release
        SealHealthConfig healthConfig = seal.block().map(blk -> SealHealthConfig.from(blk.body()))
                .orElse(SealHealthConfig.DEFAULTS);
        ServerMetrics metrics = new ServerMetrics(config.telemetry(), clock);
        OpenedStorage openedStorage = openStorage(storageConfig, config.cacheSize(), env);
        Storage storage = openedStorage.storage(); // from here on, every failure closes it (folder lock, connections)
        io.strongroom.seal.SealGenInfo sealGeneration;
        try {
            // Seal HA's safety checks refuse a seal change before anything is written (issue 10)
            sealGeneration = SealHaWiring.generation(storage, config, env, haSeals, seal);
        } catch (RuntimeException e) {
            closeStorage(storage);
            throw e;
        }
        List<ListenerSettings> listeners = listenerOverride != null ? listenerOverride : listenerSettings(config);
        HaCoordinator ha = null;
        AtomicReference<CoreLifecycle> lifecycleRef = new AtomicReference<>();
        AtomicReference<AwsKmsSeal> kmsSeal = new AtomicReference<>();
        DeferredKeyWrapper autoSeal = null;
        CompletableFuture<SealAccessException> sealCheck = CompletableFuture.completedFuture(null);
        SealHaWiring sealHa = null;
        if (!haSeals.isEmpty()) {
            // Seal HA: every seal checked at once; the start goes on as soon as any one works
            sealHa = SealHaWiring.build(haSeals, sealGeneration.generation(), metrics.kmsObserver(), random, clock);
            sealCheck = sealHa.checkAll(StrongroomServer::startDaemon);
        } else if (seal.awskms().isPresent()) {
            AwsKmsSealConfig kmsConfig = seal.awskms().get();
            // the client is built once; while KMS is unreachable only the key check (DescribeKey) is retried
            DeferredKeyWrapper deferred = new DeferredKeyWrapper("awskms", kmsConfig.kmsKeyId().value(),
                    () -> kmsSeal.updateAndGet(s -> s != null ? s : AwsKmsSeal.connect(kmsConfig, env, metrics.kmsObserver())).checkKey(random));
            autoSeal = deferred;
            // The KMS client's first call (DescribeKey) costs most of a start: AWS SDK class loading and set-up.
            // Run it beside the listener's start-up instead of before it (start-up benchmark, docs/benchmarks.md).
            sealCheck = CompletableFuture.supplyAsync(deferred::tryBuild, StrongroomServer::startDaemon);
        }
        // issue 10: the disabled seal block of a migration, connected on first use (only a pending migration and
        // values it still wraps need it)
        AtomicReference<AwsKmsSeal> oldKmsSeal = new AtomicReference<>();
        MigrationSeal migrationSeal = MigrationSeal.from(config, seal, env, random, oldKmsSeal, metrics);

        CoreLifecycle lifecycle;
        DataPlane dataPlane;
        io.strongroom.barrier.KeyringAdmin keyring;
        try {
            // the factory picks the behaviour by type; only the awskms wrapper is built here (it needs the config)
            SealStrategy sealStrategy = sealHa != null ? SealStrategies.create("awskms", sealHa.set())
                    : migrationSeal != null ? migrationSeal.strategy(seal, autoSeal, clock)
                    : SealStrategies.create(seal.type(), autoSeal == null ? List.of() : List.of(autoSeal));
            // seal wrapping sits between the barrier and the storage when the seal has a KMS key (not under shamir;
            // but on the way to shamir the old seal still reads what it wrapped: issue 10)
            SealWrapStorage sealWrap = sealStrategy.seals()
                    .or(() -> migrationSeal == null ? java.util.Optional.empty()
                            : java.util.Optional.of(migrationSeal.readOnly(clock)))
                    .map(seals -> new SealWrapStorage(storage, seals, sealWrapSettings(config))).orElse(null);
            Rewrapper rewrapper = sealWrap == null ? null
                    : new Rewrapper(sealWrap, storage, Rewrapper.Settings.defaults());
            if (rewrapper != null && sealGeneration != null) {
                SealHaWiring.RewrappedFlag flag = new SealHaWiring.RewrappedFlag(storage, sealGeneration);
                rewrapper.onComplete(flag::runEnded);
                sealStrategy.seals().ifPresent(set -> set.onPartialWrap(flag::partialWrap));
            }
            Storage belowBarrier = sealWrap == null ? storage : sealWrap;
            AesGcmBarrier barrier = new AesGcmBarrier(belowBarrier, random, clock);
            // the data plane's barrier operations are timed (vault.barrier.*); the lifecycle's own are not
            TimedBarrier timed = new TimedBarrier(barrier, metrics);
            TokenStore tokens = new TokenStore(new BarrierView(timed, CoreLifecycle.TOKEN_VIEW), random, clock);
            // issue 9: sys/rotate, sys/key-status, sys/rotate/config, sys/rotate/root (the lifecycle comes next)
            KeyringEndpoints keyEndpoints = new KeyringEndpoints(barrier, () -> {
                CoreLifecycle l = lifecycleRef.get();
                return l == null ? null : l.keyAdmin();
            });
            dataPlane = new DataPlane(timed, tokens, clock, random, VERSION, sealWrap, rewrapper, List.of(keyEndpoints));
            if (openedStorage.lock() != null) {
                ha = new HaCoordinator(openedStorage.lock(), barrier, dataPlane, storageHooks(openedStorage.cache(), barrier),
                        HaAddresses.resolve(config, env, listeners), clock,
                        () -> lifecycleRef.get() != null && lifecycleRef.get().isInitialized());
                dataPlane.onStepDown(ha::stepDown);
            }
            lifecycle = new CoreLifecycle(belowBarrier, barrier, sealStrategy, random, clock,
                    new CoreLifecycle.Settings(VERSION, BUILD_DATE, storageConfig.type(), config.clusterName()),
                    tokens, ha != null ? ha : dataPlane, ha != null ? ha : HaState.OFF,
                    migrationSeal == null ? MigrationSeal.noMigration(seal) : migrationSeal.config(seal));
            lifecycleRef.set(lifecycle);
            keyring = barrier;
        } catch (RuntimeException e) {
            sealCheck.exceptionally(ignored -> null).join();
            AwsKmsSeal opened = kmsSeal.getAndSet(null);
            if (opened != null) {
                opened.close();
            }
            if (sealHa != null) {
                sealHa.close();
            }
            MigrationSeal.close(oldKmsSeal);
            closeStorage(storage);
            throw e;
        }
        CoreLifecycle core = lifecycle;
        metrics.unsealedGauge(() -> !core.isSealed());
        HaCoordinator haState = ha;
        metrics.activeGauge(() -> !core.isSealed() && (haState == null || haState.isActive())); // HA: standbys 0
        DataPlane plane = dataPlane;
        metrics.tokenCountGauge(() -> plane.tokens().accessors().size());
        metrics.auditFailures(plane.audit());
        // issue 9: the keyring's automatic rotation check and the seal health check; automatic rotation writes, so
        // it runs on the active node only (a standby's write would be fenced off anyway)
        if (sealHa != null) {
            core.sealHealthChecks().forEach(c -> metrics.sealHealthGauges(c, c.name())); // one series per seal
        } else if (core.sealHealth() != null) {
            metrics.sealHealthGauges(core.sealHealth());
        }
        HaCoordinator haNode = ha;
        KeyMaintenance maintenance = sealHa == null
                ? new KeyMaintenance(keyring, core.sealHealth(), healthConfig,
                        () -> !core.isSealed() && (haNode == null || haNode.isActive()))
                : new KeyMaintenance(keyring, core.sealHealthChecks(), haHealth,
                        () -> !core.isSealed() && (haNode == null || haNode.isActive()));
        Rewrapper catchUp = dataPlane.rewrapper();
        if (sealHa != null && catchUp != null) {
            // Seal HA: a seal back from an outage gets the entries written without it (partially wrapped)
            core.sealHealthChecks().forEach(c -> c.onRecovered(catchUp::catchUp));
        }
        AutoUnsealLoop loop = !lifecycle.sealStrategy().unsealsItself() ? null : new AutoUnsealLoop(lifecycle, UNSEAL_INTERVAL,
                Duration.ofSeconds(60), metrics::unsealAttempt);

        ApiServer api = null;
        StandbyForwarder standby = ha == null ? null : forwarder(ha, lifecycle);
        try {
            // a store initialized by another seal is refused before anything listens (no silent seal change), unless
            // the configuration is a seal migration (issue 10), which is decided by the stored key ids: the new
            // seal's key ARN must be known first
            if (migrationSeal != null) {
                SealAccessException unreachable = sealCheck.join();
                if (unreachable != null) {
                    // Without the new key's ARN the stored key ids cannot tell a pending migration from a finished
                    // one; guessing "pending" would keep a migrated server sealed. So, as Vault does for any seal,
                    // a configuration with a disabled seal needs its enabled KMS key reachable at start.
                    throw new ConfigException("the KMS key of the enabled seal could not be reached at start ("
                            + unreachable.getMessage() + "): with a disabled seal block in the configuration it is "
                            + "needed to tell whether the seal migration is done; start again when KMS answers, or "
                            + "remove the disabled block once the migration is complete");
                }
            }
            lifecycle.checkConfiguredSeal();
            if (loop != null) {
                // unseal as soon as the key is checked, even if the listener is still starting (after the seal
                // check above, so that a refused configuration never reaches the unseal loop)
                sealCheck.thenRun(loop::start);
            }
            api = new ApiServer(lifecycle, dataPlane.pipeline(), VERSION, clock, listeners,
                    ApiServer.DEFAULT_STOP_TIMEOUT, RequestLimits.forListeners(listeners), metrics,
                    Boolean.TRUE.equals(config.ui()), standby);
            api.start();
            SealAccessException pending = sealCheck.join();
            if (pending != null) {
                LOG.warn("seal: AWS KMS is not reachable yet; starting sealed and retrying every {} s: {}",
                        UNSEAL_INTERVAL.toSeconds(), pending.getMessage());
            }
        } catch (Exception e) {
            // a misconfigured seal (access denied, no such key, disabled key), bad TLS files, or a listener that
            // cannot bind: release everything, after the seal check has finished with the client
            sealCheck.exceptionally(ignored -> null).join();
            if (loop != null) {
                loop.close();
            }
            if (api != null) {
                closeQuietly(api);
            }
            AwsKmsSeal opened = kmsSeal.getAndSet(null);
            if (opened != null) {
                opened.close();
            }
            if (sealHa != null) {
                sealHa.close();
            }
            MigrationSeal.close(oldKmsSeal);
            closeStorage(storage); // releases the storage folder's lock for the next attempt
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof io.strongroom.base.StrongroomException se) {
                throw se;
            }
            throw new ConfigException("cannot start the listener(s) " + listeners.stream().map(ListenerSettings::address).toList()
                    + ": " + cause.getMessage(), cause);
        }

        Map<String, String> banner = banner(config, storageConfig, seal, autoSeal, kmsSeal.get(), api, listeners);
        if (sealHa != null) {
            banner.putAll(sealHa.banner());
        }
        if (ha != null) {
            banner.put("HA Enabled", "true (lease " + ha.timings().lease().toMillis() + " ms, renew every "
                    + ha.timings().renewInterval().toMillis() + " ms)");
        }
        maintenance.start();
        if (migrationSeal != null) {
            banner.put("Disabled Seal", migrationSeal.describe());
        }
        return new StrongroomServer(storage, lifecycle, dataPlane, api, loop, kmsSeal, banner, ha, maintenance,
                oldKmsSeal, sealHa);
    }

    /**
     * What is seal-wrapped (vault-compat: vault-seal-spec 5): the critical entries, the keyring and the root-key
     * copy, always (unless {@code disable_sealwrap}); the stored-key blobs are KMS blobs of their own, indexed and
     * re-wrapped but not wrapped twice. The seal configs stay plain: they are read while sealed (seal-status, the
     * seal-type check at start) when KMS may be unreachable, and hold no secret.
     */
    private static SealWrapStorage.Settings sealWrapSettings(ServerConfig config) {
        return new SealWrapStorage.Settings(!config.disableSealwrap(),
                java.util.Set.of(io.strongroom.barrier.BarrierPaths.KEYRING, io.strongroom.barrier.BarrierPaths.ROOT_KEY),
                List.of("core/upgrade/"),
                java.util.Set.of(io.strongroom.core.CorePaths.BARRIER_UNSEAL_KEYS, io.strongroom.core.CorePaths.RECOVERY_KEY),
                10_000);
    }

    private static void startDaemon(Runnable task) {
        Thread t = new Thread(task, "seal-open");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(ApiServer api) {
        try {
            api.close();
        } catch (Exception e) {
            LOG.debug("while closing the listeners after a failed start: {}", e.toString());
        }
    }

    /** Closes a storage that holds resources (file storage: its folder lock); others need nothing. */
    private static void closeStorage(Storage storage) {
        if (storage instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("core: error while closing the storage: {}", e.toString());
            }
        }
    }

    /** The storage as the barrier sees it, its read cache (or null) and its HA lock (null without HA). */
    private record OpenedStorage(Storage storage, CachingStorage cache, LeaderLock lock) {
    }

    private static OpenedStorage openStorage(StorageConfig config, int cacheSize, Map<String, String> env) {
        if (config instanceof StorageConfig.File f) {
            FileStorage files = new FileStorage(Path.of(f.path()));
            // vault-compat: the physical read cache, on unless disable_cache; safe because the folder lock makes
            // this process the only writer
            CachingStorage cache = cacheSize > 0 ? new CachingStorage(files, cacheSize) : null;
            return new OpenedStorage(cache != null ? cache : files, cache, null);
        }
        if (config instanceof StorageConfig.Inmem) {
            return new OpenedStorage(new InmemStorage(), null, null);
        }
        if (config instanceof StorageConfig.Postgresql pg) {
            PostgresStorage db = PostgresStorage.open(PostgresSettings.resolve(pg.raw(), env));
            CachingStorage cache = cacheSize > 0 ? new CachingStorage(db, cacheSize) : null;
            LeaderLock lock = db.haEnabled() ? db.leaderLock() : null;
            if (lock != null && cache != null) {
                cache.setEnabled(false); // vault-compat: off until this node is active (another node writes)
            }
            return new OpenedStorage(cache != null ? cache : db, cache, lock);
        }
        throw new ConfigException("storage \"" + config.type() + "\" is not available in this version; use \"file\", \"inmem\" or \"postgresql\"");
    }

    private static HaCoordinator.StorageHooks storageHooks(CachingStorage cache, AesGcmBarrier barrier) {
        return new HaCoordinator.StorageHooks() {
            @Override
            public void beforeActive() {
                if (cache != null) {
                    cache.purge();
                    cache.setEnabled(true);
                }
                barrier.reloadKeyring();
            }

            @Override
            public void afterStandby() {
                if (cache != null) {
                    cache.setEnabled(false);
                }
            }

            @Override
            public void standbyRefresh() {
                if (!barrier.isSealed()) {
                    barrier.reloadKeyring(); // a rotation by the active node (one read; a no-op when unchanged)
                }
            }
        };
    }

    private static StandbyForwarder forwarder(HaCoordinator ha, CoreLifecycle lifecycle) {
        return new StandbyForwarder(new StandbyForwarder.Cluster() {
            @Override
            public boolean isStandby() {
                return !lifecycle.isSealed() && !ha.isActive();
            }

            @Override
            public java.util.Optional<String> activeApiAddr() {
                return ha.activeAddress().map(LeaderAdvertisement::redirectAddr);
            }

            @Override
            public long leadershipLosses() {
                return ha.leadershipLosses();
            }

            @Override
            public long leadershipLossesNoticed() {
                return ha.leadershipLossesNoticed();
            }
        }, Duration.ofSeconds(90)); // vault-compat: default_max_request_duration
    }

    private static List<ListenerSettings> listenerSettings(ServerConfig config) {
        List<ListenerSettings> out = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            out.add(new ListenerSettings(l.address(), l.tlsDisable(), l.tlsCertFile(), l.tlsKeyFile(), l.tlsMinVersion(),
                    l.tlsMaxVersion(), l.tlsCipherSuites(), l.tlsClientCaFile(), l.tlsRequireAndVerifyClientCert(),
                    l.tlsDisableClientCerts(), l.unauthenticatedMetricsAccess(), l.limits()));
        }
        if (out.isEmpty()) {
            throw new ConfigException("a listener stanza is required, e.g. listener \"tcp\" { address = \"127.0.0.1:8200\" tls_disable = true }");
        }
        return out;
    }

    private static Map<String, String> banner(ServerConfig config, StorageConfig storage, SealSelection.EffectiveSeal seal,
            DeferredKeyWrapper autoSeal, AwsKmsSeal kms, ApiServer api, List<ListenerSettings> listeners) {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("Api Address", config.apiAddr() != null ? config.apiAddr() : "http://" + listeners.get(0).address());
        for (int i = 0; i < listeners.size(); i++) {
            ListenerSettings l = listeners.get(i);
            b.put("Listener " + (i + 1), "tcp (addr: \"" + l.host() + ":" + api.port(i) + "\", tls: \""
                    + (l.tlsDisable() ? "disabled" : "enabled") + "\")");
        }
        b.put("Log Level", config.logLevel() == null ? "info" : config.logLevel());
        b.put("Mlock", "supported: false, enabled: false (no meaning on the JVM)");
        b.put("Storage", storage.type());
        b.put("Seal Type", seal.type());
        b.put("Seal Source", seal.reason());
        if (autoSeal != null) {
            AwsKmsSealConfig c = seal.awskms().orElseThrow();
            b.put("AWS KMS Region", kms != null ? kms.client().region().toString() : c.region().toString());
            b.put("AWS KMS KeyID", autoSeal.keyId() + "  [kms_key_id = " + c.kmsKeyId() + "]");
            b.put("AWS KMS Endpoint", kms != null && kms.client().endpoint().isSet() ? kms.client().endpoint().toString()
                    : c.endpoint().isSet() ? c.endpoint().toString() : "(the region's default)");
            if (kms != null) {
                b.put("AWS Credentials", kms.client().effectiveCredentialSource());
            }
        }
        b.put("Version", "Strongroom v" + VERSION + " (" + BuildInfo.COMMIT + ")");
        return b;
    }

    /** The start-up banner's lines (non-secret), in order. */
    public Map<String, String> banner() {
        return banner;
    }

    public CoreLifecycle lifecycle() {
        return lifecycle;
    }

    /** Mounts, policies and tokens behind the request pipeline. */
    public DataPlane dataPlane() {
        return dataPlane;
    }

    /** The bound port of listener {@code i} (useful with port 0). */
    public int port(int i) {
        return api.port(i);
    }

    /**
     * Re-reads the TLS certificate and key of every TLS listener without closing them (Vault's SIGHUP).
     *
     * @return one message per listener that kept its old pair because the new files are broken
     */
    public List<String> reloadTls() {
        return api.reloadTls();
    }

    /**
     * Stops serving, stops the unseal loop, wipes keys from memory, closes the KMS client and then the storage
     * (releasing a file storage folder's lock). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("core: shutting down");
        if (unsealLoop != null) {
            unsealLoop.close();
        }
        keyMaintenance.close();
        if (ha != null) {
            // HA: give the lock up first, so a standby takes over at once; while the listeners drain, this node
            // forwards what still arrives to the new active node
            ha.beforeSeal();
        }
        try {
            api.close();
        } catch (Exception e) {
            LOG.warn("core: error while stopping the listeners: {}", e.toString());
        } finally {
            lifecycle.sealForShutdown();
            dataPlane.close();
            AwsKmsSeal kms = kmsSeal.getAndSet(null);
            try {
                MigrationSeal.close(oldKmsSeal);
                if (kms != null) {
                    kms.close();
                }
                if (sealHa != null) {
                    sealHa.close();
                }
            } finally {
                closeStorage(storage); // last: nothing writes after the seal above
            }
        }
    }
}
