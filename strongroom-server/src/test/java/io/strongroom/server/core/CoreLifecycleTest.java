package io.strongroom.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.FakeKms;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.CorePaths;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.SealStatus;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealAccessException;
import io.strongroom.storage.FileStorage;
import io.strongroom.storage.Storage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seal lifecycle over real file storage, the real barrier and the real awskms wrapper on a KMS fake that does
 * real AES-GCM per key. A "restart" is a new CoreLifecycle over the same folder.
 */
class CoreLifecycleTest {

    private final LifecycleFixture fx = new LifecycleFixture();
    private final FakeKms kms = fx.kms;
    private final String keyArn = fx.keyArn;
    private Storage storage;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        storage = new FileStorage(dir);
    }

    private KeyWrapper awskms() {
        return fx.awskms();
    }

    private CoreLifecycle start(KeyWrapper seal) {
        return fx.start(storage, seal);
    }

    private static InitRequest auto(int shares, int threshold) {
        return new InitRequest(null, null, shares, threshold, null, null, null);
    }

    @Test
    void init_autoSeal_unsealsAndReturnsRecoverySharesOnly() {
        CoreLifecycle core = start(awskms());
        InitResult result = core.initialize(auto(5, 3));
        assertThat(result.keys()).isEmpty();
        assertThat(result.recoveryKeys()).hasSize(5).allSatisfy(k -> assertThat(k).hasSize(33));
        assertThat(result.rootToken()).startsWith("hvs.").hasSize(28);
        SealStatus s = core.sealStatus();
        assertThat(s.initialized()).isTrue();
        assertThat(s.sealed()).isFalse();
        assertThat(s.type()).isEqualTo("awskms");
        assertThat(s.recoverySeal()).isTrue();
        assertThat(s.recoverySealType()).isEqualTo("shamir");
        assertThat(s.t()).isEqualTo(3);
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.clusterName()).isEqualTo("test-cluster");
        assertThat(core.lookupToken(result.rootToken())).hasValueSatisfying(t -> assertThat(t.isRoot()).isTrue());
        assertThat(core.lookupToken("hvs.nope")).isEmpty();
        assertThat(BlobInfo.parseFrom(storage.get(CorePaths.BARRIER_UNSEAL_KEYS)).keyInfo().keyId()).isEqualTo(keyArn);
    }

    @Test
    void restart_autoUnsealsWithoutAnyKey_andKeyringOpens() {
        InitResult init = start(awskms()).initialize(auto(1, 1));
        CoreLifecycle restarted = start(awskms());
        assertThat(restarted.sealStatus().sealed()).isTrue();
        assertThat(restarted.tryAutoUnseal()).isTrue();
        assertThat(restarted.sealStatus().sealed()).isFalse();
        assertThat(restarted.lookupToken(init.rootToken())).isPresent();
    }

    @Test
    void init_autoSeal_secretSharesRefusedWithVaultMessage() {
        CoreLifecycle core = start(awskms());
        assertThatThrownBy(() -> core.initialize(new InitRequest(5, 3, 5, 3, null, null, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("parameters secret_shares,secret_threshold not applicable to seal type awskms");
        assertThat(core.isInitialized()).isFalse();
    }

    @Test
    void init_twice_refused() {
        CoreLifecycle core = start(awskms());
        core.initialize(auto(1, 1));
        assertThatThrownBy(() -> core.initialize(auto(1, 1))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Vault is already initialized");
    }

    @Test
    void init_badRecoveryThreshold_refused() {
        CoreLifecycle core = start(awskms());
        assertThatThrownBy(() -> core.initialize(auto(3, 5))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("threshold cannot be larger");
        assertThatThrownBy(() -> core.initialize(auto(3, 1))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("greater than one for multiple shares");
    }

    @Test
    void manualSeal_staysSealed_untilRecoveryThresholdReached() {
        CoreLifecycle core = start(awskms());
        List<byte[]> shares = core.initialize(auto(5, 3)).recoveryKeys();
        core.seal();
        assertThat(core.tryAutoUnseal()).isFalse();
        assertThat(core.sealStatus().sealed()).isTrue();
        assertThatThrownBy(() -> core.lookupToken("x")).isInstanceOf(SealedException.class);

        assertThat(core.submitKeyShare(shares.get(4)).progress()).isEqualTo(1);
        assertThatThrownBy(() -> core.submitKeyShare(shares.get(4))).isInstanceOf(InvalidRequestException.class);
        assertThat(core.submitKeyShare(shares.get(0)).progress()).isEqualTo(2);
        SealStatus after = core.submitKeyShare(shares.get(2));
        assertThat(after.sealed()).isFalse();
        assertThat(after.progress()).isZero();
    }

    @Test
    void recoveryShares_fromAnotherInit_rejectedAndProgressReset() {
        CoreLifecycle core = start(awskms());
        core.initialize(auto(3, 2));
        core.seal();
        byte[] bogus1 = new byte[33];
        byte[] bogus2 = new byte[33];
        fx.random.nextBytes(bogus1);
        fx.random.nextBytes(bogus2);
        bogus1[32] = 1;
        bogus2[32] = 2;
        core.submitKeyShare(bogus1);
        assertThatThrownBy(() -> core.submitKeyShare(bogus2)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("invalid recovery key");
        assertThat(core.sealStatus().progress()).isZero();
        assertThat(core.sealStatus().sealed()).isTrue();
    }

    @Test
    void shamir_initStaysSealed_unsealWithThresholdShares_wrongSharesRejected() {
        CoreLifecycle core = start(null);
        InitResult r = core.initialize(new InitRequest(5, 3, null, null, null, null, null));
        assertThat(r.keys()).hasSize(5);
        assertThat(r.recoveryKeys()).isEmpty();
        assertThat(core.sealStatus().sealed()).isTrue();
        assertThat(core.sealStatus().type()).isEqualTo("shamir");
        assertThat(core.sealStatus().recoverySeal()).isFalse();

        CoreLifecycle restarted = start(null);
        restarted.submitKeyShare(r.keys().get(1));
        restarted.submitKeyShare(r.keys().get(3));
        assertThat(restarted.submitKeyShare(r.keys().get(4)).sealed()).isFalse();
        assertThat(restarted.lookupToken(r.rootToken())).isPresent();
    }

    @Test
    void shamir_recoveryParametersRefused() {
        assertThatThrownBy(() -> start(null).initialize(auto(5, 3))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("parameters recovery_shares,recovery_threshold not applicable to seal type shamir");
    }

    @Test
    void aliasMovedToNewKey_nextUnsealRewrapsStoredKeysUnderNewKey() {
        InitResult init = start(awskms()).initialize(auto(3, 2));
        String newKey = kms.createKey();
        kms.setAlias("alias/seal", newKey);

        CoreLifecycle restarted = start(awskms());
        assertThat(restarted.tryAutoUnseal()).isTrue();
        assertThat(BlobInfo.parseFrom(storage.get(CorePaths.BARRIER_UNSEAL_KEYS)).keyInfo().keyId()).isEqualTo(newKey);
        assertThat(BlobInfo.parseFrom(storage.get(CorePaths.RECOVERY_KEY)).keyInfo().keyId()).isEqualTo(newKey);

        // the old key can now be retired: the next start needs only the new one
        kms.setState(keyArn, "Disabled");
        CoreLifecycle again = start(awskms());
        assertThat(again.tryAutoUnseal()).isTrue();
        again.seal();
        again.submitKeyShare(init.recoveryKeys().get(0));
        assertThat(again.submitKeyShare(init.recoveryKeys().get(2)).sealed()).isFalse();
    }

    @Test
    void kmsKeyDisabled_autoUnsealFailsWithReason_staysSealed() {
        start(awskms()).initialize(auto(1, 1));
        CoreLifecycle restarted = start(awskms());
        kms.setState(keyArn, "Disabled");
        assertThatThrownBy(restarted::tryAutoUnseal).isInstanceOfSatisfying(SealAccessException.class,
                e -> assertThat(e.reason()).isEqualTo(SealAccessException.Reason.DISABLED));
        assertThat(restarted.sealStatus().sealed()).isTrue();
        kms.setState(keyArn, "Enabled");
        assertThat(restarted.tryAutoUnseal()).isTrue();
    }

    @Test
    void init_kmsEncryptRefused_writesNothing_retrySucceeds() {
        CoreLifecycle core = start(awskms()); // DescribeKey passed at start
        kms.setState(keyArn, "Disabled");     // then kms:Encrypt fails
        assertThatThrownBy(() -> core.initialize(auto(3, 2))).isInstanceOfSatisfying(SealAccessException.class,
                e -> assertThat(e.reason()).isEqualTo(SealAccessException.Reason.DISABLED));
        assertThat(core.isInitialized()).isFalse();
        assertThat(storage.list("")).isEmpty();

        kms.setState(keyArn, "Enabled");
        assertThat(core.initialize(auto(3, 2)).recoveryKeys()).hasSize(3);
        assertThat(core.isSealed()).isFalse();
    }

    /** A seal whose Decrypt fails while {@code failDecrypt} is set (kms:Decrypt missing, or KMS down). */
    private static KeyWrapper decryptFailing(KeyWrapper seal, java.util.concurrent.atomic.AtomicBoolean failDecrypt) {
        return new KeyWrapper() {
            @Override
            public String type() {
                return seal.type();
            }

            @Override
            public String keyId() {
                return seal.keyId();
            }

            @Override
            public BlobInfo encrypt(byte[] plaintext, byte[] aad) {
                return seal.encrypt(plaintext, aad);
            }

            @Override
            public byte[] decrypt(BlobInfo blob, byte[] aad) {
                if (failDecrypt.get()) {
                    throw new SealAccessException(SealAccessException.Reason.ACCESS_DENIED, "needs kms:Decrypt", null);
                }
                return seal.decrypt(blob, aad);
            }

            @Override
            public Map<String, String> metadata() {
                return seal.metadata();
            }
        };
    }

    @Test
    void init_autoUnsealAfterInitFails_answerKeepsKeysWithWarning_unsealsOnceKmsAnswers() {
        var failDecrypt = new java.util.concurrent.atomic.AtomicBoolean(true);
        CoreLifecycle core = start(decryptFailing(awskms(), failDecrypt));
        InitResult r = core.initialize(auto(3, 2));
        assertThat(r.rootToken()).startsWith("hvs.");
        assertThat(r.recoveryKeys()).hasSize(3);
        assertThat(r.warnings()).singleElement().asString()
                .contains("initialized, but the auto-unseal failed and is pending").contains("kms:Decrypt");
        assertThat(core.isInitialized()).isTrue();
        assertThat(core.isSealed()).isTrue();
        assertThatThrownBy(core::tryAutoUnseal).isInstanceOf(SealAccessException.class);
        failDecrypt.set(false);
        assertThat(core.tryAutoUnseal()).isTrue();
        assertThat(core.lookupToken(r.rootToken())).hasValueSatisfying(t -> assertThat(t.isRoot()).isTrue());
    }

    // vault-compat: stored shamir + configured awskms = a seal migration from shamir (vault-seal-spec 6.1, issue 10)
    @Test
    void storageInitializedByShamir_openedWithAwskms_isSealMigrationModeWithoutAutoUnseal() {
        start(null).initialize(new InitRequest(1, 1, null, null, null, null, null));
        CoreLifecycle core = start(awskms());
        assertThat(core.tryAutoUnseal()).isFalse();
        assertThat(core.migrationPending()).isTrue();
        SealStatus s = core.sealStatus();
        assertThat(s.migration()).isTrue();
        assertThat(s.type()).isEqualTo("shamir");
        assertThat(s.sealed()).isTrue();
    }

    @Test
    void uninitialized_statusIsSealedWithZeroShares() {
        SealStatus s = start(awskms()).sealStatus();
        assertThat(s.initialized()).isFalse();
        assertThat(s.sealed()).isTrue();
        assertThat(s.t()).isZero();
        assertThat(s.n()).isZero();
        assertThat(s.clusterName()).isNull();
    }
}
