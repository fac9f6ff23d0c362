package io.strongroom.server;

import io.strongroom.audit.AuditBroker;
import io.strongroom.audit.SysAuditEndpoints;
import io.strongroom.barrier.Barrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.core.lifecycle.SealListener;
import io.strongroom.kv.KvBackend;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.policy.Acl;
import io.strongroom.policy.Capability;
import io.strongroom.policy.PathRule;
import io.strongroom.policy.Policy;
import io.strongroom.policy.PolicyEndpoints;
import io.strongroom.policy.PolicyStore;
import io.strongroom.router.Authorizer;
import io.strongroom.router.MountEntry;
import io.strongroom.router.Mounts;
import io.strongroom.router.RequestPipeline;
import io.strongroom.router.SysBackend;
import io.strongroom.router.SysMountEndpoints;
import io.strongroom.router.SysPaths;
import io.strongroom.router.SysSealWrapEndpoints;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealWrapPaths;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.router.TokenResolver;
import io.strongroom.token.TokenBackend;
import io.strongroom.token.TokenEntry;
import io.strongroom.token.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a user stores, assembled: the mount table with its engines (kv), {@code sys/} (mounts, policies,
 * capabilities), {@code auth/token/}, the policy store, and the request pipeline that puts them behind the token
 * and the ACL. Loads its state after every unseal and forgets it before every seal.
 *
 * <p>Barrier layout (vault-compat: dataplane spec 2.5, 3.6, 4.3): {@code core/mounts} the mount table,
 * {@code sys/policy/<name>} policies, {@code core/audit} the audit table and {@code audit/<uuid>/salt} each audit
 * device's salt, {@code sys/token/...} tokens, {@code logical/<uuid>/...} each engine's data.
 */
public final class DataPlane implements SealListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);
    /** How often expired and used-up tokens are removed from storage. */
    private static final long TIDY_MINUTES = 10;

    private final Barrier barrier;
    private final Mounts mounts;
    private final PolicyStore policies;
    private final TokenStore tokens;
    private final RequestPipeline pipeline;
    private final AuditBroker audit;
    private final ScheduledExecutorService tidy;
    private volatile boolean ready;
    private final Rewrapper rewrapper; // null without a KMS seal
    // what sys/step-down does: nothing without HA; the HA coordinator's step-down with it (set once at start-up)
    private final java.util.concurrent.atomic.AtomicReference<Runnable> stepDown =
            new java.util.concurrent.atomic.AtomicReference<>(() -> { });

    /**
     * @param tokens the token store the lifecycle creates root tokens in
     */
    public DataPlane(Barrier barrier, TokenStore tokens, Clock clock, SecureRandom random, String version) {
        this(barrier, tokens, clock, random, version, null, null, List.of());
    }

    /**
     * @param sealWrap the seal-wrap layer below the barrier (its mount prefixes come from the mount table), or
     *     null when the seal has no KMS key
     * @param rewrapper its rewrap, resumed after every unseal once the mounts are known; null with sealWrap
     * @param extraSys more {@code sys/} endpoint groups (the key endpoints of issue 9), served after the built-in ones
     */
    public DataPlane(Barrier barrier, TokenStore tokens, Clock clock, SecureRandom random, String version,
            SealWrapStorage sealWrap, Rewrapper rewrapper, List<SysPaths> extraSys) {
        this.rewrapper = rewrapper;
        this.barrier = barrier;
        this.tokens = tokens;
        this.policies = new PolicyStore(new BarrierView(barrier, "sys/"));
        PolicyEndpoints policyEndpoints = new PolicyEndpoints(policies);
        Mounts.BackendFactory kv = (entry, view) -> KvBackend.create(KvBackend.parseVersion(entry.options()
                .get("version")), view, clock, entry.effectiveDefaultTtl());
        // The sys backend needs the mount table and the mount table lists sys: the table is built with a sys
        // backend whose groups reach the table through this holder.
        MountsHolder holder = new MountsHolder();
        SysPaths mountPaths = new SysPaths() {
            @Override
            public boolean handles(String relativePath) {
                return holder.endpoints.handles(relativePath);
            }

            @Override
            public Response handle(Request request) {
                return holder.endpoints.handle(request);
            }
        };
        SysPaths policyPaths = new SysPaths() {
            @Override
            public boolean handles(String relativePath) {
                return PolicyEndpoints.serves(relativePath);
            }

            @Override
            public Response handle(Request request) {
                return policyEndpoints.handle(request);
            }
        };
        SysPaths capabilities = new SysPaths() {
            @Override
            public boolean handles(String relativePath) {
                return relativePath.equals("capabilities-self");
            }

            @Override
            public Response handle(Request request) {
                return policyEndpoints.capabilitiesSelf(request, policies.aclFor(request.caller().policies()));
            }
        };
        this.audit = new AuditBroker(barrier);
        // capabilities-self before the policy paths: PolicyEndpoints.serves() claims it too, and the first group
        // that claims a path serves it (with the policy group first, sys/capabilities-self was "unsupported path")
        List<SysPaths> sysGroups = new java.util.ArrayList<>(List.of(mountPaths, capabilities, policyPaths,
                new SysAuditEndpoints(audit), new SysSealWrapEndpoints(sealWrap, rewrapper), new SysStepDown(stepDown)));
        sysGroups.addAll(extraSys); // issue 9: the key endpoints
        SysBackend sys = new SysBackend(sysGroups);
        TokenBackend tokenBackend = new TokenBackend(tokens, name -> policies.get(name).isPresent());
        this.mounts = new Mounts(barrier, Map.of(KvBackend.TYPE, kv), List.of(
                new Mounts.Mounted(new MountEntry("sys/", "system", "system endpoints used for control, policy and "
                        + "debugging", "sys", "system_00000000", Map.of(), 0, 0, false, false, true), sys),
                new Mounts.Mounted(new MountEntry("auth/token/", "token", "token based credentials", "token",
                        "auth_token_00000000", Map.of(), 0, 0, false, false, false), tokenBackend)), random,
                sealWrap == null ? SealWrapPaths.NONE : sealWrap);
        holder.endpoints = new SysMountEndpoints(mounts, DataPlane::checkKvVersionChange, version);
        // sealed until the mount table and policies are loaded, not merely until the barrier opens
        this.pipeline = new RequestPipeline(mounts, new Tokens(tokens), new PolicyAuthorizer(policies),
                () -> !ready || barrier.isSealed(), audit);
        this.tidy = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "token-tidy");
            t.setDaemon(true);
            return t;
        });
        tidy.scheduleWithFixedDelay(this::tidyTokens, TIDY_MINUTES, TIDY_MINUTES, TimeUnit.MINUTES);
    }

    private static final class MountsHolder {
        SysMountEndpoints endpoints;
    }

    /** vault-compat: KV 1 to 2 is an upgrade with a warning, 2 to 1 is refused (dataplane spec 4.2). */
    private static String checkKvVersionChange(MountEntry from, MountEntry to, io.strongroom.barrier.BarrierStorage v) {
        if (!from.type().equals(KvBackend.TYPE)) {
            return null;
        }
        return KvBackend.versionChange(KvBackend.parseVersion(from.options().get("version")),
                KvBackend.parseVersion(to.options().get("version"))).orElse(null);
    }

    public RequestPipeline pipeline() {
        return pipeline;
    }

    public Mounts mounts() {
        return mounts;
    }

    /** Sets what {@code sys/step-down} runs (asynchronously, after the request is answered). */
    public void onStepDown(Runnable action) {
        stepDown.set(java.util.Objects.requireNonNull(action, "action"));
    }

    /** The token store (for the token count gauge). */
    public TokenStore tokens() {
        return tokens;
    }

    /** The seal rewrap, or null without a KMS seal (Seal HA's catch-up starts it). */
    public Rewrapper rewrapper() {
        return rewrapper;
    }

    /** The enabled audit devices (SIGHUP reopens them). */
    public AuditBroker audit() {
        return audit;
    }

    @Override
    public void afterUnseal() {
        mounts.load();
        policies.purge(); // HA: another node may have changed policies since this one last served
        policies.ensureDefault();
        audit.load();
        if (rewrapper != null) {
            rewrapper.afterUnseal(); // after the mount table: its seal_wrap prefixes decide what is wrapped
        }
        ready = true;
    }

    @Override
    public void beforeSeal() {
        ready = false;
        if (rewrapper != null) {
            rewrapper.beforeSeal();
        }
        audit.clear();
        mounts.clear();
    }

    private void tidyTokens() {
        try {
            if (ready && !barrier.isSealed()) { // HA: only the active node tidies
                tokens.tidy();
            }
        } catch (RuntimeException e) {
            LOG.warn("token tidy failed (retried in {} min): {}", TIDY_MINUTES, e.getMessage());
        }
    }

    @Override
    public void close() {
        tidy.shutdownNow();
        audit.clear();
    }

    /** The token store as the pipeline's {@link TokenResolver}. */
    private record Tokens(TokenStore store) implements TokenResolver {
        @Override
        public Optional<Session> authenticate(String token) {
            Optional<TokenEntry> entry = store.lookup(token);
            if (entry.isEmpty() || !store.use(entry.get())) {
                return Optional.empty();
            }
            TokenEntry e = entry.get();
            Caller caller = store.caller(e, token);
            return Optional.of(new Session() {
                @Override
                public Caller caller() {
                    return caller;
                }

                @Override
                public void done() {
                    store.revokeIfUsedUp(e);
                }
            });
        }
    }

    /** The policy store as the pipeline's {@link Authorizer}. */
    private record PolicyAuthorizer(PolicyStore store) implements Authorizer {
        @Override
        public Authorizer.Decision check(Caller caller, Operation operation, String path, Map<String, Object> data) {
            io.strongroom.policy.Decision d = store.aclFor(caller.policies()).evaluate(operation, path, data);
            return new Authorizer.Decision(d.allowed(), d.sudo() || d.root());
        }

        @Override
        public List<String> capabilities(Caller caller, String path) {
            return store.aclFor(caller.policies()).capabilities(path);
        }

        @Override
        public boolean anyAccessUnder(Caller caller, String prefix) {
            Acl acl = store.aclFor(caller.policies());
            if (acl.isRoot()) {
                return true;
            }
            List<String> onMount = acl.capabilities(prefix);
            if (!onMount.isEmpty() && !onMount.equals(List.of("deny"))) {
                return true;
            }
            for (String name : caller.policies()) {
                Optional<Policy> p = store.get(name);
                if (p.isEmpty()) {
                    continue;
                }
                for (PathRule rule : p.get().rules()) {
                    if (rule.capabilities().isEmpty() || rule.capabilities().contains(Capability.DENY)) {
                        continue;
                    }
                    if (covers(rule.path(), prefix)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A rule below the mount, or a glob whose fixed part is a prefix of the mount. */
        private static boolean covers(String rulePath, String mount) {
            int wild = indexOfWildcard(rulePath);
            String fixed = wild < 0 ? rulePath : rulePath.substring(0, wild);
            return fixed.startsWith(mount) || (wild >= 0 && mount.startsWith(fixed));
        }

        private static int indexOfWildcard(String p) {
            int star = p.indexOf('*');
            int plus = p.indexOf('+');
            if (star < 0) {
                return plus;
            }
            return plus < 0 ? star : Math.min(star, plus);
        }
    }
}
