package io.strongroom.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.SealedException;
import io.strongroom.storage.InmemStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AesGcmBarrierTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final SecureRandom random = new SecureRandom();
    private InmemStorage storage;
    private AesGcmBarrier barrier;
    private byte[] rootKey;

    @BeforeEach
    void setUp() {
        storage = new InmemStorage();
        barrier = new AesGcmBarrier(storage, random, Clock.fixed(NOW, ZoneOffset.UTC));
        rootKey = new byte[32];
        random.nextBytes(rootKey);
    }

    private void initAndUnseal() {
        barrier.initialize(rootKey);
        barrier.unseal(rootKey);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the keyring straight from storage, as an offline tool would. */
    private Keyring storedKeyring() {
        return KeyringJson.decode(BarrierCiphertext.decrypt(rootKey, BarrierPaths.KEYRING, storage.get(BarrierPaths.KEYRING)));
    }

    @Test
    void initialize_writesKeyringAndRootKey_andStaysSealed() {
        assertThat(barrier.isInitialized()).isFalse();
        barrier.initialize(rootKey);
        assertThat(barrier.isInitialized()).isTrue();
        assertThat(barrier.isSealed()).isTrue();
        assertThat(storage.list("core/")).containsExactly("keyring", "root-key");
        Keyring kr = storedKeyring();
        assertThat(kr.activeTerm()).isEqualTo(1);
        assertThat(kr.rootKey()).isEqualTo(rootKey);
        assertThat(kr.activeKey().installTime()).isEqualTo(NOW);
    }

    @Test
    void keyringValue_termFieldIsOne_encryptedWithRootKeyAtItsPath() {
        // vault-compat: vault-seal-spec 4.2, the keyring's term field is always 1.
        barrier.initialize(rootKey);
        byte[] raw = storage.get(BarrierPaths.KEYRING);
        assertThat(ByteBuffer.wrap(raw).getInt()).isEqualTo(1);
        assertThat(raw[4]).isEqualTo((byte) 2);
    }

    @Test
    void rootKeyEntry_isKeyJsonUnderActiveTerm() {
        initAndUnseal();
        Keyring kr = storedKeyring();
        byte[] raw = storage.get(BarrierPaths.ROOT_KEY);
        assertThat(ByteBuffer.wrap(raw).getInt()).isEqualTo(1);
        byte[] json = BarrierCiphertext.decrypt(kr.activeKey().value(), BarrierPaths.ROOT_KEY, raw);
        assertThat(KeyringJson.decodeRootKeyEntry(json)).isEqualTo(rootKey);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"Term\":1", "\"Version\":1");
    }

    @Test
    void initialize_twice_fails() {
        barrier.initialize(rootKey);
        assertThatThrownBy(() -> barrier.initialize(rootKey)).isInstanceOf(BarrierStateException.class);
    }

    @Test
    void unseal_notInitialized_fails() {
        assertThatThrownBy(() -> barrier.unseal(rootKey)).isInstanceOf(BarrierStateException.class);
    }

    @Test
    void rootKey_wrongSize_rejected() {
        assertThatThrownBy(() -> barrier.initialize(new byte[16])).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> barrier.unseal(new byte[31])).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void putGet_roundTrip_andStoredBytesAreCiphertext() {
        initAndUnseal();
        byte[] secret = utf8("the quick brown secret");
        barrier.put("logical/abc/foo", secret);
        assertThat(barrier.get("logical/abc/foo")).isEqualTo(secret);
        byte[] raw = storage.get("logical/abc/foo");
        assertThat(raw).hasSize(4 + 1 + 12 + secret.length + 16);
        assertThat(ByteBuffer.wrap(raw).getInt()).isEqualTo(1);
        assertThat(raw[4]).isEqualTo((byte) 2);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
        assertThat(barrier.get("logical/abc/missing")).isNull();
        assertThat(barrier.list("logical/abc/")).containsExactly("foo");
        barrier.delete("logical/abc/foo");
        assertThat(barrier.get("logical/abc/foo")).isNull();
    }

    @Test
    void put_emptyValue_roundTrips() {
        initAndUnseal();
        barrier.put("e", new byte[0]);
        assertThat(barrier.get("e")).isEmpty();
    }

    @Test
    void put_sameValueTwice_differentCiphertexts() {
        initAndUnseal();
        barrier.put("a", utf8("x"));
        byte[] first = storage.get("a");
        barrier.put("a", utf8("x"));
        assertThat(storage.get("a")).isNotEqualTo(first);
    }

    @Test
    void unseal_wrongRootKey_throwsInvalidRootKey_andStaysSealed() {
        barrier.initialize(rootKey);
        byte[] wrong = rootKey.clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> barrier.unseal(wrong))
                .isInstanceOf(InvalidRootKeyException.class)
                .hasMessage("Unseal failed, invalid key")
                .hasCauseInstanceOf(BarrierDecryptionException.class);
        assertThat(barrier.isSealed()).isTrue();
        barrier.unseal(rootKey);
        assertThat(barrier.isSealed()).isFalse();
    }

    @ParameterizedTest(name = "flip bit in {0} at offset {1}")
    @CsvSource({"term,0", "term,3", "version,4", "nonce,5", "nonce,16", "ciphertext,17", "ciphertext,30",
        "tag,-16", "tag,-1"})
    void get_tamperedRegion_throwsDecryptionFailure(String region, int offset) {
        initAndUnseal();
        barrier.put("tamper/me", utf8("fourteen bytes"));
        byte[] raw = storage.get("tamper/me");
        int at = offset < 0 ? raw.length + offset : offset;
        raw[at] ^= 0x01;
        storage.put("tamper/me", raw);
        assertThatThrownBy(() -> barrier.get("tamper/me")).as(region).isInstanceOf(BarrierDecryptionException.class);
    }

    @Test
    void get_versionByteChangedTo1_failsBecausePathNoLongerAuthenticated() {
        initAndUnseal();
        barrier.put("v", utf8("value"));
        byte[] raw = storage.get("v");
        raw[4] = 1;
        storage.put("v", raw);
        assertThatThrownBy(() -> barrier.get("v")).isInstanceOf(BarrierDecryptionException.class);
    }

    @Test
    void get_truncatedValue_throwsDecryptionFailure() {
        initAndUnseal();
        barrier.put("t", utf8("value"));
        byte[] raw = storage.get("t");
        for (int len : new int[] {0, 3, 17, 32, raw.length - 1}) {
            storage.put("t", Arrays.copyOf(raw, len));
            assertThatThrownBy(() -> barrier.get("t")).as("length " + len)
                    .isInstanceOf(BarrierDecryptionException.class);
        }
    }

    @Test
    void get_valueCopiedToAnotherPath_fails() {
        // vault-compat: version 2 binds the path as associated data (vault-seal-spec 4.2).
        initAndUnseal();
        barrier.put("secret/a", utf8("A"));
        storage.put("secret/b", storage.get("secret/a"));
        assertThatThrownBy(() -> barrier.get("secret/b")).isInstanceOf(BarrierDecryptionException.class)
                .hasCauseInstanceOf(javax.crypto.AEADBadTagException.class);
    }

    @Test
    void get_legacyVersion1Value_decryptsWithoutAssociatedData() throws Exception {
        // vault-compat: version 1 values (no AAD) written by old Vault versions stay readable.
        initAndUnseal();
        byte[] key = storedKeyring().key(1).value();
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        byte[] ct = gcm.doFinal(utf8("old"));
        byte[] value = ByteBuffer.allocate(17 + ct.length).putInt(1).put((byte) 1).put(nonce).put(ct).array();
        storage.put("legacy/v1", value);
        assertThat(barrier.get("legacy/v1")).isEqualTo(utf8("old"));
        storage.put("legacy/moved", value);
        assertThat(barrier.get("legacy/moved")).as("v1 is not path-bound").isEqualTo(utf8("old"));
    }

    @Test
    void get_unknownTerm_throwsDecryptionFailure() {
        initAndUnseal();
        barrier.put("x", utf8("1"));
        byte[] raw = storage.get("x");
        ByteBuffer.wrap(raw).putInt(7);
        storage.put("x", raw);
        assertThatThrownBy(() -> barrier.get("x")).isInstanceOf(BarrierDecryptionException.class)
                .hasMessageContaining("term 7");
    }

    @Test
    void rotate_oldValuesStillRead_newWritesUseNewTerm_survivesReseal() {
        initAndUnseal();
        barrier.put("before", utf8("old"));
        assertThat(barrier.rotate()).isEqualTo(2);
        barrier.put("after", utf8("new"));
        assertThat(ByteBuffer.wrap(storage.get("before")).getInt()).isEqualTo(1);
        assertThat(ByteBuffer.wrap(storage.get("after")).getInt()).isEqualTo(2);
        assertThat(ByteBuffer.wrap(storage.get(BarrierPaths.ROOT_KEY)).getInt()).isEqualTo(2);
        assertThat(barrier.get("before")).isEqualTo(utf8("old"));
        assertThat(storedKeyring().keys()).extracting(BarrierKey::term).containsExactly(1, 2);

        barrier.seal();
        barrier.unseal(rootKey);
        assertThat(barrier.get("before")).isEqualTo(utf8("old"));
        assertThat(barrier.get("after")).isEqualTo(utf8("new"));
        assertThat(barrier.rotate()).isEqualTo(3);
    }

    @Test
    void sealed_everyDataCallAndRotate_throwSealed() {
        barrier.initialize(rootKey);
        assertSealedEverywhere();
        barrier.unseal(rootKey);
        barrier.put("k", utf8("v"));
        barrier.seal();
        barrier.seal(); // idempotent
        assertThat(barrier.isSealed()).isTrue();
        assertSealedEverywhere();
    }

    private void assertSealedEverywhere() {
        assertThatThrownBy(() -> barrier.get("k")).isInstanceOf(SealedException.class).hasMessage("Vault is sealed");
        assertThatThrownBy(() -> barrier.put("k", new byte[0])).isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> barrier.delete("k")).isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> barrier.list("")).isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> barrier.rotate()).isInstanceOf(SealedException.class);
    }

    @Test
    void put_barrierManagedPaths_rejected() {
        initAndUnseal();
        for (String p : new String[] {BarrierPaths.KEYRING, BarrierPaths.ROOT_KEY, BarrierPaths.LEGACY_MASTER}) {
            assertThatThrownBy(() -> barrier.put(p, new byte[1])).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> barrier.delete(p)).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void unseal_onlyLegacyCoreMasterPresent_stillUnseals() {
        barrier.initialize(rootKey);
        storage.put(BarrierPaths.LEGACY_MASTER, storage.get(BarrierPaths.ROOT_KEY)); // as Vault would have stored it,
        storage.delete(BarrierPaths.ROOT_KEY);                                      // but bound to the other path
        barrier.unseal(rootKey);
        assertThat(barrier.isSealed()).isFalse();
        assertThat(storage.get(BarrierPaths.ROOT_KEY)).as("legacy fallback is read-only").isNull();
    }

    @Test
    void concurrentWritesDuringRotation_allReadable() throws Exception {
        initAndUnseal();
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            int id = t;
            writers[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    barrier.put("c/" + id + "/" + i, utf8(id + ":" + i));
                }
            });
            writers[t].start();
        }
        for (int i = 0; i < 5; i++) {
            barrier.rotate();
        }
        for (Thread w : writers) {
            w.join();
        }
        barrier.seal();
        barrier.unseal(rootKey);
        for (int t = 0; t < writers.length; t++) {
            for (int i = 0; i < 200; i++) {
                assertThat(barrier.get("c/" + t + "/" + i)).isEqualTo(utf8(t + ":" + i));
            }
        }
    }
}
