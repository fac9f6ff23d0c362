package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.SealAccessException;
import io.strongroom.seal.SealAccessException.Reason;
import io.strongroom.testkit.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@link SdkKmsPort} against moto directly: the happy paths and the errors moto itself produces. */
class SdkKmsPortTest {

    private static MotoServer moto;
    private static KmsClient client;
    private static SdkKmsPort port;
    private static String keyArn;
    private static String alias;

    @BeforeAll
    static void start() {
        moto = MotoServer.shared();
        keyArn = moto.createKey();
        alias = "alias/sdkkmsport-" + System.nanoTime();
        moto.createAlias(alias, keyArn);
        client = TestKmsClients.client(moto.endpoint(), Duration.ofSeconds(5));
        port = new SdkKmsPort(client, TestKmsClients.REGION, moto.endpoint().toString(), KmsRetryPolicy.DEFAULT,
                KmsTimeouts.DEFAULT, new TestKmsClients.RecordingSleeper(), new Random(1));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void encryptDecrypt_32ByteKey_roundTripsAndReportsTheKeyArn() {
        byte[] dataKey = new byte[32];
        new Random(7).nextBytes(dataKey);
        KmsPort.Encrypted sealed = port.encrypt(keyArn, dataKey);
        assertThat(sealed.keyArn()).isEqualTo(keyArn);
        assertThat(sealed.ciphertextBlob()).hasSize(32 + 64); // moto: key id, IV, tag, ciphertext

        KmsPort.Decrypted opened = port.decrypt(sealed.ciphertextBlob());
        assertThat(opened.keyArn()).isEqualTo(keyArn);
        assertThat(opened.plaintext()).isEqualTo(dataKey);
        assertThat(opened.toString()).doesNotContain(Arrays.toString(dataKey)).contains("32 bytes");
    }

    @Test
    void encrypt_byAlias_reportsTheResolvedKeyArn() {
        KmsPort.Encrypted sealed = port.encrypt(alias, "a".getBytes(StandardCharsets.UTF_8));
        assertThat(sealed.keyArn()).isEqualTo(keyArn);
    }

    @Test
    void describeKey_byIdArnAliasAndAliasArn_allResolveToTheArnAndEnabled() {
        String keyId = keyArn.substring(keyArn.lastIndexOf('/') + 1);
        String aliasArn = "arn:aws:kms:us-east-1:123456789012:" + alias;
        for (String id : new String[] {keyId, keyArn, alias, aliasArn}) {
            KmsPort.KeyDescription d = port.describeKey(id);
            assertThat(d.keyArn()).as(id).isEqualTo(keyArn);
            assertThat(d.keyState()).as(id).isEqualTo("Enabled");
            assertThat(d.enabled()).as(id).isTrue();
        }
    }

    @Test
    void describeKey_missingAlias_notFoundNamingKeyAndRegion() {
        assertThatThrownBy(() -> port.describeKey("alias/does-not-exist"))
                .isInstanceOfSatisfying(SealAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("alias/does-not-exist")
                .hasMessageContaining("the key must live in us-east-1");
    }

    @Test
    void decrypt_tamperedCiphertext_decryptionFailed() {
        byte[] blob = port.encrypt(keyArn, new byte[32]).ciphertextBlob();
        blob[blob.length - 1] ^= 1;
        assertThatThrownBy(() -> port.decrypt(blob)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void decrypt_garbageUnderAKnownKeyId_decryptionFailed() {
        // moto reads the first 36 bytes as the key id; all-zero garbage would name an unknown key and moto then
        // answers AccessDenied, so keep the real key id and replace everything after it
        byte[] blob = port.encrypt(keyArn, new byte[32]).ciphertextBlob();
        Arrays.fill(blob, 36, blob.length, (byte) 0x5a);
        assertThatThrownBy(() -> port.decrypt(blob)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void decrypt_afterAliasMovedToNewKey_oldBlobStillOpensUnderOldKey() {
        // vault-compat (spec 2.4/2.8): Decrypt sends no KeyId, so replaced keys keep opening old blobs
        String first = moto.createKey();
        String second = moto.createKey();
        String moving = "alias/moving-" + System.nanoTime();
        moto.createAlias(moving, first);
        byte[] blob = port.encrypt(moving, new byte[32]).ciphertextBlob();
        moto.updateAlias(moving, second);
        assertThat(port.encrypt(moving, new byte[32]).keyArn()).isEqualTo(second);
        assertThat(port.decrypt(blob).keyArn()).isEqualTo(first);
    }
}
