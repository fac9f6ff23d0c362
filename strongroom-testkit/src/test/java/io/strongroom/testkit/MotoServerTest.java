package io.strongroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;

class MotoServerTest {

    @Test
    void startAndClose_ownServer_servesKmsThenLeavesNoProcessOrPort() throws Exception {
        long t0 = System.nanoTime();
        MotoServer moto = new MotoServer().start();
        long startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("moto_server ready in " + startMillis + " ms");
        int port = moto.port();
        String arn = moto.createKey();
        assertThat(arn).startsWith("arn:aws:kms:us-east-1:123456789012:key/");

        moto.close();
        assertThat(canConnect(port)).as("port closed after close()").isFalse();
        KmsClient client = MotoServer.clientFor(moto.endpoint(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.describeKey(r -> r.keyId(arn))).isInstanceOf(SdkClientException.class);
        client.close();
    }

    @Test
    void shared_isOneServer_andCloseIsHarmless() {
        MotoServer a = MotoServer.shared();
        a.close(); // must not stop the shared instance
        MotoServer b = MotoServer.shared();
        assertThat(b).isSameAs(a);
        assertThat(canConnect(b.port())).isTrue();
    }

    @Test
    void aliases_createAndUpdate_moveTheAliasAndOldCiphertextStillDecrypts() {
        MotoServer moto = MotoServer.shared();
        String first = moto.createKey();
        String second = moto.createKey();
        String alias = "alias/testkit-" + System.nanoTime();
        moto.createAlias(alias, first);
        EncryptResponse sealed = moto.kmsClient().encrypt(r -> r.keyId(alias).plaintext(SdkBytes.fromUtf8String("x")));
        assertThat(sealed.keyId()).isEqualTo(first);

        moto.updateAlias(alias, second);
        assertThat(moto.kmsClient().describeKey(r -> r.keyId(alias)).keyMetadata().arn()).isEqualTo(second);
        DecryptResponse opened = moto.kmsClient().decrypt(r -> r.ciphertextBlob(sealed.ciphertextBlob()));
        assertThat(opened.keyId()).isEqualTo(first);
        assertThat(opened.plaintext().asUtf8String()).isEqualTo("x");
    }

    static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
