package io.strongroom.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.core.CorePaths;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.KeyAdmin;
import io.strongroom.core.lifecycle.KeyAdmin.RekeyRequest;
import io.strongroom.core.lifecycle.KeyAdmin.Target;
import io.strongroom.storage.FileStorage;
import io.strongroom.testkit.CrashPointStorage;
import io.strongroom.testkit.CrashPointStorage.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash points of the key changes of issue 9: keyring rotation, root-key rotation (sys/rotate/root and the barrier
 * rekey) and the recovery-key rekey, each dying ({@link Mode#KILL}) or failing ({@link Mode#FAIL}) at every one of
 * its writes. After each, a restart over the same folder must auto-unseal, read what was written before, and
 * accept exactly one recovery key: the old one unless the rekey's answer was produced.
 */
class KeyChangeCrashPointTest {

    private final LifecycleFixture fx = new LifecycleFixture();
    private final Map<Path, CrashPointStorage> open = new HashMap<>();
    @TempDir
    Path root;

    /** One process: its storage, barrier and lifecycle. */
    private record Node(CrashPointStorage storage, AesGcmBarrier barrier, CoreLifecycle core) {}

    private Node start(Path dir) throws Exception {
        CrashPointStorage previous = open.remove(dir);
        if (previous != null) {
            previous.close();
        }
        CrashPointStorage s = new CrashPointStorage(new FileStorage(dir));
        open.put(dir, s);
        AesGcmBarrier barrier = new AesGcmBarrier(s, fx.random, Clock.systemUTC());
        CoreLifecycle core = new CoreLifecycle(s, barrier, io.strongroom.core.lifecycle.SealStrategies.auto(fx.awskms()),
                fx.random, Clock.systemUTC(),
                new CoreLifecycle.Settings("0.1.0", "2026-11-30T00:00:00Z", "file", "crash"));
        return new Node(s, barrier, core);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (CrashPointStorage s : open.values()) {
            s.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Initializes, writes one value through the barrier; returns the recovery shares (3 of 5). */
    private InitResult prepare(Node n) {
        InitResult init = n.core().initialize(new InitRequest(null, null, 5, 3, null, null, null));
        new BarrierView(n.barrier(), "logical/x/").put("before", utf8("v1"));
        return init;
    }

    private void recoveryRekey(KeyAdmin admin, List<byte[]> shares) {
        var s = admin.startRekey(Target.RECOVERY, new RekeyRequest(2, 2, null, false, false, null));
        admin.updateRekey(Target.RECOVERY, shares.get(0), s.nonce());
        admin.updateRekey(Target.RECOVERY, shares.get(1), s.nonce());
        admin.updateRekey(Target.RECOVERY, shares.get(2), s.nonce());
    }

    private void barrierRekey(KeyAdmin admin, List<byte[]> shares) {
        var s = admin.startRekey(Target.BARRIER, new RekeyRequest(1, 1, null, false, false, 1));
        admin.updateRekey(Target.BARRIER, shares.get(0), s.nonce());
        admin.updateRekey(Target.BARRIER, shares.get(1), s.nonce());
        admin.updateRekey(Target.BARRIER, shares.get(2), s.nonce());
    }

    private void run(String name, Mode mode, BiConsumer<Node, InitResult> operation) throws Exception {
        Path countDir = root.resolve(name + "-count");
        Node counting = start(countDir);
        InitResult countInit = prepare(counting);
        counting.storage().resetCount();
        operation.accept(counting, countInit);
        int total = counting.storage().writes();
        assertThat(total).as("writes of " + name).isGreaterThanOrEqualTo(2);
        for (int n = 1; n <= total; n++) {
            Path dir = root.resolve(name + "-" + mode + "-" + n);
            Node node = start(dir);
            InitResult init = prepare(node);
            node.storage().crashAtWrite(n, mode);
            Throwable t = catchThrowable(() -> operation.accept(node, init));
            assertThat(t).as("%s: write %d of %d", name, n, total).isNotNull();
            node.core().sealForShutdown();

            Node restarted = start(dir);
            assertThat(restarted.core().tryAutoUnseal()).as("%s: auto-unseal after write %d", name, n).isTrue();
            assertThat(new BarrierView(restarted.barrier(), "logical/x/").get("before")).isEqualTo(utf8("v1"));
            assertThat(restarted.core().lookupToken(init.rootToken())).isPresent();
            assertThat(restarted.storage().get(CorePaths.ROOT_KEY_ROTATION)).isNull();
            assertThat(restarted.storage().get(CorePaths.RECOVERY_REKEY_BACKUP)).isNull();
            // new writes work, and the old recovery shares (the new ones were never handed out) still unseal
            new BarrierView(restarted.barrier(), "logical/x/").put("after", utf8("v2"));
            restarted.core().seal();
            restarted.core().submitKeyShare(init.recoveryKeys().get(0));
            restarted.core().submitKeyShare(init.recoveryKeys().get(1));
            assertThat(restarted.core().submitKeyShare(init.recoveryKeys().get(2)).sealed())
                    .as("%s: old recovery shares after write %d", name, n).isFalse();
            restarted.core().sealForShutdown();
            // and a third start from cold still opens everything
            Node third = start(dir);
            assertThat(third.core().tryAutoUnseal()).isTrue();
            assertThat(new BarrierView(third.barrier(), "logical/x/").get("after")).isEqualTo(utf8("v2"));
            third.core().sealForShutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void keyringRotate_crashAtEveryWrite_restartReadsOldAndNew(Mode mode) throws Exception {
        run("rotate", mode, (node, init) -> node.barrier().rotate());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rootKeyRotate_crashAtEveryWrite_restartUnsealsWithOneConsistentRootKey(Mode mode) throws Exception {
        run("rotate-root", mode, (node, init) -> node.core().keyAdmin().rotateRootKey());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void barrierRekey_crashAtEveryWrite_restartUnseals(Mode mode) throws Exception {
        run("rekey-barrier", mode, (node, init) -> barrierRekey(node.core().keyAdmin(), init.recoveryKeys()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void recoveryRekey_crashAtEveryWrite_oldSharesStayValid(Mode mode) throws Exception {
        run("rekey-recovery", mode, (node, init) -> recoveryRekey(node.core().keyAdmin(), init.recoveryKeys()));
    }
}
