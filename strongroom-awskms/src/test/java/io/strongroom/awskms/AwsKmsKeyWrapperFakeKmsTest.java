package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.seal.SealAccessException;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wrapper contract against a fake KMS doing real AES-GCM per key, plus what only a fake can stage cheaply. */
class AwsKmsKeyWrapperFakeKmsTest extends KeyWrapperContract {

    private final FakeKms kms = new FakeKms();

    @Override
    protected KmsPort kms() {
        return kms;
    }

    @Override
    protected String createKey() {
        return kms.createKey();
    }

    @Override
    protected void pointAlias(String alias, String keyArn) {
        kms.setAlias(alias, keyArn);
    }

    @Override
    protected void rotate(String keyArn) {
        kms.rotate(keyArn);
    }

    @Test
    void encryptAndDecrypt_oneKmsCallEach() {
        int enc = kms.calls("Encrypt");
        int dec = kms.calls("Decrypt");
        wrapper.decrypt(wrapper.encrypt(randomBytes(32), null), null);
        assertThat(kms.calls("Encrypt") - enc).isEqualTo(1);
        assertThat(kms.calls("Decrypt") - dec).isEqualTo(1);
    }

    @Test
    void create_disabledKey_failsDisabled() {
        String key = kms.createKey();
        kms.setState(key, "Disabled");
        assertThatThrownBy(() -> AwsKmsKeyWrapper.create(kms, key, new SecureRandom(), Map.of()))
                .isInstanceOfSatisfying(SealAccessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SealAccessException.Reason.DISABLED);
                    assertThat(e.getMessage()).contains(key).contains("Disabled");
                });
    }

    @Test
    void create_keyPendingDeletion_failsInvalidStateSayingCancel() {
        String key = kms.createKey();
        kms.setState(key, "PendingDeletion");
        assertThatThrownBy(() -> AwsKmsKeyWrapper.create(kms, key, new SecureRandom(), Map.of()))
                .isInstanceOfSatisfying(SealAccessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SealAccessException.Reason.INVALID_STATE);
                    assertThat(e.getMessage()).contains("cancel the key deletion");
                });
    }

    @Test
    void decrypt_oldKeyDisabledAfterAliasMove_failsDisabledNotWrongPlaintext() {
        byte[] p = randomBytes(32);
        var blob = wrapper.encrypt(p, null);
        kms.setState(keyArn, "Disabled");
        assertThatThrownBy(() -> wrapper.decrypt(blob, null))
                .isInstanceOfSatisfying(SealAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(SealAccessException.Reason.DISABLED));
    }

    @Test
    void decrypt_kmsReturnsShortDataKey_fails() {
        var blob = wrapper.encrypt(randomBytes(32), null);
        KmsPort lying = new KmsPort() {
            @Override
            public Encrypted encrypt(String keyId, byte[] plaintext) {
                return kms.encrypt(keyId, plaintext);
            }

            @Override
            public Decrypted decrypt(byte[] blob) {
                Decrypted d = kms.decrypt(blob);
                return new Decrypted(d.keyArn(), java.util.Arrays.copyOf(d.plaintext(), 16));
            }

            @Override
            public KeyDescription describeKey(String keyId) {
                return kms.describeKey(keyId);
            }
        };
        var w = AwsKmsKeyWrapper.create(lying, keyArn, new SecureRandom(), Map.of());
        assertRejected(() -> w.decrypt(blob, null));
    }

    @Test
    void toString_showsNoSecrets() {
        assertThat(wrapper.toString()).contains(keyArn).doesNotContain("secret");
    }
}
