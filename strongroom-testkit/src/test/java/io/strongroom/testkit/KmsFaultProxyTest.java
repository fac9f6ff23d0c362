package io.strongroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Each fault kind, observed by a raw SDK client (retries off) pointed at the proxy in front of moto. */
class KmsFaultProxyTest {

    private static MotoServer moto;
    private static KmsFaultProxy proxy;
    private static KmsClient client;
    private static String key;

    @BeforeAll
    static void start() {
        moto = MotoServer.shared();
        key = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
        client = MotoServer.clientFor(proxy.endpoint(), Duration.ofMillis(800));
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
    }

    @BeforeEach
    void reset() {
        proxy.clearFaults();
        proxy.resetCounts();
    }

    private SdkBytes encrypt() {
        return client.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("secret"))).ciphertextBlob();
    }

    @Test
    void forward_noFault_roundTripsThroughMotoAndCountsPerOperation() {
        SdkBytes blob = encrypt();
        assertThat(client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
        assertThat(client.describeKey(r -> r.keyId(key)).keyMetadata().arn()).isEqualTo(key);
        assertThat(proxy.count("Encrypt")).isEqualTo(1);
        assertThat(proxy.count("Decrypt")).isEqualTo(1);
        assertThat(proxy.count("DescribeKey")).isEqualTo(1);
        assertThat(proxy.totalCount()).isEqualTo(3);
    }

    @Test
    void kmsErrors_eachType_raiseTheSdkModelledException() {
        SdkBytes blob = encrypt();
        proxy.inject(Fault.accessDenied().on("Decrypt"))
                .inject(Fault.disabled().on("Decrypt"))
                .inject(Fault.invalidState().on("Decrypt"))
                .inject(Fault.notFound().on("Decrypt"))
                .inject(Fault.incorrectKey().on("Decrypt"))
                .inject(Fault.invalidCiphertext().on("Decrypt"))
                .inject(Fault.throttling().on("Decrypt"));
        // KMS has no modelled AccessDeniedException: the SDK raises KmsException with the error code
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob))).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                .hasMessageContaining("not authorized");
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob))).isInstanceOf(DisabledException.class);
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(KmsInvalidStateException.class);
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob))).isInstanceOf(IncorrectKeyException.class);
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                });
        // all used up: the next call goes through
        assertThat(client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
        assertThat(proxy.count("Decrypt")).isEqualTo(8);
    }

    @Test
    void denyKey_refusesDecryptOfThatKeysCiphertextAndEncryptNamingIt_otherKeysPass() {
        String other = moto.createKey();
        SdkBytes underOld = encrypt();
        SdkBytes underOther = client.encrypt(r -> r.keyId(other).plaintext(SdkBytes.fromUtf8String("x")))
                .ciphertextBlob();
        int before = proxy.deniedCount();
        proxy.denyKey(key);
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(underOld)))
                .isInstanceOf(software.amazon.awssdk.services.kms.model.KmsException.class);
        assertThatThrownBy(this::encrypt).isInstanceOf(software.amazon.awssdk.services.kms.model.KmsException.class);
        assertThat(client.decrypt(r -> r.ciphertextBlob(underOther)).plaintext().asUtf8String()).isEqualTo("x");
        assertThat(proxy.deniedCount() - before).isEqualTo(2);
        proxy.clearFaults();
        assertThat(client.decrypt(r -> r.ciphertextBlob(underOld)).plaintext().asUtf8String()).isEqualTo("secret");
    }

    @Test
    void operationFilter_faultOnDecrypt_leavesEncryptAlone() {
        proxy.inject(Fault.accessDenied().on("Decrypt").forever());
        SdkBytes blob = encrypt();
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob))).hasMessageContaining("not authorized");
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob))).hasMessageContaining("not authorized");
        encrypt();
    }

    @Test
    void serverErrors_500And503_haveTheirStatus() {
        proxy.inject(Fault.internalFailure()).inject(Fault.unavailable()).inject(Fault.kmsInternal());
        assertThatThrownBy(this::encrypt).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThatThrownBy(this::encrypt).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThatThrownBy(this::encrypt).isInstanceOf(KmsInternalException.class);
        encrypt();
    }

    @Test
    void delay_shorterThanTimeout_slowsTheAnswer_longerThanTimeout_timesOut() {
        proxy.inject(Fault.delay(Duration.ofMillis(300)).on("Encrypt"));
        long t0 = System.nanoTime();
        encrypt();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        proxy.inject(Fault.delay(Duration.ofMillis(2000)).on("Encrypt"));
        assertThatThrownBy(this::encrypt).isInstanceOf(ApiCallAttemptTimeoutException.class);
    }

    @Test
    void drop_closesWithoutAnswer_clientSeesIoError() {
        proxy.inject(Fault.drop());
        assertThatThrownBy(this::encrypt).isInstanceOf(SdkClientException.class);
        assertThat(proxy.count("Encrypt")).isEqualTo(1);
        encrypt();
    }

    @Test
    void refuse_onThenOff_connectionRefusedThenServedAgain() {
        proxy.refuse(true);
        assertThatThrownBy(this::encrypt).isInstanceOf(SdkClientException.class)
                .hasStackTraceContaining("Connection refused");
        assertThat(proxy.totalCount()).isZero();
        proxy.refuse(false);
        encrypt();
    }

    @Test
    void blackHole_onThenOff_requestTimesOutThenServedAgain() {
        proxy.blackHole(true);
        assertThatThrownBy(this::encrypt).isInstanceOf(ApiCallAttemptTimeoutException.class);
        assertThat(proxy.count("Encrypt")).isEqualTo(1);
        proxy.blackHole(false);
        encrypt();
    }

    @Test
    void hang_onDecrypt_neverAnswersDecrypt_leavesEncryptAlone_untilCleared() {
        SdkBytes blob = encrypt();
        proxy.inject(Fault.hang().on("Decrypt").forever());
        long t0 = System.nanoTime();
        // no answer and no close: the client's attempt timeout (800 ms) is what ends the call, not an I/O error
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(ApiCallAttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(ApiCallAttemptTimeoutException.class);
        assertThat(proxy.count("Decrypt")).isEqualTo(2);
        encrypt();
        proxy.clearFaults();
        assertThat(client.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
    }

    @Test
    void reply_customBody_isPassedToTheClientVerbatim() {
        proxy.inject(Fault.reply(200, "{}").on("DescribeKey"));
        assertThat(client.describeKey(r -> r.keyId(key)).keyMetadata()).isNull();
    }
}
