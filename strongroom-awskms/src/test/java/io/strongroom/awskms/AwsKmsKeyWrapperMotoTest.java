package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.SealAccessException;
import io.strongroom.testkit.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The wrapper contract against moto_server through the real AWS SDK v2 ({@link SdkKmsPort} over a
 * {@link KmsClient}), plus a blob crossing JVMs.
 */
class AwsKmsKeyWrapperMotoTest extends KeyWrapperContract {

    private static MotoServer moto;
    private static KmsClient client;
    private static SdkKmsPort port;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.shared();
        client = TestKmsClients.client(moto.endpoint(), Duration.ofSeconds(10));
        port = new SdkKmsPort(client, TestKmsClients.REGION, moto.endpoint().toString());
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Override
    protected KmsPort kms() {
        return port;
    }

    @Override
    protected String createKey() {
        return moto.createKey();
    }

    @Override
    protected void pointAlias(String alias, String keyArn) {
        try {
            moto.createAlias(alias, keyArn);
        } catch (software.amazon.awssdk.services.kms.model.AlreadyExistsException e) {
            moto.updateAlias(alias, keyArn);
        }
    }

    @Override
    protected void rotate(String keyArn) {
        // automatic rotation switched on, and an on-demand rotation now (moto records both; old ciphertext must
        // keep decrypting either way, which is what the contract checks)
        moto.kmsClient().enableKeyRotation(r -> r.keyId(keyArn).rotationPeriodInDays(90));
        moto.kmsClient().rotateKeyOnDemand(r -> r.keyId(keyArn));
        assertThat(moto.kmsClient().listKeyRotations(r -> r.keyId(keyArn)).rotations()).isNotEmpty();
    }

    /**
     * moto reads a ciphertext's first 36 bytes as the key id and answers AccessDeniedException when they name no
     * key (a bit flipped there, or a truncated wrapped key); real KMS answers InvalidCiphertextException, which
     * is a {@code DecryptionFailedException} here. Either way no plaintext comes back.
     */
    @Override
    protected boolean isRejection(Throwable thrown) {
        return super.isRejection(thrown)
                || (thrown instanceof SealAccessException s && s.reason() == SealAccessException.Reason.ACCESS_DENIED
                        && s.getMessage().contains("kms:Decrypt"));
    }

    @Test
    void blobWrittenByAnotherJvm_decryptsHere(@TempDir Path dir) throws Exception {
        Path blobFile = dir.resolve("blob.bin");
        Path plainFile = dir.resolve("plain.hex");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                WriteBlobMain.class.getName(), moto.endpoint().toString(), keyArn, blobFile.toString(),
                plainFile.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

        byte[] expected = HexFormat.of().parseHex(Files.readString(plainFile).trim());
        BlobInfo blob = BlobInfo.parseFrom(Files.readAllBytes(blobFile));
        assertThat(blob.keyInfo().keyId()).isEqualTo(keyArn);
        assertThat(wrapper.decrypt(blob, "cross-jvm".getBytes())).isEqualTo(expected);
    }

    /** Run in a child JVM: encrypts a random value and writes the blob and the plaintext (hex) to files. */
    public static final class WriteBlobMain {
        public static void main(String[] args) throws Exception {
            try (KmsClient c = TestKmsClients.client(java.net.URI.create(args[0]), Duration.ofSeconds(10))) {
                AwsKmsKeyWrapper w = AwsKmsKeyWrapper.create(new SdkKmsPort(c, "us-east-1", args[0]), args[1],
                        new SecureRandom(), Map.of());
                byte[] plain = new byte[32];
                new SecureRandom().nextBytes(plain);
                Files.write(Path.of(args[2]), w.encrypt(plain, "cross-jvm".getBytes()).toByteArray());
                Files.writeString(Path.of(args[3]), HexFormat.of().formatHex(plain));
            }
        }
    }
}
