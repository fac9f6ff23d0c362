package io.strongroom.server.core;

import io.strongroom.barrier.BarrierPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.FakeKms;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.CorePaths;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.core.lifecycle.AutoUnsealLoop;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.SealMismatchException;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.storage.FileStorage;
import io.strongroom.storage.Storage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage in storage is told apart from a passing KMS failure: it names the entry, and the auto-unseal loop stops
 * instead of paying a KMS call every few seconds for ever; a KMS failure is retried with growing waits. Real file
 * storage, real barrier, the real awskms wrapper over a KMS fake with real AES-GCM.
 */
class DamagedStorageTest {

    private final LifecycleFixture fx = new LifecycleFixture();
    private final FakeKms kms = fx.kms;
    private final String keyArn = fx.keyArn;
    private Storage storage;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        storage = new FileStorage(dir);
        start(awskms()).initialize(new InitRequest(null, null, 3, 2, null, null, null));
    }

    private KeyWrapper awskms() {
        return fx.awskms();
    }

    private CoreLifecycle start(KeyWrapper seal) {
        return fx.start(storage, seal);
    }

    private void flipByte(String path, int fromEnd) {
        byte[] v = storage.get(path);
        v[v.length - fromEnd] ^= 0x01;
        storage.put(path, v);
    }

    @ParameterizedTest
    @ValueSource(strings = {BarrierPaths.KEYRING, CorePaths.BARRIER_UNSEAL_KEYS, CorePaths.RECOVERY_KEY})
    void flippedByte_autoUnsealFailsNamingTheEntry_loopStopsWithoutMoreKmsCalls(String entry) {
        flipByte(entry, 3);
        CoreLifecycle core = start(awskms());
        assertThatThrownBy(core::tryAutoUnseal).isInstanceOfSatisfying(StorageCorruptedException.class, e -> {
            assertThat(e.entry()).isEqualTo(entry);
            assertThat(e.getMessage()).contains(entry).contains("restore it from a backup")
                    .doesNotContain("invalid key");
        });
        AutoUnsealLoop loop = new AutoUnsealLoop(core, Duration.ofMillis(10));
        loop.tick();
        assertThat(loop.isStopped()).isTrue();
        int decrypts = kms.calls("Decrypt");
        loop.tick();
        loop.tick();
        assertThat(kms.calls("Decrypt")).as("no KMS call once stopped").isEqualTo(decrypts);
        assertThat(core.isSealed()).isTrue();
    }

    @Test
    void truncatedRootKeyBlob_isMalformedDamage_namingTheEntry() {
        byte[] v = storage.get(CorePaths.BARRIER_UNSEAL_KEYS);
        storage.put(CorePaths.BARRIER_UNSEAL_KEYS, Arrays.copyOf(v, v.length / 2));
        assertThatThrownBy(start(awskms())::tryAutoUnseal).isInstanceOf(StorageCorruptedException.class)
                .hasMessageContaining(CorePaths.BARRIER_UNSEAL_KEYS);
    }

    @Test
    void damagedRecoveryKey_isFoundAtUnseal_notAtTheFirstRecoveryOperation() {
        flipByte(CorePaths.RECOVERY_KEY, 1);
        assertThatThrownBy(start(awskms())::tryAutoUnseal).isInstanceOf(StorageCorruptedException.class)
                .hasMessageContaining(CorePaths.RECOVERY_KEY);
    }

    @Test
    void missingRecoveryKey_withSharesConfigured_isDamage() {
        storage.delete(CorePaths.RECOVERY_KEY);
        assertThatThrownBy(start(awskms())::tryAutoUnseal).isInstanceOf(StorageCorruptedException.class)
                .hasMessageContaining(CorePaths.RECOVERY_KEY).hasMessageContaining("3 shares");
    }

    @Test
    void missingSealConfig_underAnInitializedBarrier_saysSoAsVaultDoes_andIsNotCleanedByInit() {
        storage.delete(CorePaths.SEAL_CONFIG);
        storage.delete(CorePaths.INIT_IN_PROGRESS); // a store whose init had long finished
        CoreLifecycle core = start(awskms());
        // vault-compat: Vault's Core.Initialized() error
        assertThatThrownBy(core::isInitialized).isInstanceOf(StorageCorruptedException.class)
                .hasMessageContaining("barrier reports initialized but no seal configuration found")
                .hasMessageContaining(CorePaths.SEAL_CONFIG);
        byte[] keyring = storage.get(BarrierPaths.KEYRING);
        assertThatThrownBy(() -> core.initialize(new InitRequest(null, null, 1, 1, null, null, null)))
                .isInstanceOf(StorageCorruptedException.class);
        assertThat(storage.get(BarrierPaths.KEYRING)).as("damage is never wiped").isEqualTo(keyring);
        AutoUnsealLoop loop = new AutoUnsealLoop(core, Duration.ofMillis(10));
        loop.tick();
        assertThat(loop.isStopped()).isTrue();
    }

    @Test
    void kmsDown_isRetriedWithGrowingWaits_andTheWaitResetsAfterSuccess() {
        CoreLifecycle core = start(awskms());
        kms.setState(keyArn, "Disabled");
        AutoUnsealLoop loop = new AutoUnsealLoop(core, Duration.ofSeconds(5), Duration.ofSeconds(30));
        loop.tick();
        assertThat(loop.nextDelay()).isEqualTo(Duration.ofSeconds(5));
        loop.tick();
        assertThat(loop.nextDelay()).isEqualTo(Duration.ofSeconds(10));
        loop.tick();
        loop.tick();
        assertThat(loop.nextDelay()).isEqualTo(Duration.ofSeconds(30));
        loop.tick();
        assertThat(loop.nextDelay()).as("capped").isEqualTo(Duration.ofSeconds(30));
        assertThat(loop.isStopped()).isFalse();
        kms.setState(keyArn, "Enabled");
        loop.tick();
        assertThat(core.isSealed()).isFalse();
        assertThat(loop.nextDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void awskmsStore_configuredAsShamir_isRefusedAtStartNamingBothAndWhatToDo() {
        CoreLifecycle asShamir = start(null);
        assertThatThrownBy(asShamir::checkConfiguredSeal).isInstanceOfSatisfying(SealMismatchException.class, e -> {
            assertThat(e.stored()).isEqualTo("awskms");
            assertThat(e.configured()).isEqualTo("shamir");
            assertThat(e.getMessage()).startsWith("cannot seal migrate from awskms to Shamir, no disabled seal in "
                    + "configuration").contains("without disabled = \"true\"");
        });
        start(awskms()).checkConfiguredSeal(); // the right seal passes
    }
}
