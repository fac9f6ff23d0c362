package io.strongroom.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.InvalidRootKeyException;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.core.CorePaths;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.KeyAdmin;
import io.strongroom.core.lifecycle.KeyAdmin.GenerateRootStatus;
import io.strongroom.core.lifecycle.KeyAdmin.RekeyRequest;
import io.strongroom.core.lifecycle.KeyAdmin.RekeyResult;
import io.strongroom.core.lifecycle.KeyAdmin.Target;
import io.strongroom.seal.BlobInfo;
import io.strongroom.storage.FileStorage;
import io.strongroom.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery keys at work and root-key rotation through the lifecycle (issue 9, items 5 and 6), with the awskms
 * wrapper over the real-crypto KMS fake; the same flows run against moto through the real SDK in
 * {@code KeysEndToEndTest}.
 */
class KeyAdminTest {

    private final LifecycleFixture fx = new LifecycleFixture();
    private Storage storage;
    private CoreLifecycle core;
    private InitResult init;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        storage = new FileStorage(dir);
        core = fx.start(storage, fx.awskms());
        init = core.initialize(new InitRequest(null, null, 5, 3, null, null, null));
    }

    private KeyAdmin admin() {
        return core.keyAdmin();
    }

    private CoreLifecycle restart() {
        core.sealForShutdown();
        core = fx.start(storage, fx.awskms());
        assertThat(core.tryAutoUnseal()).isTrue();
        return core;
    }

    private byte[] storedRootKey() {
        byte[] json = fx.awskms().decrypt(BlobInfo.parseFrom(storage.get(CorePaths.BARRIER_UNSEAL_KEYS)), null);
        String text = new String(json, StandardCharsets.US_ASCII);
        return Base64.getDecoder().decode(text.substring(2, text.length() - 2));
    }

    // ---- generate-root ----

    @Test
    void generateRoot_recoveryShares_yieldsWorkingRootToken() {
        GenerateRootStatus started = admin().startGenerateRoot(null, null);
        assertThat(started.started()).isTrue();
        assertThat(started.otp()).hasSize(KeyAdmin.OTP_LENGTH);
        assertThat(started.required()).isEqualTo(3);
        assertThat(admin().updateGenerateRoot(init.recoveryKeys().get(0), started.nonce()).progress()).isEqualTo(1);
        assertThat(admin().updateGenerateRoot(init.recoveryKeys().get(3), started.nonce()).progress()).isEqualTo(2);
        GenerateRootStatus done = admin().updateGenerateRoot(init.recoveryKeys().get(4), started.nonce());
        assertThat(done.complete()).isTrue();
        assertThat(done.progress()).isEqualTo(3);
        String token = KeyAdmin.decodeToken(done.encodedToken(), started.otp());
        assertThat(token).startsWith("hvs.").isNotEqualTo(init.rootToken());
        assertThat(core.lookupToken(token)).hasValueSatisfying(t -> assertThat(t.isRoot()).isTrue());
        assertThat(admin().generateRootStatus().started()).isFalse();
    }

    @Test
    void generateRoot_clientOtp_encodesWithIt() {
        String otp = "0123456789abcdefghijklmnopqr";
        GenerateRootStatus started = admin().startGenerateRoot(otp, null);
        assertThat(started.otp()).isEmpty();
        admin().updateGenerateRoot(init.recoveryKeys().get(0), started.nonce());
        admin().updateGenerateRoot(init.recoveryKeys().get(1), started.nonce());
        GenerateRootStatus done = admin().updateGenerateRoot(init.recoveryKeys().get(2), started.nonce());
        assertThat(core.lookupToken(KeyAdmin.decodeToken(done.encodedToken(), otp))).isPresent();
    }

    @Test
    void generateRoot_otpOfWrongLength_refused() {
        assertThatThrownBy(() -> admin().startGenerateRoot("short", null))
                .isInstanceOf(InvalidRequestException.class).hasMessage("OTP string is wrong length");
        assertThat(admin().generateRootStatus().started()).isFalse();
    }

    @Test
    void generateRoot_duplicateShare_refused_progressStays() {
        GenerateRootStatus s = admin().startGenerateRoot(null, null);
        admin().updateGenerateRoot(init.recoveryKeys().get(0), s.nonce());
        assertThatThrownBy(() -> admin().updateGenerateRoot(init.recoveryKeys().get(0), s.nonce()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("given key has already been provided during this root generation operation");
        assertThat(admin().generateRootStatus().progress()).isEqualTo(1);
    }

    @Test
    void generateRoot_tooFewShares_notComplete_noToken() {
        GenerateRootStatus s = admin().startGenerateRoot(null, null);
        GenerateRootStatus after = admin().updateGenerateRoot(init.recoveryKeys().get(0), s.nonce());
        after = admin().updateGenerateRoot(init.recoveryKeys().get(1), s.nonce());
        assertThat(after.complete()).isFalse();
        assertThat(after.encodedToken()).isEmpty();
        assertThat(after.progress()).isEqualTo(2);
        assertThat(after.required()).isEqualTo(3);
    }

    @Test
    void generateRoot_wrongShares_refusedWithVaultText_progressResetAttemptKept() {
        // shares of another recovery key: they combine, but into the wrong key
        LifecycleFixture other = new LifecycleFixture();
        List<byte[]> foreign = other.start(new io.strongroom.storage.InmemStorage(), other.awskms())
                .initialize(new InitRequest(null, null, 5, 3, null, null, null)).recoveryKeys();
        GenerateRootStatus s = admin().startGenerateRoot(null, null);
        admin().updateGenerateRoot(foreign.get(0), s.nonce());
        admin().updateGenerateRoot(foreign.get(1), s.nonce());
        assertThatThrownBy(() -> admin().updateGenerateRoot(foreign.get(2), s.nonce()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("recovery key verification failed");
        GenerateRootStatus after = admin().generateRootStatus();
        assertThat(after.started()).isTrue();
        assertThat(after.progress()).isZero();
        assertThat(after.nonce()).isEqualTo(s.nonce());
        // the right shares still complete the same attempt
        admin().updateGenerateRoot(init.recoveryKeys().get(0), s.nonce());
        admin().updateGenerateRoot(init.recoveryKeys().get(1), s.nonce());
        assertThat(admin().updateGenerateRoot(init.recoveryKeys().get(2), s.nonce()).complete()).isTrue();
    }

    @Test
    void generateRoot_wrongNonce_refused_progressStays() {
        GenerateRootStatus s = admin().startGenerateRoot(null, null);
        admin().updateGenerateRoot(init.recoveryKeys().get(0), s.nonce());
        assertThatThrownBy(() -> admin().updateGenerateRoot(init.recoveryKeys().get(1), "not-the-nonce"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("incorrect nonce supplied");
        assertThat(admin().generateRootStatus().progress()).isEqualTo(1);
    }

    @Test
    void generateRoot_secondAttempt_refused_cancelThenStartWorks() {
        admin().startGenerateRoot(null, null);
        assertThatThrownBy(() -> admin().startGenerateRoot(null, null))
                .hasMessage("root generation already in progress");
        assertThat(admin().cancelGenerateRoot().started()).isFalse();
        assertThat(admin().startGenerateRoot(null, null).started()).isTrue();
    }

    @Test
    void generateRoot_updateWithoutAttempt_refused() {
        assertThatThrownBy(() -> admin().updateGenerateRoot(init.recoveryKeys().get(0), "x"))
                .hasMessage("no root generation in progress");
    }

    @Test
    void generateRoot_shamir_unsealShares_yieldWorkingRootToken(@TempDir Path other) {
        Storage shamirStorage = new FileStorage(other);
        CoreLifecycle shamir = fx.start(shamirStorage, null);
        InitResult r = shamir.initialize(new InitRequest(5, 3, null, null, null, null, null));
        shamir.submitKeyShare(r.keys().get(0));
        shamir.submitKeyShare(r.keys().get(1));
        shamir.submitKeyShare(r.keys().get(2));
        GenerateRootStatus s = shamir.keyAdmin().startGenerateRoot(null, null);
        shamir.keyAdmin().updateGenerateRoot(r.keys().get(4), s.nonce());
        shamir.keyAdmin().updateGenerateRoot(r.keys().get(2), s.nonce());
        GenerateRootStatus done = shamir.keyAdmin().updateGenerateRoot(r.keys().get(0), s.nonce());
        assertThat(shamir.lookupToken(KeyAdmin.decodeToken(done.encodedToken(), s.otp()))).isPresent();
    }

    @Test
    void encodeDecode_roundTrip_matchesVaultFormat() {
        String token = "hvs.ABCDEFGHIJKLMNOPQRSTUVWX";
        String otp = "abcdefghijklmnopqrstuvwxyz01";
        String encoded = KeyAdmin.encodeToken(token, otp);
        assertThat(encoded).doesNotContain("="); // Go's RawStdEncoding
        assertThat(KeyAdmin.decodeToken(encoded, otp)).isEqualTo(token);
    }

    // ---- recovery rekey ----

    private RekeyResult rekeyRecovery(int shares, int threshold, boolean verify) {
        var status = admin().startRekey(Target.RECOVERY, new RekeyRequest(shares, threshold, null, false, verify, null));
        assertThat(status.started()).isTrue();
        assertThat(status.required()).isEqualTo(3);
        admin().updateRekey(Target.RECOVERY, init.recoveryKeys().get(0), status.nonce());
        admin().updateRekey(Target.RECOVERY, init.recoveryKeys().get(1), status.nonce());
        return admin().updateRekey(Target.RECOVERY, init.recoveryKeys().get(2), status.nonce());
    }

    @Test
    void recoveryRekey_oldSharesStopWorking_newOnesUnsealAfterManualSeal() {
        RekeyResult done = rekeyRecovery(3, 2, false);
        assertThat(done.complete()).isTrue();
        assertThat(done.keys()).hasSize(3);
        assertThat(core.sealStatus().n()).isEqualTo(3);
        assertThat(core.sealStatus().t()).isEqualTo(2);
        core.seal();
        core.submitKeyShare(init.recoveryKeys().get(0));
        // threshold 2 now: the old shares combine into a wrong key
        assertThatThrownBy(() -> core.submitKeyShare(init.recoveryKeys().get(1)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("invalid recovery key");
        assertThat(core.isSealed()).isTrue();
        core.submitKeyShare(done.keys().get(2));
        assertThat(core.submitKeyShare(done.keys().get(0)).sealed()).isFalse();
        // and after a restart too
        restart();
        core.seal();
        core.submitKeyShare(done.keys().get(1));
        assertThat(core.submitKeyShare(done.keys().get(2)).sealed()).isFalse();
    }

    @Test
    void recoveryRekey_oldSharesAtOldThreshold_stillRefused() {
        rekeyRecovery(5, 3, false); // same shape, new key
        core.seal();
        core.submitKeyShare(init.recoveryKeys().get(0));
        core.submitKeyShare(init.recoveryKeys().get(1));
        assertThatThrownBy(() -> core.submitKeyShare(init.recoveryKeys().get(2)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("invalid recovery key");
        assertThat(core.isSealed()).isTrue();
    }

    @Test
    void recoveryRekey_withVerification_commitsOnlyAfterNewSharesVerified() {
        RekeyResult done = rekeyRecovery(2, 2, true);
        assertThat(done.verificationRequired()).isTrue();
        assertThat(core.sealStatus().n()).isEqualTo(5); // not yet in force
        var v = admin().rekeyVerifyStatus(Target.RECOVERY);
        assertThat(v.started()).isTrue();
        assertThat(v.nonce()).isEqualTo(done.verificationNonce());
        assertThat(admin().updateRekeyVerify(Target.RECOVERY, done.keys().get(0), v.nonce()).progress()).isEqualTo(1);
        admin().updateRekeyVerify(Target.RECOVERY, done.keys().get(1), v.nonce());
        assertThat(core.sealStatus().n()).isEqualTo(2);
        core.seal();
        core.submitKeyShare(done.keys().get(1));
        assertThat(core.submitKeyShare(done.keys().get(0)).sealed()).isFalse();
    }

    @Test
    void recoveryRekey_wrongAuthorizingShares_refused_nothingChanges() {
        LifecycleFixture other = new LifecycleFixture();
        List<byte[]> foreign = other.start(new io.strongroom.storage.InmemStorage(), other.awskms())
                .initialize(new InitRequest(null, null, 5, 3, null, null, null)).recoveryKeys();
        var status = admin().startRekey(Target.RECOVERY, new RekeyRequest(1, 1, null, false, false, null));
        admin().updateRekey(Target.RECOVERY, foreign.get(0), status.nonce());
        admin().updateRekey(Target.RECOVERY, foreign.get(1), status.nonce());
        assertThatThrownBy(() -> admin().updateRekey(Target.RECOVERY, foreign.get(2), status.nonce()))
                .hasMessageContaining("recovery key verification failed");
        assertThat(admin().rekeyStatus(Target.RECOVERY).progress()).isZero();
        assertThat(admin().rekeyStatus(Target.RECOVERY).started()).isTrue();
        assertThat(core.sealStatus().n()).isEqualTo(5);
    }

    @Test
    void recoveryRekey_badConfig_refusedWithVaultText() {
        assertThatThrownBy(() -> admin().startRekey(Target.RECOVERY, new RekeyRequest(3, 4, null, false, false, null)))
                .hasMessageContaining("threshold cannot be larger than");
        assertThat(admin().rekeyStatus(Target.RECOVERY).started()).isFalse();
        admin().startRekey(Target.RECOVERY, new RekeyRequest(3, 2, null, false, false, null));
        assertThatThrownBy(() -> admin().startRekey(Target.RECOVERY, new RekeyRequest(3, 2, null, false, false, null)))
                .hasMessage("rekey already in progress");
        assertThat(admin().cancelRekey(Target.RECOVERY).started()).isFalse();
        assertThatThrownBy(() -> admin().updateRekey(Target.RECOVERY, init.recoveryKeys().get(0), "n"))
                .hasMessage("no recovery rekey in progress");
    }

    // ---- root key ----

    @Test
    void rotateRoot_restartUnsealsWithNewRootKey_oldRootKeyNoLongerOpensKeyring() {
        byte[] oldRoot = storedRootKey();
        admin().rotateRootKey();
        byte[] newRoot = storedRootKey();
        assertThat(newRoot).isNotEqualTo(oldRoot);
        assertThat(storage.get(CorePaths.ROOT_KEY_ROTATION)).isNull();
        restart();
        assertThat(core.lookupToken(init.rootToken())).isPresent();
        AesGcmBarrier probe = new AesGcmBarrier(storage, fx.random, Clock.systemUTC());
        assertThatThrownBy(() -> probe.unseal(oldRoot)).isInstanceOf(InvalidRootKeyException.class);
        probe.unseal(newRoot);
        assertThat(probe.isSealed()).isFalse();
    }

    @Test
    void barrierRekey_recoveryShares_rotatesRootKey_noSharesReturned() {
        byte[] oldRoot = storedRootKey();
        assertThatThrownBy(() -> admin().startRekey(Target.BARRIER, new RekeyRequest(1, 1, List.of("pgp"), false,
                false, null))).hasMessage("PGP key encryption not supported when using stored keys");
        var status = admin().startRekey(Target.BARRIER, new RekeyRequest(1, 1, null, false, false, 1));
        admin().updateRekey(Target.BARRIER, init.recoveryKeys().get(1), status.nonce());
        admin().updateRekey(Target.BARRIER, init.recoveryKeys().get(2), status.nonce());
        RekeyResult done = admin().updateRekey(Target.BARRIER, init.recoveryKeys().get(3), status.nonce());
        assertThat(done.complete()).isTrue();
        assertThat(done.keys()).isEmpty();
        assertThat(storedRootKey()).isNotEqualTo(oldRoot);
        restart();
        assertThat(core.lookupToken(init.rootToken())).isPresent();
    }

    @Test
    void rotateRoot_shamir_refused(@TempDir Path other) {
        CoreLifecycle shamir = fx.start(new FileStorage(other), null);
        InitResult r = shamir.initialize(new InitRequest(1, 1, null, null, null, null, null));
        shamir.submitKeyShare(r.keys().get(0));
        assertThatThrownBy(() -> shamir.keyAdmin().rotateRootKey()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> shamir.keyAdmin().startRekey(Target.RECOVERY,
                new RekeyRequest(1, 1, null, false, false, null))).hasMessage("recovery rekeying not supported");
    }

    @Test
    void keyOperations_sealed_refused() {
        core.seal();
        assertThatThrownBy(() -> admin().rotateRootKey()).isInstanceOf(io.strongroom.base.SealedException.class);
        assertThatThrownBy(() -> admin().startGenerateRoot(null, null))
                .isInstanceOf(io.strongroom.base.SealedException.class);
    }
}
