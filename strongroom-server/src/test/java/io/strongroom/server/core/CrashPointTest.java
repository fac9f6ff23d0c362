package io.strongroom.server.core;

import io.strongroom.barrier.BarrierPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.FakeKms;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.CorePaths;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.storage.FileStorage;
import io.strongroom.testkit.CrashPointStorage;
import io.strongroom.testkit.CrashPointStorage.Mode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash points, not luck: every multi-write operation of the seal lifecycle (init under awskms and shamir, the
 * re-wrap at unseal after an alias moved, a manual seal and a recovery unseal) is run once per write, dying
 * ({@link Mode#KILL}: the storage then holds what a SIGKILL leaves) or failing ({@link Mode#FAIL}: an I/O error, the
 * process goes on) at that write. After each, a restart over the same real folder must reach a usable state:
 * uninitialized (and init then works) or initialized (and auto-unseal works), never stuck, and a root token is
 * valid only if the answer carrying it was produced.
 */
class CrashPointTest {

    private final LifecycleFixture fx = new LifecycleFixture();
    private final FakeKms kms = fx.kms;
    private final String keyArn = fx.keyArn;
    @TempDir
    Path root;

    private KeyWrapper awskms() {
        return fx.awskms();
    }

    private CoreLifecycle start(CrashPointStorage storage, KeyWrapper seal) {
        return fx.start(storage, seal);
    }

    private final Map<Path, CrashPointStorage> open = new HashMap<>();

    /** A new process over the same folder: the previous one is gone, and with it its lock on the folder. */
    private CrashPointStorage reopen(Path dir) throws Exception {
        CrashPointStorage previous = open.remove(dir);
        if (previous != null) {
            previous.close();
        }
        CrashPointStorage s = new CrashPointStorage(new FileStorage(dir));
        open.put(dir, s);
        return s;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (CrashPointStorage s : open.values()) {
            s.close();
        }
    }

    private static InitRequest auto() {
        return new InitRequest(null, null, 3, 2, null, null, null);
    }

    private static InitRequest shamir() {
        return new InitRequest(3, 2, null, null, null, null, null);
    }

    private int countInitWrites(boolean auto) throws Exception {
        CrashPointStorage s = reopen(root.resolve("count-" + auto));
        start(s, auto ? awskms() : null).initialize(auto ? auto() : shamir());
        return s.writes();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void init_awskms_crashAtEveryWrite_restartCanInitializeAndAutoUnseal(Mode mode) throws Exception {
        int total = countInitWrites(true);
        assertThat(total).as("init writes marker, keyring, root key, keys, recovery, cluster, token, seal config")
                .isGreaterThanOrEqualTo(8);
        for (int n = 1; n <= total; n++) {
            Path dir = root.resolve("init-auto-" + mode + "-" + n);
            CrashPointStorage s = reopen(dir);
            CoreLifecycle core = start(s, awskms());
            s.crashAtWrite(n, mode);
            Throwable t = catchThrowable(() -> core.initialize(auto()));
            assertThat(t).as("write %d of %d", n, total).isNotNull();
            assertThat(s.fired()).isTrue();
            if (mode == Mode.FAIL) {
                // the same process goes on: init is not done, and retrying it works at once
                assertThat(core.isInitialized()).as("after a failed write %d", n).isFalse();
                assertUsableAfterInit(core, core.initialize(auto()));
            }
            // a restart: the store is uninitialized (never half) and a new init works, with auto-unseal
            CoreLifecycle restarted = start(reopen(dir), awskms());
            if (mode == Mode.KILL) {
                assertThat(restarted.isInitialized()).as("restart after a crash at write %d", n).isFalse();
                assertThat(restarted.sealStatus().initialized()).isFalse();
                assertUsableAfterInit(restarted, restarted.initialize(auto()));
            } else {
                assertThat(restarted.isInitialized()).isTrue();
                assertThat(restarted.tryAutoUnseal()).isTrue();
            }
            // and once more from cold: it auto-unseals by itself, with no marker left behind
            CrashPointStorage again = reopen(dir);
            CoreLifecycle third = start(again, awskms());
            assertThat(third.tryAutoUnseal()).as("auto-unseal after write %d", n).isTrue();
            assertThat(again.get(CorePaths.INIT_IN_PROGRESS)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void init_shamir_crashAtEveryWrite_restartCanInitializeAndUnseal(Mode mode) throws Exception {
        int total = countInitWrites(false);
        for (int n = 1; n <= total; n++) {
            Path dir = root.resolve("init-shamir-" + mode + "-" + n);
            CrashPointStorage s = reopen(dir);
            CoreLifecycle core = start(s, null);
            s.crashAtWrite(n, mode);
            assertThat(catchThrowable(() -> core.initialize(shamir()))).as("write %d", n).isNotNull();
            CoreLifecycle restarted = start(reopen(dir), null);
            assertThat(restarted.isInitialized()).as("restart after write %d", n).isFalse();
            InitResult r = restarted.initialize(shamir());
            restarted.submitKeyShare(r.keys().get(0));
            restarted.submitKeyShare(r.keys().get(2));
            assertThat(restarted.isSealed()).isFalse();
            assertThat(restarted.lookupToken(r.rootToken())).isPresent();
        }
    }

    private static void assertUsableAfterInit(CoreLifecycle core, InitResult r) {
        assertThat(r.warnings()).isEmpty();
        assertThat(core.isInitialized()).isTrue();
        assertThat(core.isSealed()).isFalse();
        assertThat(core.lookupToken(r.rootToken())).hasValueSatisfying(t -> assertThat(t.isRoot()).isTrue());
        assertThat(r.recoveryKeys()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rewrapAtUnseal_crashAtEveryWrite_restartUnsealsAndFinishesTheRewrap(Mode mode) throws Exception {
        // count: init, then move the alias; the next unseal removes the init marker and re-wraps both keys
        Path countDir = root.resolve("rewrap-count");
        start(reopen(countDir), awskms()).initialize(auto());
        String newKey = kms.createKey();
        kms.setAlias("alias/seal", newKey);
        CrashPointStorage counting = reopen(countDir);
        assertThat(start(counting, awskms()).tryAutoUnseal()).isTrue();
        int total = counting.writes();
        assertThat(total).as("marker removal and two re-wraps").isEqualTo(3);

        for (int n = 1; n <= total; n++) {
            kms.setAlias("alias/seal", keyArn);
            Path dir = root.resolve("rewrap-" + mode + "-" + n);
            InitResult init = start(reopen(dir), awskms()).initialize(auto());
            kms.setAlias("alias/seal", newKey);
            CrashPointStorage s = reopen(dir);
            CoreLifecycle core = start(s, awskms());
            s.crashAtWrite(n, mode);
            Throwable t = catchThrowable(core::tryAutoUnseal);
            if (mode == Mode.KILL) {
                assertThat(t).as("write %d", n).isInstanceOf(CrashPointStorage.SimulatedCrash.class);
            } else {
                // a failed re-wrap or marker removal only warns: the old blobs still open
                assertThat(t).as("write %d", n).isNull();
                assertThat(core.isSealed()).isFalse();
            }
            CrashPointStorage after = reopen(dir);
            CoreLifecycle restarted = start(after, awskms());
            assertThat(restarted.tryAutoUnseal()).as("restart after write %d", n).isTrue();
            assertThat(restarted.lookupToken(init.rootToken())).isPresent();
            assertThat(keyIdOf(after, CorePaths.BARRIER_UNSEAL_KEYS)).isEqualTo(newKey);
            assertThat(keyIdOf(after, CorePaths.RECOVERY_KEY)).isEqualTo(newKey);
            // the recovery key still matches the shares handed out at init
            restarted.seal();
            restarted.submitKeyShare(init.recoveryKeys().get(1));
            restarted.submitKeyShare(init.recoveryKeys().get(2));
            assertThat(restarted.isSealed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sealAndRecoveryUnseal_crashAtEveryWrite_restartAutoUnseals(Mode mode) throws Exception {
        Path dir = root.resolve("seal-" + mode);
        InitResult init = start(reopen(dir), awskms()).initialize(auto());
        List<Integer> counts = new ArrayList<>();
        CrashPointStorage counting = reopen(dir);
        CoreLifecycle core = start(counting, awskms());
        assertThat(core.tryAutoUnseal()).isTrue();
        counting.resetCount();
        core.seal();
        counts.add(counting.writes());
        core.submitKeyShare(init.recoveryKeys().get(0));
        core.submitKeyShare(init.recoveryKeys().get(1));
        counts.add(counting.writes());
        int total = counts.get(1);
        // with the marker gone and no key change, sealing and unsealing write nothing; if that changes, every new
        // write is enumerated below
        for (int n = 1; n <= Math.max(total, 1); n++) {
            CrashPointStorage s = reopen(dir);
            CoreLifecycle c = start(s, awskms());
            assertThat(c.tryAutoUnseal()).isTrue();
            s.crashAtWrite(n, mode);
            catchThrowable(() -> {
                c.seal();
                c.submitKeyShare(init.recoveryKeys().get(0));
                c.submitKeyShare(init.recoveryKeys().get(1));
            });
            CoreLifecycle restarted = start(reopen(dir), awskms());
            assertThat(restarted.tryAutoUnseal()).as("restart after write %d", n).isTrue();
            assertThat(restarted.lookupToken(init.rootToken())).isPresent();
        }
        assertThat(counts).as("writes by seal, then by seal + recovery unseal").containsExactly(0, 0);
    }

    @org.junit.jupiter.api.Test
    void interruptedInit_nextInitCleansLeftoversAndSaysSo() throws Exception {
        Path dir = root.resolve("leftovers");
        CrashPointStorage s = reopen(dir);
        s.crashAtWrite(7);
        assertThatThrownBy(() -> start(s, awskms()).initialize(auto()))
                .isInstanceOf(CrashPointStorage.SimulatedCrash.class);
        CrashPointStorage after = reopen(dir);
        assertThat(after.get(BarrierPaths.KEYRING)).as("leftover keyring").isNotNull();
        assertThat(after.get(CorePaths.INIT_IN_PROGRESS)).isNotNull();
        byte[] oldKeyring = after.get(BarrierPaths.KEYRING);
        CoreLifecycle core = start(after, awskms());
        assertThat(core.isInitialized()).isFalse();
        InitResult r = core.initialize(auto());
        assertThat(after.get(BarrierPaths.KEYRING)).isNotEqualTo(oldKeyring);
        assertThat(after.list("sys/token/id/")).as("only the new root token").hasSize(1);
        assertThat(core.lookupToken(r.rootToken())).isPresent();
    }

    private static String keyIdOf(CrashPointStorage s, String path) {
        return BlobInfo.parseFrom(s.get(path)).keyInfo().keyId();
    }
}
