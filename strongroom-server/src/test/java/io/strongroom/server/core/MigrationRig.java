package io.strongroom.server.core;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierPaths;
import io.strongroom.barrier.BarrierView;
import io.strongroom.core.CorePaths;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.HaState;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.SealListener;
import io.strongroom.core.lifecycle.SealMigration;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.core.lifecycle.SealStrategy;
import io.strongroom.core.lifecycle.SealStatus;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The core-level seal migration tests' "process": physical storage, the seal-wrap layer (over the configured auto
 * seal, or over the disabled one alone on the way to shamir, as the server builds it), the barrier and a lifecycle
 * given the configuration's enabled seal and disabled seal. A new rig over the same physical storage is a restart.
 */
final class MigrationRig {

    static final String DISABLED_AT = "seal \"awskms\" at test.hcl:1:1";
    static final String ENABLED_AT = "seal \"awskms\" at test.hcl:6:1";
    static final String WRAPPED_MOUNT = "logical/sw/";
    static final String PLAIN_MOUNT = "logical/kv/";
    private static final CoreLifecycle.Settings SETTINGS = new CoreLifecycle.Settings("0.1.0", "2026-11-30T00:00:00Z",
            "file", "migration");

    final Storage physical;
    final SealWrapStorage sealWrap; // null under shamir without a disabled seal
    final Rewrapper rewrapper;
    final AesGcmBarrier barrier;
    final CoreLifecycle core;

    /**
     * @param enabled the configured auto seal, or null for shamir
     * @param disabled the disabled seal block's seal, or null
     */
    MigrationRig(LifecycleFixture fx, Storage physical, KeyWrapper enabled, KeyWrapper disabled) {
        this(fx, physical, enabled, disabled, true);
    }

    /** @param rewrapOnUnseal whether the background rewrap starts at unseal (crash tests count writes without it) */
    MigrationRig(LifecycleFixture fx, Storage physical, KeyWrapper enabled, KeyWrapper disabled,
            boolean rewrapOnUnseal) {
        this.physical = physical;
        Clock clock = Clock.systemUTC();
        SealStrategy strategy;
        SealSet wrapSet;
        if (enabled != null) {
            SealSet.Member now = new SealSet.Member("awskms", 1, enabled);
            wrapSet = new SealSet(1, List.of(now), disabled == null ? List.of()
                    : List.of(new SealSet.Member("awskms-disabled", 1, disabled)), clock);
            strategy = SealStrategies.create("awskms", wrapSet);
        } else {
            strategy = SealStrategies.shamir();
            wrapSet = disabled == null ? null
                    : new SealSet(1, List.of(), List.of(new SealSet.Member("awskms-disabled", 1, disabled)), clock);
        }
        sealWrap = wrapSet == null ? null : new SealWrapStorage(physical, wrapSet, new SealWrapStorage.Settings(true,
                Set.of(BarrierPaths.KEYRING, BarrierPaths.ROOT_KEY), List.of("core/upgrade/"),
                Set.of(CorePaths.BARRIER_UNSEAL_KEYS, CorePaths.RECOVERY_KEY), 100));
        if (sealWrap != null) {
            sealWrap.addPrefix(WRAPPED_MOUNT); // a mount with seal_wrap = true
        }
        rewrapper = sealWrap == null ? null
                : new Rewrapper(sealWrap, physical, new Rewrapper.Settings(0, 3, Duration.ofMillis(10)));
        Storage below = sealWrap == null ? physical : sealWrap;
        barrier = new AesGcmBarrier(below, fx.random, clock);
        SealListener listener = new SealListener() {
            @Override
            public void afterUnseal() {
                if (rewrapper != null && rewrapOnUnseal) {
                    rewrapper.afterUnseal();
                }
            }

            @Override
            public void beforeSeal() {
                if (rewrapper != null) {
                    rewrapper.beforeSeal();
                }
            }
        };
        core = new CoreLifecycle(below, barrier, strategy, fx.random, clock, SETTINGS, null, listener, HaState.OFF,
                new SealMigration.Config(disabled == null ? null
                        : new SealMigration.Disabled("awskms", "awskms-disabled", disabled, DISABLED_AT), ENABLED_AT));
    }

    /** Initializes with 5 shares, threshold 3 (unseal shares under shamir, recovery shares under an auto seal). */
    InitResult init() {
        return core.sealStrategy().unsealsItself() ? core.initialize(new InitRequest(null, null, 5, 3, null, null, null))
                : core.initialize(new InitRequest(5, 3, null, null, null, null, null));
    }

    /** Writes one plain and one seal-wrapped value. */
    void writeData(String suffix) {
        new BarrierView(barrier, PLAIN_MOUNT).put("a" + suffix, utf8("plain-" + suffix));
        new BarrierView(barrier, WRAPPED_MOUNT).put("b" + suffix, utf8("wrapped-" + suffix));
    }

    String read(String mount, String key) {
        byte[] v = new BarrierView(barrier, mount).get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Submits shares (with migrate) until the status is unsealed or the shares run out. */
    SealStatus submit(List<byte[]> shares, boolean migrate) {
        SealStatus s = null;
        for (int i = 0; i < 3; i++) {
            s = core.submitKeyShare(shares.get(i), migrate);
        }
        return s;
    }

    void awaitRewrap() throws InterruptedException {
        if (rewrapper != null && !rewrapper.await(Duration.ofSeconds(30))) {
            throw new AssertionError("rewrap did not finish in 30 s");
        }
    }

    /** Every physical entry, for "storage unchanged" checks. */
    static Map<String, String> snapshot(Storage s) {
        Map<String, String> out = new TreeMap<>();
        collect(s, "", out);
        return out;
    }

    private static void collect(Storage s, String prefix, Map<String, String> out) {
        for (String child : s.list(prefix)) {
            if (child.endsWith("/")) {
                collect(s, prefix + child, out);
            } else {
                byte[] v = s.get(prefix + child);
                out.put(prefix + child, v == null ? null : java.util.HexFormat.of().formatHex(v));
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
