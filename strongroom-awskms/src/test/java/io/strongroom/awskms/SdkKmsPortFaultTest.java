package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.SealAccessException;
import io.strongroom.seal.SealAccessException.Reason;
import io.strongroom.testkit.Fault;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link SdkKmsPort} through a {@link KmsFaultProxy} in front of moto: each injected fault must come out as the
 * right {@link Reason} with an actionable message, transient ones retried a bounded number of times and
 * permanent ones not at all (counted at the proxy). Backoff sleeps are recorded, not waited for.
 */
class SdkKmsPortFaultTest {

    /** Short, so slow-answer and black-hole tests stay fast; moto answers in a few ms. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);
    /** Long enough that only the tests of the total bound reach it. */
    private static final KmsTimeouts TIMEOUTS = new KmsTimeouts(ATTEMPT_TIMEOUT, Duration.ofSeconds(30));

    private static KmsFaultProxy proxy;
    private static KmsClient client;
    private static String keyArn;
    private static byte[] blob;

    private TestKmsClients.RecordingSleeper sleeper;
    private SdkKmsPort port;

    @BeforeAll
    static void start() {
        MotoServer moto = MotoServer.shared();
        keyArn = moto.createKey();
        proxy = new KmsFaultProxy(moto.endpoint());
        client = TestKmsClients.client(proxy.endpoint(), ATTEMPT_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
    }

    @BeforeEach
    void setUp() {
        proxy.clearFaults();
        sleeper = new TestKmsClients.RecordingSleeper();
        port = new SdkKmsPort(client, TestKmsClients.REGION, proxy.endpoint().toString(), KmsRetryPolicy.DEFAULT,
                TIMEOUTS, sleeper, new Random(3));
        if (blob == null) {
            blob = port.encrypt(keyArn, new byte[32]).ciphertextBlob();
        }
        proxy.resetCounts();
    }

    @AfterEach
    void tearDown() {
        proxy.clearFaults();
    }

    private static void assertReason(Executable call, Reason reason, Consumer<String> message) {
        SealAccessException e = org.junit.jupiter.api.Assertions.assertThrows(SealAccessException.class, call);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        message.accept(e.getMessage());
    }

    @Test
    void accessDenied_onDecrypt_namesPermissionAndGrantPaths_oneCall() {
        proxy.inject(Fault.accessDenied().forever());
        assertReason(() -> port.decrypt(blob), Reason.ACCESS_DENIED, m -> assertThat(m)
                .contains("kms:Decrypt").contains("IAM policy, the key policy or a grant").contains("not authorized"));
        assertThat(proxy.count("Decrypt")).isEqualTo(1);
        assertThat(sleeper.sleeps).isEmpty();
    }

    @Test
    void accessDenied_onEncryptAndDescribe_namesTheirPermissionAndKey() {
        proxy.inject(Fault.accessDenied().forever());
        assertReason(() -> port.encrypt(keyArn, new byte[32]), Reason.ACCESS_DENIED,
                m -> assertThat(m).contains("kms:Encrypt").contains(keyArn));
        assertReason(() -> port.describeKey("alias/x"), Reason.ACCESS_DENIED,
                m -> assertThat(m).contains("kms:DescribeKey").contains("alias/x"));
        assertThat(proxy.totalCount()).isEqualTo(2);
    }

    @Test
    void notFound_namesKeyAndRegionHint_oneCall() {
        proxy.inject(Fault.notFound().on("DescribeKey"));
        assertReason(() -> port.describeKey(keyArn), Reason.NOT_FOUND,
                m -> assertThat(m).contains(keyArn).contains("region us-east-1")
                        .contains("check the region: the key must live in us-east-1"));
        assertThat(proxy.count("DescribeKey")).isEqualTo(1);
    }

    @Test
    void disabled_saysEnableAndOldKeysMustStayEnabled_oneCall() {
        proxy.inject(Fault.disabled().on("Decrypt"));
        assertReason(() -> port.decrypt(blob), Reason.DISABLED,
                m -> assertThat(m).contains("enable the key")
                        .contains("old keys must stay enabled to decrypt data written under them"));
        assertThat(proxy.count("Decrypt")).isEqualTo(1);
    }

    @Test
    void invalidState_saysCancelTheDeletion_oneCall() {
        proxy.inject(Fault.invalidState().on("Encrypt"));
        assertReason(() -> port.encrypt(keyArn, new byte[32]), Reason.INVALID_STATE,
                m -> assertThat(m).contains(keyArn).contains("cancel the deletion"));
        assertThat(proxy.count("Encrypt")).isEqualTo(1);
    }

    @Test
    void invalidCiphertextAndIncorrectKey_onDecrypt_decryptionFailed_notRetried() {
        proxy.inject(Fault.invalidCiphertext()).inject(Fault.incorrectKey());
        assertThatThrownBy(() -> port.decrypt(blob)).isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> port.decrypt(blob)).isInstanceOf(DecryptionFailedException.class);
        assertThat(proxy.count("Decrypt")).isEqualTo(2);
    }

    @Test
    void throttlingTwice_thenSuccess_succeedsWithThreeCallsAndJitteredBackoff() {
        proxy.inject(Fault.throttling().on("Decrypt").times(2));
        assertThat(port.decrypt(blob).plaintext()).hasSize(32);
        assertThat(proxy.count("Decrypt")).isEqualTo(3);
        assertThat(sleeper.sleeps).hasSize(2);
        assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(sleeper.sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void throttlingForever_throttledAfterMaxAttempts() {
        proxy.inject(Fault.throttling().forever());
        assertReason(() -> port.encrypt(keyArn, new byte[32]), Reason.THROTTLED,
                m -> assertThat(m).contains("after 4 attempt(s)").contains(proxy.endpoint().toString())
                        .contains("ThrottlingException"));
        assertThat(proxy.count("Encrypt")).isEqualTo(4);
        assertThat(sleeper.sleeps).hasSize(3);
    }

    @Test
    void limitExceeded_isRetriedLikeThrottling() {
        proxy.inject(Fault.kmsError("LimitExceededException", "too many").forever());
        assertReason(() -> port.describeKey(keyArn), Reason.THROTTLED, m -> assertThat(m).contains("LimitExceeded"));
        assertThat(proxy.count("DescribeKey")).isEqualTo(4);
    }

    @Test
    void http500Forever_unreachableAfterExactlyMaxAttempts() {
        proxy.inject(Fault.internalFailure().forever());
        assertReason(() -> port.decrypt(blob), Reason.UNREACHABLE,
                m -> assertThat(m).contains(proxy.endpoint().toString()).contains("after 4 attempt(s)")
                        .contains("HTTP 500 InternalFailure"));
        assertThat(proxy.count("Decrypt")).isEqualTo(4);
    }

    @Test
    void kmsInternalAnd503_thenSuccess_retried() {
        proxy.inject(Fault.kmsInternal()).inject(Fault.unavailable());
        assertThat(port.describeKey(keyArn).keyArn()).isEqualTo(keyArn);
        assertThat(proxy.count("DescribeKey")).isEqualTo(3);
    }

    @Test
    void slowAnswerBeyondAttemptTimeout_retriedThenUnreachable() {
        proxy.inject(Fault.delay(Duration.ofMillis(1500)).on("Encrypt").forever());
        long t0 = System.nanoTime();
        assertReason(() -> port.encrypt(keyArn, new byte[32]), Reason.UNREACHABLE,
                m -> assertThat(m).contains("attempt timed out").contains(proxy.endpoint().toString()));
        System.out.println("4 timed-out attempts took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(proxy.count("Encrypt")).isEqualTo(4);
    }

    @Test
    void slowAnswerOnce_retriedAndSucceeds() {
        proxy.inject(Fault.delay(Duration.ofMillis(1000)).on("Encrypt"));
        assertThat(port.encrypt(keyArn, new byte[32]).keyArn()).isEqualTo(keyArn);
        assertThat(proxy.count("Encrypt")).isEqualTo(2);
    }

    @Test
    void droppedConnection_retriedAndSucceeds() {
        proxy.inject(Fault.drop().on("Decrypt"));
        assertThat(port.decrypt(blob).keyArn()).isEqualTo(keyArn);
        assertThat(proxy.count("Decrypt")).isEqualTo(2);
    }

    @Test
    void refused_proxyNotListening_unreachableNamingEndpointAndCause() {
        proxy.refuse(true);
        assertReason(() -> port.describeKey(keyArn), Reason.UNREACHABLE,
                m -> assertThat(m).contains(proxy.endpoint().toString()).contains("Connection refused"));
        assertThat(sleeper.sleeps).hasSize(3);
        proxy.refuse(false);
        assertThat(port.describeKey(keyArn).enabled()).isTrue();
    }

    @Test
    void blackHole_unreachableAfterMaxAttempts() {
        proxy.blackHole(true);
        assertReason(() -> port.describeKey(keyArn), Reason.UNREACHABLE,
                m -> assertThat(m).contains("attempt timed out"));
        assertThat(proxy.count("DescribeKey")).isEqualTo(4);
    }

    @Test
    void missingCredentials_credentialsReasonKeepsProvidersTried_noRequestSent() {
        AwsCredentialsProviderChain none = AwsCredentialsProviderChain.builder()
                .credentialsProviders(SystemPropertyCredentialsProvider.create(),
                        ProfileCredentialsProvider.builder().profileName("strongroom-no-such-profile").build())
                .build();
        try (KmsClient noCreds = TestKmsClients.client(proxy.endpoint(), ATTEMPT_TIMEOUT, none)) {
            SdkKmsPort p = new SdkKmsPort(noCreds, TestKmsClients.REGION, proxy.endpoint().toString(),
                    KmsRetryPolicy.DEFAULT, TIMEOUTS, sleeper, new Random(1));
            assertReason(() -> p.describeKey(keyArn), Reason.CREDENTIALS,
                    m -> assertThat(m).contains("Unable to load credentials").contains("SystemPropertyCredentialsProvider")
                            .contains("ProfileCredentialsProvider"));
        }
        assertThat(proxy.totalCount()).isZero();
        assertThat(sleeper.sleeps).isEmpty();
    }

    @Test
    void describeKey_responseWithoutMetadata_otherNoKeyInformation() {
        proxy.inject(Fault.reply(200, "{}").on("DescribeKey"));
        assertReason(() -> port.describeKey(keyArn), Reason.OTHER,
                m -> assertThat(m).startsWith("KMS returned no key information"));
        assertThat(proxy.count("DescribeKey")).isEqualTo(1);
    }

    @Test
    void encryptAndDecrypt_responseWithoutKeyId_otherNoKeyInformation() {
        proxy.inject(Fault.reply(200, "{\"CiphertextBlob\":\"AAAA\"}").on("Encrypt"))
                .inject(Fault.reply(200, "{\"Plaintext\":\"AAAA\"}").on("Decrypt"));
        assertReason(() -> port.encrypt(keyArn, new byte[32]), Reason.OTHER,
                m -> assertThat(m).contains("KMS returned no key information"));
        assertReason(() -> port.decrypt(blob), Reason.OTHER, m -> assertThat(m).contains("KMS returned no key information"));
    }

    @Test
    void unknownKmsError_otherWithCodeAndMessage_notRetried() {
        proxy.inject(Fault.kmsError("ValidationException", "1 validation error detected"));
        assertReason(() -> port.encrypt(keyArn, new byte[32]), Reason.OTHER,
                m -> assertThat(m).contains("ValidationException").contains("1 validation error detected"));
        assertThat(proxy.count("Encrypt")).isEqualTo(1);
    }

    // ---- the whole operation is bounded, not only each attempt (issue #6 item 9e) ----

    /** A port with real backoff sleeps (they count against the total) and the given bounds. */
    private SdkKmsPort bounded(KmsRetryPolicy policy, KmsTimeouts timeouts) {
        return new SdkKmsPort(client, TestKmsClients.REGION, proxy.endpoint().toString(), policy, timeouts,
                KmsRetryPolicy.Sleeper.SYSTEM, new Random(5));
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Test
    void hangingDecrypt_failsWithinTheTotalBound_unreachableSayingItTimedOutAndWhatToCheck() {
        proxy.inject(Fault.hang().on("Decrypt").forever());
        SdkKmsPort p = bounded(KmsRetryPolicy.DEFAULT, new KmsTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        SealAccessException e = org.junit.jupiter.api.Assertions.assertThrows(SealAccessException.class,
                () -> p.decrypt(blob));
        Duration took = since(t0);
        assertThat(took).isLessThan(Duration.ofMillis(1000 + 600)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage())
                .startsWith("AWS KMS at " + proxy.endpoint() + " (region us-east-1) timed out: Decrypt on the key "
                        + "that wrapped this value (its ARN is stored in the blob) did not complete within the 1 s "
                        + "limit (gave up after ")
                .containsPattern(", [34] attempt\\(s\\) of at most 0\\.3 s each; last: attempt timed out: ")
                .endsWith("). KMS or the network path to it is hanging: check that this host can reach the endpoint "
                        + "(DNS, firewall, proxy, VPC endpoint), the endpoint setting, and the AWS Health Dashboard "
                        + "for KMS in us-east-1.");
        assertThat(proxy.count("Decrypt")).isBetween(3, 4);
        // the hang was Decrypt's only: the same port still works for other operations
        assertThat(p.describeKey(keyArn).enabled()).isTrue();
    }

    @Test
    void hang_attemptLongerThanTheTimeLeft_lastAttemptIsCutAtTheTotal() {
        proxy.inject(Fault.hang().on("Encrypt").forever());
        // without the total, this would be 4 attempts x 900 ms plus backoff, about 4 s
        SdkKmsPort p = bounded(KmsRetryPolicy.DEFAULT, new KmsTimeouts(Duration.ofMillis(900), Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        assertReason(() -> p.encrypt(keyArn, new byte[32]), Reason.UNREACHABLE,
                m -> assertThat(m).contains("timed out: Encrypt on " + keyArn + " did not complete within the 1 s limit")
                        .contains(", 2 attempt(s) of at most 0.9 s each"));
        assertThat(since(t0)).isLessThan(Duration.ofMillis(1000 + 600));
        assertThat(proxy.count("Encrypt")).isEqualTo(2);
    }

    @Test
    void fastFailuresWithLongBackoff_stopRetryingAtTheTotal_notAfterAllAttempts() {
        proxy.inject(Fault.internalFailure().forever());
        // 10 attempts with backoff capped at 2 s would take up to ~14 s; the 1 s total stops it first
        SdkKmsPort p = bounded(new KmsRetryPolicy(10, Duration.ofMillis(400), Duration.ofSeconds(2)),
                new KmsTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        assertReason(() -> p.describeKey(keyArn), Reason.UNREACHABLE,
                m -> assertThat(m).contains("timed out: DescribeKey on " + keyArn + " did not complete within the 1 s "
                        + "limit").contains("last: HTTP 500 InternalFailure").contains("Check that this host can reach"));
        assertThat(since(t0)).isLessThan(Duration.ofMillis(1000 + 600));
        assertThat(proxy.count("DescribeKey")).isBetween(1, 9);
    }

    @Test
    void throttledUntilTheTotal_throttledReasonSaysTimedOutAndQuota() {
        proxy.inject(Fault.throttling().forever());
        SdkKmsPort p = bounded(new KmsRetryPolicy(10, Duration.ofMillis(400), Duration.ofSeconds(2)),
                new KmsTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1)));
        assertReason(() -> p.encrypt(keyArn, new byte[32]), Reason.THROTTLED,
                m -> assertThat(m).contains("timed out: Encrypt").contains("ThrottlingException")
                        .endsWith("Lower the request rate or ask AWS for a higher KMS quota."));
    }
}
