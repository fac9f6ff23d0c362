package io.strongroom.server.core;

import static io.strongroom.server.core.MigrationRig.PLAIN_MOUNT;
import static io.strongroom.server.core.MigrationRig.WRAPPED_MOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.core.CorePaths;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.storage.FileStorage;
import io.strongroom.testkit.CrashPointStorage;
import io.strongroom.testkit.CrashPointStorage.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash points of seal migration (issue 10), each direction dying ({@link Mode#KILL}) or failing ({@link Mode#FAIL})
 * at every one of its storage writes. After each, a restart with the same configuration must reach a usable store:
 * either the migration was finished or dropped at start (journal), or it is still pending and the old seal's shares
 * with migrate complete it. Then the data reads, and a restart with the new seal alone (the old KMS key disabled)
 * unseals with the right shares or keys and reads everything. After a failed write ({@link Mode#FAIL}) the same
 * process must also reach a usable store without a restart.
 */
class SealMigrationCrashPointTest {

    private final LifecycleFixture fx = new LifecycleFixture();
    private final String oldArn = fx.keyArn;
    private final String newArn = fx.kms.createKey();
    private final Map<Path, CrashPointStorage> open = new HashMap<>();
    @TempDir
    Path root;

    enum Direction { SHAMIR_TO_AWSKMS, AWSKMS_TO_SHAMIR, AWSKMS_TO_AWSKMS }

    private KeyWrapper kms(String arn) {
        return AwsKmsKeyWrapper.create(fx.kms, arn, fx.random, Map.of("region", "us-east-1"));
    }

    private CrashPointStorage disk(Path dir) throws Exception {
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

    private MigrationRig before(Direction d, CrashPointStorage s) {
        return new MigrationRig(fx, s, d == Direction.SHAMIR_TO_AWSKMS ? null : kms(oldArn), null);
    }

    private MigrationRig migrating(Direction d, CrashPointStorage s, boolean rewrap) {
        return switch (d) {
            case SHAMIR_TO_AWSKMS -> new MigrationRig(fx, s, kms(newArn), null, rewrap);
            case AWSKMS_TO_SHAMIR -> new MigrationRig(fx, s, null, kms(oldArn), rewrap);
            case AWSKMS_TO_AWSKMS -> new MigrationRig(fx, s, kms(newArn), kms(oldArn), rewrap);
        };
    }

    private MigrationRig after(Direction d, CrashPointStorage s) {
        return new MigrationRig(fx, s, d == Direction.AWSKMS_TO_SHAMIR ? null : kms(newArn), null);
    }

    /** Initializes under the old seal, writes data; returns the shares the operator holds (3 of 5). */
    private List<byte[]> prepare(Direction d, Path dir) throws Exception {
        MigrationRig old = before(d, disk(dir));
        InitResult init = old.init();
        List<byte[]> shares = d == Direction.SHAMIR_TO_AWSKMS ? init.keys() : init.recoveryKeys();
        if (old.core.isSealed()) {
            old.submit(shares, false);
        }
        old.writeData("1");
        old.awaitRewrap();
        old.core.sealForShutdown();
        // the init marker an auto seal's init leaves is removed at its next unseal (best effort): gone already, so
        // that the writes counted are the migration's own
        old.physical.delete(CorePaths.INIT_IN_PROGRESS);
        return new ArrayList<>(shares);
    }

    /** Unseals a rig whose configuration calls for no migration: KMS, or the shares under shamir. */
    private static void unseal(MigrationRig rig, List<byte[]> shares) {
        if (rig.core.sealStrategy().unsealsItself()) {
            assertThat(rig.core.tryAutoUnseal()).isTrue();
        } else {
            assertThat(rig.submit(shares, false).sealed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shamirToAwskms_crashAtEveryWrite_restartResumesOrRollsBack(Mode mode) throws Exception {
        run(Direction.SHAMIR_TO_AWSKMS, mode);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void awskmsToShamir_crashAtEveryWrite_restartResumesOrRollsBack(Mode mode) throws Exception {
        run(Direction.AWSKMS_TO_SHAMIR, mode);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void awskmsToAwskms_crashAtEveryWrite_restartResumesOrRollsBack(Mode mode) throws Exception {
        run(Direction.AWSKMS_TO_AWSKMS, mode);
    }

    private void run(Direction d, Mode mode) throws Exception {
        Path countDir = root.resolve(d + "-count");
        List<byte[]> countShares = prepare(d, countDir);
        CrashPointStorage counting = disk(countDir);
        MigrationRig c = migrating(d, counting, false);
        c.core.checkConfiguredSeal();
        counting.resetCount();
        assertThat(c.submit(countShares, true).sealed()).isFalse();
        int total = counting.writes();
        assertThat(total).as("writes of the migration %s", d).isGreaterThanOrEqualTo(2);
        c.core.sealForShutdown();

        for (int n = 1; n <= total; n++) {
            fx.kms.setState(oldArn, "Enabled");
            Path dir = root.resolve(d + "-" + mode + "-" + n);
            List<byte[]> shares = prepare(d, dir);
            CrashPointStorage s = disk(dir);
            MigrationRig m = migrating(d, s, false);
            m.core.checkConfiguredSeal();
            s.crashAtWrite(n, mode);
            Throwable t = catchThrowable(() -> m.submit(shares, true));
            assertThat(t).as("%s: write %d of %d", d, n, total).isNotNull();
            if (mode == Mode.FAIL) {
                // the process goes on after a failed write: the same process reaches a usable store, by finishing
                // a journalled migration or by a second -migrate
                m.core.checkConfiguredSeal();
                if (m.core.migrationPending()) {
                    assertThat(m.submit(shares, true).sealed()).as("%s: retry after write %d", d, n).isFalse();
                } else {
                    unseal(m, shares);
                }
                assertThat(m.read(PLAIN_MOUNT, "a1")).as("%s: same process after write %d", d, n)
                        .isEqualTo("plain-1");
                assertThat(m.read(WRAPPED_MOUNT, "b1")).isEqualTo("wrapped-1");
            }
            m.core.sealForShutdown();

            // restart with the same configuration: finished, dropped, or still pending (then -migrate again)
            MigrationRig again = migrating(d, disk(dir), true);
            again.core.checkConfiguredSeal();
            if (again.core.migrationPending()) {
                assertThat(again.submit(shares, true).sealed()).as("%s: -migrate after write %d", d, n).isFalse();
            } else {
                unseal(again, shares);
            }
            assertThat(again.read(PLAIN_MOUNT, "a1")).as("%s after write %d", d, n).isEqualTo("plain-1");
            assertThat(again.read(WRAPPED_MOUNT, "b1")).isEqualTo("wrapped-1");
            assertThat(again.physical.get(CorePaths.SEAL_MIGRATION)).isNull();
            again.awaitRewrap();
            again.core.sealForShutdown();

            // the new seal alone, the old KMS key disabled: unseals and reads everything
            if (d != Direction.SHAMIR_TO_AWSKMS) {
                fx.kms.setState(oldArn, "Disabled");
            }
            MigrationRig only = after(d, disk(dir));
            only.core.checkConfiguredSeal();
            assertThat(only.core.migrationPending()).isFalse();
            unseal(only, shares);
            assertThat(only.read(PLAIN_MOUNT, "a1")).as("%s, new seal alone, after write %d", d, n)
                    .isEqualTo("plain-1");
            assertThat(only.read(WRAPPED_MOUNT, "b1")).isEqualTo("wrapped-1");
            if (only.core.sealStrategy().unsealsItself()) {
                // the operator's shares (the former unseal or recovery shares) are the recovery shares now
                only.core.seal();
                assertThat(only.submit(shares, false).sealed()).isFalse();
            }
            only.awaitRewrap();
            only.core.sealForShutdown();
        }
    }
}
