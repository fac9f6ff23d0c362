package io.strongroom.server;

import io.strongroom.awskms.AwsKmsSeal;
import io.strongroom.awskms.KmsCallObserver;
import io.strongroom.core.CorePaths;
import io.strongroom.seal.SealAccessException;
import io.strongroom.seal.SealGenInfo;
import io.strongroom.seal.SealSet;
import io.strongroom.server.config.SealHealthConfig;
import io.strongroom.server.config.SealSelection;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.storage.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seal HA in the server (issue 10): one {@link DeferredKeyWrapper} per enabled {@code seal "awskms"} stanza, the
 * {@link SealSet} over them, the start-up key check that succeeds when any one seal works, and the seal generation
 * ({@code core/seal-gen-info}) with its safety checks. Kept apart from {@link StrongroomServer} so the single-seal
 * start stays as it was.
 */
final class SealHaWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SealHaWiring.class);

    private record Built(SealSelection.HaSeal config, DeferredKeyWrapper wrapper,
            AtomicReference<AwsKmsSeal> client) {}

    private final List<Built> members;
    private final SealSet set;

    private SealHaWiring(List<Built> members, SealSet set) {
        this.members = members;
        this.set = set;
    }

    /**
     * Builds the members; no KMS call yet.
     *
     * @param generation written into multi-slot values
     */
    static SealHaWiring build(List<SealSelection.HaSeal> seals, long generation, KmsCallObserver observer,
            SecureRandom random, Clock clock) {
        List<Built> members = new ArrayList<>();
        List<SealSet.Member> setMembers = new ArrayList<>();
        for (SealSelection.HaSeal h : seals) {
            AtomicReference<AwsKmsSeal> client = new AtomicReference<>();
            // each seal resolves its own credentials from its own (suffixed) environment
            DeferredKeyWrapper w = new DeferredKeyWrapper("awskms", h.awskms().kmsKeyId().value(),
                    () -> client.updateAndGet(s -> s != null ? s : AwsKmsSeal.connect(h.awskms(), h.env(), observer))
                            .checkKey(random));
            members.add(new Built(h, w, client));
            setMembers.add(new SealSet.Member(h.name(), h.priority(), w));
        }
        return new SealHaWiring(List.copyOf(members), new SealSet(generation, setMembers, List.of(), clock));
    }

    SealSet set() {
        return set;
    }

    /**
     * Each seal's health-check settings, priority order (as the lifecycle's health checks); read before anything
     * is opened, so a bad value stops the start with nothing to release.
     *
     * @throws io.strongroom.base.ConfigException for a bad health-check value
     */
    static List<SealHealthConfig> healthConfigs(List<SealSelection.HaSeal> seals) {
        return seals.stream().map(h -> SealHealthConfig.from(h.block().body())).toList();
    }

    /**
     * The start-up key check ({@code DescribeKey}) of every seal at once. Completes with null as soon as one seal
     * works; a seal that fails is marked unhealthy (writes skip it, reads try it last) and logged, whatever the
     * reason: one seal misconfigured or its region down must not stop the server while another seal works. Only
     * when every seal fails: exceptionally with the first configuration error, else with the first transient
     * failure (the server then starts sealed and its unseal loop retries, as with one seal).
     */
    CompletableFuture<SealAccessException> checkAll(Executor executor) {
        CompletableFuture<SealAccessException> result = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(members.size());
        AtomicReference<SealAccessException> firstTransient = new AtomicReference<>();
        AtomicReference<RuntimeException> firstFatal = new AtomicReference<>();
        java.util.Set<String> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        members.forEach(m -> unanswered.add(m.config().name()));
        for (Built m : members) {
            CompletableFuture.runAsync(() -> {
                try {
                    SealAccessException pending = m.wrapper().tryBuild();
                    unanswered.remove(m.config().name());
                    if (pending == null) {
                        if (result.complete(null)) {
                            set.markHealthy(m.config().name());
                            // the unseal goes on now: a seal still waiting on its endpoint (a black-holed region)
                            // is tried last until it answers, so no read waits for its timeout
                            unanswered.forEach(set::markUnhealthy);
                        }
                        // A seal that answers only after another one opened the way may have been marked
                        // unhealthy meanwhile, and values written since may lack its slot: its health check, not
                        // this late answer, marks it healthy again, which also starts the catch-up rewrap.
                    } else {
                        set.markUnhealthy(m.config().name());
                        firstTransient.compareAndSet(null, pending);
                        LOG.warn("seal: Seal HA: seal \"{}\" is not reachable yet; the other seal(s) are used and its "
                                + "health check retries it: {}", m.config().name(), pending.getMessage());
                    }
                } catch (RuntimeException e) {
                    unanswered.remove(m.config().name());
                    set.markUnhealthy(m.config().name());
                    firstFatal.compareAndSet(null, e);
                    LOG.warn("seal: Seal HA: seal \"{}\" cannot be used; the other seal(s) are used and its health "
                            + "check retries it: {}", m.config().name(), e.getMessage());
                } finally {
                    if (left.decrementAndGet() == 0 && !result.isDone()) {
                        if (firstFatal.get() != null && firstTransient.get() == null) {
                            result.completeExceptionally(firstFatal.get());
                        } else {
                            result.complete(firstTransient.get());
                        }
                    }
                }
            }, executor);
        }
        return result;
    }

    /** Start-up banner lines, one per seal. */
    Map<String, String> banner() {
        Map<String, String> b = new LinkedHashMap<>();
        for (Built m : members) {
            AwsKmsSeal kms = m.client().get();
            b.put("Seal HA " + m.config().priority(), m.config().name() + ": key " + m.wrapper().keyId()
                    + ", region " + (kms != null ? kms.client().region() : m.config().awskms().region())
                    + (set.isUnhealthy(m.config().name()) ? " (unhealthy)" : ""));
        }
        return b;
    }

    @Override
    public void close() {
        for (Built m : members) {
            AwsKmsSeal kms = m.client().getAndSet(null);
            if (kms != null) {
                try {
                    kms.close();
                } catch (RuntimeException e) {
                    LOG.debug("seal: closing the KMS client of {}: {}", m.config().name(), e.toString());
                }
            }
        }
    }

    // ---- the seal generation ----

    /**
     * Decides and records the seal generation for this start (vault-seal-spec 6.4): with several seals, or when a
     * generation is stored already (a store that had Seal HA), the configured seals are compared with the stored
     * ones and the safety checks apply; a change is written before anything else (generation + 1). A plain
     * single-seal store without {@code core/seal-gen-info} is left as it is. A configuration with a disabled seal
     * (a migration) is the migration's and is not checked here.
     *
     * @return the generation to run under, or null when Seal HA does not apply
     * @throws io.strongroom.base.ConfigException when a safety check refuses the change (storage unchanged)
     */
    static SealGenInfo generation(Storage storage, ServerConfig config, Map<String, String> env,
            List<SealSelection.HaSeal> ha, SealSelection.EffectiveSeal seal) {
        if (config.seals().stream().anyMatch(s -> s.disabled())) {
            return null;
        }
        SealGenInfo stored = SealGenInfo.read(storage);
        if (ha.isEmpty() && (stored == null || seal.awskms().isEmpty())) {
            return null;
        }
        List<SealGenInfo.Seal> configured = new ArrayList<>();
        if (ha.isEmpty()) {
            Object name = seal.block().map(b -> b.body().get("name")).orElse(null);
            configured.add(new SealGenInfo.Seal(name instanceof String n ? n : seal.type(), seal.type(), 1, false));
        } else {
            ha.forEach(h -> configured.add(new SealGenInfo.Seal(h.name(), "awskms", h.priority(), false)));
        }
        boolean initialized = storage.get(CorePaths.SEAL_CONFIG) != null;
        boolean safetyOff = "disable".equalsIgnoreCase(String.valueOf(env.get(SealGenInfo.SAFETY_ENV)).trim());
        SealGenInfo.Decision d = SealGenInfo.decide(stored, configured, initialized,
                SealSelection.multisealEnabled(config, env), safetyOff);
        if (d.changed()) {
            if (safetyOff) {
                LOG.warn("seal: VAULT_SEAL_REWRAP_SAFETY=disable: the Seal HA safety checks are skipped");
            }
            d.next().write(storage);
            LOG.info("seal: seal generation {} with seals {} (was {}); a rewrap brings every entry to these seals "
                    + "after unseal", d.next().generation(), d.next().names(),
                    stored == null ? "none recorded" : stored.generation() + " " + stored.names());
        }
        return d.next();
    }

    /**
     * Keeps {@code Rewrapped} of core/seal-gen-info true only while every entry is wrapped by every seal: false
     * (one write) at the first partially wrapped value, before it is stored; true again when a rewrap run ends
     * fully wrapped. The safety checks at the next start read it.
     */
    static final class RewrappedFlag {
        private final Storage storage;
        private volatile boolean partial;

        RewrappedFlag(Storage storage, SealGenInfo start) {
            this.storage = storage;
            this.partial = !start.rewrapped();
        }

        void partialWrap() {
            if (!partial) {
                partial = true;
                recordRewrapped(storage, false);
            }
        }

        void runEnded(boolean fullyWrapped) {
            partial = !fullyWrapped;
            recordRewrapped(storage, fullyWrapped);
        }
    }

    /** After a rewrap run: records in core/seal-gen-info whether every entry is now wrapped by every seal. */
    static void recordRewrapped(Storage storage, boolean fullyWrapped) {
        try {
            SealGenInfo g = SealGenInfo.read(storage);
            if (g != null && g.rewrapped() != fullyWrapped) {
                g.withRewrapped(fullyWrapped).write(storage);
                if (fullyWrapped) {
                    LOG.info("seal: seal generation {} is fully wrapped: every entry is wrapped by every seal {}",
                            g.generation(), g.names());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("seal: could not record the rewrap in {}: {}", SealGenInfo.PATH, e.getMessage());
        }
    }
}
