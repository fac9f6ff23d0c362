package io.strongroom.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.storage.InmemStorage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keyring rotation, key status, automatic rotation, root-key rotation and the upgrade path (issue 9, item 5). */
class KeyringRotationTest {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private InmemStorage storage;
    private AesGcmBarrier barrier;
    private byte[] rootKey;

    @BeforeEach
    void setUp() {
        storage = new InmemStorage();
        barrier = new AesGcmBarrier(storage, random, clock);
        rootKey = new byte[32];
        random.nextBytes(rootKey);
        barrier.initialize(rootKey);
        barrier.unseal(rootKey);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private AesGcmBarrier restart(byte[] key) {
        AesGcmBarrier b = new AesGcmBarrier(storage, random, clock);
        b.unseal(key);
        return b;
    }

    @Test
    void rotate_oldValuesReadable_newValuesOnNewTerm_afterRestartToo() {
        barrier.put("a", utf8("old"));
        assertThat(barrier.rotate()).isEqualTo(2);
        barrier.put("b", utf8("new"));
        assertThat(BarrierCiphertext.term(storage.get("a"))).isEqualTo(1);
        assertThat(BarrierCiphertext.term(storage.get("b"))).isEqualTo(2);
        AesGcmBarrier again = restart(rootKey);
        assertThat(again.get("a")).isEqualTo(utf8("old"));
        assertThat(again.get("b")).isEqualTo(utf8("new"));
        assertThat(again.keyStatus().term()).isEqualTo(2);
    }

    @Test
    void keyStatus_countsEncryptions_andPersistsThemAtRotation() {
        int before = (int) barrier.keyStatus().encryptions();
        barrier.put("a", utf8("1"));
        barrier.put("b", utf8("2"));
        KeyringAdmin.KeyStatus status = barrier.keyStatus();
        assertThat(status.term()).isEqualTo(1);
        assertThat(status.installTime()).isEqualTo(T0);
        assertThat(status.encryptions()).isEqualTo(before + 2);
        barrier.rotate();
        assertThat(barrier.keyStatus().encryptions()).isZero();
        Keyring stored = KeyringJson.decode(BarrierCiphertext.decrypt(rootKey, BarrierPaths.KEYRING,
                storage.get(BarrierPaths.KEYRING)));
        assertThat(stored.key(1).encryptions()).isEqualTo(before + 2);
    }

    @Test
    void put_countReachesMaxOperations_rotatesAutomatically() {
        barrier.updateRotationConfig(new RotationConfig(false, 5, 0));
        long start = barrier.keyStatus().encryptions();
        for (long i = start; i < 5; i++) {
            barrier.put("k" + i, utf8("v"));
        }
        assertThat(barrier.keyStatus().term()).isEqualTo(2);
        barrier.put("after", utf8("v"));
        assertThat(BarrierCiphertext.term(storage.get("after"))).isEqualTo(2);
        assertThat(barrier.get("k" + start)).isEqualTo(utf8("v"));
    }

    @Test
    void put_autoRotationDisabled_neverRotates() {
        barrier.updateRotationConfig(new RotationConfig(true, 3, 0));
        for (int i = 0; i < 10; i++) {
            barrier.put("k" + i, utf8("v"));
        }
        assertThat(barrier.rotateIfDue()).isFalse();
        assertThat(barrier.keyStatus().term()).isEqualTo(1);
    }

    @Test
    void rotateIfDue_intervalPassed_rotates_notBefore() {
        barrier.updateRotationConfig(new RotationConfig(false, RotationConfig.MAX_OPERATIONS,
                Duration.ofHours(24).toNanos()));
        now.set(T0.plus(Duration.ofHours(23)));
        assertThat(barrier.rotateIfDue()).isFalse();
        now.set(T0.plus(Duration.ofHours(24)));
        assertThat(barrier.rotateIfDue()).isTrue();
        assertThat(barrier.keyStatus().term()).isEqualTo(2);
        assertThat(barrier.keyStatus().installTime()).isEqualTo(T0.plus(Duration.ofHours(24)));
    }

    @Test
    void updateRotationConfig_persistsAcrossRestart() {
        barrier.updateRotationConfig(new RotationConfig(false, 2_000_000, Duration.ofHours(48).toNanos()));
        assertThat(restart(rootKey).rotationConfig()).isEqualTo(new RotationConfig(false, 2_000_000,
                Duration.ofHours(48).toNanos()));
    }

    @Test
    void rotateRootKey_newKeyOpens_oldKeyNoLongerOpens_valuesKept() {
        barrier.put("a", utf8("kept"));
        byte[] newRoot = new byte[32];
        random.nextBytes(newRoot);
        barrier.rotateRootKey(newRoot);
        assertThat(barrier.get("a")).isEqualTo(utf8("kept"));
        assertThat(restart(newRoot).get("a")).isEqualTo(utf8("kept"));
        assertThatThrownBy(() -> restart(rootKey)).isInstanceOf(InvalidRootKeyException.class);
    }

    @Test
    void refreshFromUpgrades_secondNode_learnsNewTerm_andReadsNewValues() {
        AesGcmBarrier standby = restart(rootKey);
        barrier.rotate();
        barrier.put("new", utf8("v2"));
        assertThatThrownBy(() -> standby.get("new")).isInstanceOf(BarrierDecryptionException.class);
        assertThat(standby.refreshFromUpgrades()).isEqualTo(1);
        assertThat(standby.get("new")).isEqualTo(utf8("v2"));
        assertThat(storage.list(BarrierPaths.UPGRADE_PREFIX)).containsExactly("2");
    }

    @Test
    void refreshFromUpgrades_twoRotationsBehind_reloadsKeyringWithRootKey() {
        AesGcmBarrier standby = restart(rootKey);
        barrier.rotate();
        barrier.rotate();
        barrier.put("newest", utf8("v3"));
        assertThat(storage.list(BarrierPaths.UPGRADE_PREFIX)).containsExactly("3"); // only the newest is kept
        assertThat(standby.refreshFromUpgrades()).isEqualTo(2);
        assertThat(standby.get("newest")).isEqualTo(utf8("v3"));
    }

    @Test
    void put_upgradePath_isBarrierManaged() {
        assertThatThrownBy(() -> barrier.put(BarrierPaths.UPGRADE_PREFIX + "9", utf8("x")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void keyStatus_sealed_throwsSealed() {
        barrier.seal();
        assertThatThrownBy(barrier::keyStatus).isInstanceOf(SealedException.class);
        assertThatThrownBy(barrier::rotate).isInstanceOf(SealedException.class);
    }
}
