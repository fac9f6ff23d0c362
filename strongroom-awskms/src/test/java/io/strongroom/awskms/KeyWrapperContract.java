package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.KeyInfo;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealAccessException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every KMS behind the awskms {@link KeyWrapper} must give: round trips, tamper detection, key
 * rotation. Subclasses supply the KMS (a fake doing real AES-GCM, or moto through the real SDK) and the
 * operator actions (create a key, move an alias, rotate).
 */
public abstract class KeyWrapperContract {

    /** The KMS under test. */
    protected abstract KmsPort kms();

    /** Creates a fresh key and returns its ARN. */
    protected abstract String createKey();

    /** Creates {@code alias} or moves it to {@code keyArn}. */
    protected abstract void pointAlias(String alias, String keyArn);

    /** Rotates the key's material the way AWS does (automatic and on-demand rotation). */
    protected abstract void rotate(String keyArn);

    protected KeyWrapper wrapper;
    protected String keyArn;
    private final SecureRandom random = new SecureRandom();

    @BeforeEach
    void newWrapper() {
        keyArn = createKey();
        wrapper = AwsKmsKeyWrapper.create(kms(), keyArn, random, Map.of("region", "us-east-1"));
    }

    protected byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 32, 4097, 1 << 20})
    void roundTrip_anySize_returnsPlaintext(int size) {
        byte[] plaintext = randomBytes(size);
        BlobInfo blob = wrapper.encrypt(plaintext, null);
        assertThat(wrapper.decrypt(blob, null)).isEqualTo(plaintext);
        assertThat(wrapper.decrypt(BlobInfo.parseFrom(blob.toByteArray()), new byte[0])).isEqualTo(plaintext);
    }

    @Test
    void encrypt_recordsKeyArnAndEnvelopeMechanism() {
        BlobInfo blob = wrapper.encrypt(randomBytes(32), null);
        assertThat(blob.keyInfo().mechanism()).isEqualTo(KeyInfo.MECHANISM_ENVELOPE_AES_GCM);
        assertThat(blob.keyInfo().keyId()).isEqualTo(keyArn);
        assertThat(blob.iv()).hasSize(12);
        assertThat(blob.ciphertext()).hasSize(32 + 16);
        assertThat(wrapper.keyId()).isEqualTo(keyArn);
        assertThat(wrapper.type()).isEqualTo("awskms");
        assertThat(wrapper.metadata()).containsEntry("key_id", keyArn).containsEntry("region", "us-east-1");
    }

    @Test
    void encrypt_samePlaintextTwice_differentDataKeysAndIvs() {
        byte[] plaintext = randomBytes(32);
        Set<String> ivs = new HashSet<>();
        Set<String> wrapped = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            BlobInfo b = wrapper.encrypt(plaintext, null);
            ivs.add(new String(b.iv(), StandardCharsets.ISO_8859_1));
            wrapped.add(new String(b.keyInfo().wrappedKey(), StandardCharsets.ISO_8859_1));
        }
        assertThat(ivs).hasSize(5);
        assertThat(wrapped).hasSize(5);
    }

    @Test
    void decrypt_withAad_rightAadOpens_wrongOrMissingAadFails() {
        byte[] plaintext = randomBytes(32);
        byte[] aad = "core/hsm/barrier-unseal-keys".getBytes(StandardCharsets.UTF_8);
        BlobInfo blob = wrapper.encrypt(plaintext, aad);
        assertThat(wrapper.decrypt(blob, aad)).isEqualTo(plaintext);
        assertRejected(() -> wrapper.decrypt(blob, "core/recovery-key".getBytes(StandardCharsets.UTF_8)));
        assertRejected(() -> wrapper.decrypt(blob, null));
    }

    @Test
    void decrypt_flippedBitAtEveryByteOfTheEncodedBlob_failsNeverWrongPlaintext() {
        byte[] plaintext = randomBytes(32);
        byte[] encoded = wrapper.encrypt(plaintext, null).toByteArray();
        for (int i = 0; i < encoded.length; i++) {
            byte[] tampered = encoded.clone();
            tampered[i] ^= (byte) (1 << (i % 8));
            int at = i;
            assertRejected(() -> wrapper.decrypt(BlobInfo.parseFrom(tampered), null), "bit flipped in byte " + at);
        }
    }

    @Test
    void decrypt_flippedBitInEachField_fails() {
        BlobInfo blob = wrapper.encrypt(randomBytes(32), null);
        KeyInfo k = blob.keyInfo();
        assertRejected(() -> wrapper.decrypt(new BlobInfo(flip(blob.ciphertext(), 0), blob.iv(), k), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(flip(blob.ciphertext(), 47), blob.iv(), k), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(blob.ciphertext(), flip(blob.iv(), 5), k), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(blob.ciphertext(), blob.iv(),
                new KeyInfo(k.mechanism(), k.keyId(), flip(k.wrappedKey(), k.wrappedKey().length - 1))), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(blob.ciphertext(), blob.iv(),
                new KeyInfo(k.mechanism(), k.keyId() + "x", k.wrappedKey())), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(blob.ciphertext(), blob.iv(),
                new KeyInfo(0, k.keyId(), k.wrappedKey())), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(blob.ciphertext(), blob.iv(),
                new KeyInfo(7, k.keyId(), k.wrappedKey())), null));
        assertRejected(() -> wrapper.decrypt(new BlobInfo(blob.ciphertext(), blob.iv(),
                new KeyInfo(k.mechanism(), k.keyId(), new byte[0])), null));
    }

    @Test
    void decrypt_truncatedBlob_failsAtEveryLength() {
        byte[] encoded = wrapper.encrypt(randomBytes(32), null).toByteArray();
        for (int len = 0; len < encoded.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(encoded, len);
            int at = len;
            assertRejected(() -> wrapper.decrypt(BlobInfo.parseFrom(cut), null), "truncated to " + at + " bytes");
        }
    }

    @Test
    void decrypt_wrappedKeyTakenFromAnotherBlob_fails() {
        BlobInfo a = wrapper.encrypt(randomBytes(32), null);
        BlobInfo b = wrapper.encrypt(randomBytes(32), null);
        BlobInfo swapped = new BlobInfo(a.ciphertext(), a.iv(), b.keyInfo());
        assertRejected(() -> wrapper.decrypt(swapped, null));
    }

    @Test
    void decrypt_blobOfAnotherKeyWithForgedKeyId_fails() {
        String otherKey = createKey();
        KeyWrapper other = AwsKmsKeyWrapper.create(kms(), otherKey, random, Map.of());
        BlobInfo b = other.encrypt(randomBytes(32), null);
        BlobInfo forged = new BlobInfo(b.ciphertext(), b.iv(),
                new KeyInfo(b.keyInfo().mechanism(), keyArn, b.keyInfo().wrappedKey()));
        assertThat(wrapper.decrypt(b, null)).hasSize(32); // any wrapper opens any key's blob: KMS picks the key
        assertRejected(() -> wrapper.decrypt(forged, null));
    }

    @Test
    void decrypt_legacyKmsDirectBlob_opensWithAndWithoutKeyInfo() {
        byte[] secret = randomBytes(32);
        KmsPort.Encrypted direct = kms().encrypt(keyArn, secret);
        assertThat(wrapper.decrypt(new BlobInfo(direct.ciphertextBlob(), new byte[0],
                new KeyInfo(KeyInfo.MECHANISM_KMS_DIRECT, direct.keyArn(), new byte[0])), null)).isEqualTo(secret);
        assertThat(wrapper.decrypt(new BlobInfo(direct.ciphertextBlob(), new byte[0], null), null)).isEqualTo(secret);
    }

    @Test
    void aliasMovedToNewKey_oldBlobsDecrypt_newBlobsCarryNewArn() {
        String alias = "alias/strongroom-" + UUID.randomUUID();
        pointAlias(alias, keyArn);
        KeyWrapper viaAlias = AwsKmsKeyWrapper.create(kms(), alias, random, Map.of());
        assertThat(viaAlias.keyId()).isEqualTo(keyArn);
        byte[] p1 = randomBytes(32);
        BlobInfo before = viaAlias.encrypt(p1, null);

        String newKey = createKey();
        pointAlias(alias, newKey);
        byte[] p2 = randomBytes(32);
        BlobInfo after = viaAlias.encrypt(p2, null);

        assertThat(before.keyInfo().keyId()).isEqualTo(keyArn);
        assertThat(after.keyInfo().keyId()).isEqualTo(newKey);
        assertThat(viaAlias.keyId()).isEqualTo(newKey);
        assertThat(viaAlias.decrypt(before, null)).isEqualTo(p1);
        assertThat(viaAlias.decrypt(after, null)).isEqualTo(p2);
    }

    @Test
    void keyRotated_oldAndNewBlobsDecrypt_keyArnUnchanged() {
        byte[] p1 = randomBytes(32);
        BlobInfo before = wrapper.encrypt(p1, null);
        rotate(keyArn);
        byte[] p2 = randomBytes(32);
        BlobInfo after = wrapper.encrypt(p2, null);
        assertThat(after.keyInfo().keyId()).isEqualTo(keyArn);
        assertThat(wrapper.decrypt(before, null)).isEqualTo(p1);
        assertThat(wrapper.decrypt(after, null)).isEqualTo(p2);
    }

    @Test
    void create_byAliasArnAndBareKeyId_resolvesArn() {
        String alias = "alias/strongroom-" + UUID.randomUUID();
        pointAlias(alias, keyArn);
        String aliasArn = keyArn.substring(0, keyArn.indexOf(":key/")) + ":" + alias;
        String bareId = keyArn.substring(keyArn.indexOf(":key/") + 5);
        assertThat(AwsKmsKeyWrapper.create(kms(), aliasArn, random, Map.of()).keyId()).isEqualTo(keyArn);
        assertThat(AwsKmsKeyWrapper.create(kms(), bareId, random, Map.of()).keyId()).isEqualTo(keyArn);
    }

    @Test
    void create_unknownKey_failsNotFound() {
        String missing = keyArn.substring(0, keyArn.indexOf(":key/") + 5) + UUID.randomUUID();
        assertThatThrownBy(() -> AwsKmsKeyWrapper.create(kms(), missing, random, Map.of()))
                .isInstanceOfSatisfying(SealAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(SealAccessException.Reason.NOT_FOUND));
    }

    @Test
    void concurrentEncryptAndDecrypt_allRoundTrip() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> {
                    byte[] p = randomBytes(64);
                    byte[] aad = randomBytes(8);
                    return java.util.Arrays.equals(p, wrapper.decrypt(wrapper.encrypt(p, aad), aad));
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    protected static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    protected void assertRejected(Runnable decrypt) {
        assertRejected(decrypt, "");
    }

    /** Opening must fail with the one "cannot open this blob" type; returning any plaintext is a defect. */
    protected void assertRejected(Runnable decrypt, String what) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(decrypt::run);
        assertThat(thrown).as("decrypt must be rejected: " + what).isNotNull();
        assertThat(isRejection(thrown)).as("decrypt must be rejected as undecryptable: " + what + ", got " + thrown)
                .isTrue();
    }

    /** What counts as "this blob cannot be opened" for this KMS. */
    protected boolean isRejection(Throwable thrown) {
        return thrown instanceof DecryptionFailedException;
    }
}
