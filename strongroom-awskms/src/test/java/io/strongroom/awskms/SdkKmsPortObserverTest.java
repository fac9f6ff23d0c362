package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.SealAccessException;
import io.strongroom.testkit.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** The {@link KmsCallObserver} hook of {@link SdkKmsPort}: one observation per operation, with its outcome. */
class SdkKmsPortObserverTest {

    private record Seen(String operation, long nanos, String errorKind) {}

    private static MotoServer moto;
    private static KmsClient client;
    private static String keyArn;

    @BeforeAll
    static void start() {
        moto = MotoServer.shared();
        keyArn = moto.createKey();
        client = TestKmsClients.client(moto.endpoint(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static SdkKmsPort port(List<Seen> seen) {
        return new SdkKmsPort(client, TestKmsClients.REGION, moto.endpoint().toString(), KmsRetryPolicy.DEFAULT,
                KmsTimeouts.DEFAULT, new TestKmsClients.RecordingSleeper(), new Random(1),
                (op, nanos, kind) -> seen.add(new Seen(op, nanos, kind)));
    }

    @Test
    void observer_successfulCalls_oneObservationEachWithoutErrorKind() {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        SdkKmsPort port = port(seen);
        port.describeKey(keyArn);
        port.decrypt(port.encrypt(keyArn, new byte[32]).ciphertextBlob());
        assertThat(seen).extracting(Seen::operation).containsExactly("DescribeKey", "Encrypt", "Decrypt");
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.errorKind()).isNull();
            assertThat(s.nanos()).isPositive();
        });
    }

    @Test
    void observer_failedCalls_reportTheKindOfError() {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        SdkKmsPort port = port(seen);
        assertThatThrownBy(() -> port.describeKey("alias/observer-missing")).isInstanceOf(SealAccessException.class);
        byte[] blob = port.encrypt(keyArn, new byte[32]).ciphertextBlob();
        blob[blob.length - 1] ^= 1;
        assertThatThrownBy(() -> port.decrypt(blob)).isInstanceOf(DecryptionFailedException.class);
        assertThat(seen).extracting(Seen::operation, Seen::errorKind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DescribeKey", "not_found"),
                org.assertj.core.groups.Tuple.tuple("Encrypt", null),
                org.assertj.core.groups.Tuple.tuple("Decrypt", "decryption_failed"));
    }

    @Test
    void observer_throwingObserver_doesNotBreakTheCall() {
        SdkKmsPort port = new SdkKmsPort(client, TestKmsClients.REGION, moto.endpoint().toString(),
                (op, nanos, kind) -> {
                    throw new IllegalStateException("observer bug");
                });
        assertThat(port.describeKey(keyArn).keyArn()).isEqualTo(keyArn);
    }
}
