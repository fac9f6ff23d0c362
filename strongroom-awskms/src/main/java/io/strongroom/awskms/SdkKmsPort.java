package io.strongroom.awskms;

import io.strongroom.seal.DecryptionFailedException;
import io.strongroom.seal.SealAccessException;
import io.strongroom.seal.SealAccessException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * {@link KmsPort} over the AWS SDK v2 {@link KmsClient}: the only class that calls KMS, retries it, and turns its
 * errors into Strongroom's ({@link #translate}, one place).
 *
 * <p><b>Retries.</b> The client must be built with SDK retries off; this class retries transient failures
 * (throttling, {@code LimitExceededException}, {@code KMSInternalException}, any HTTP 5xx, I/O errors such as
 * refused or reset connections and attempt timeouts) under a {@link KmsRetryPolicy}, and nothing else: an access
 * denied, a missing or disabled key or a bad ciphertext fails at once, because asking again cannot help and
 * would only delay the operator's fix. When the attempts run out the error is {@link Reason#THROTTLED} or
 * {@link Reason#UNREACHABLE}, naming the endpoint and the root cause.
 *
 * <p><b>Time bounds.</b> Under {@link KmsTimeouts} each attempt is limited to {@code attempt} and the whole operation,
 * retries and backoff included, to {@code total}: every attempt is sent with SDK call and attempt timeouts of
 * {@code min(attempt, time left)}, and no retry starts (nor backoff sleep) that would end past the total. A hanging
 * KMS therefore fails an operation within {@code total}, with an {@link Reason#UNREACHABLE} error that says so.
 *
 * <p><b>Validation.</b> Every response is checked (Encrypt: key id and ciphertext; Decrypt: key id and plaintext;
 * DescribeKey: ARN and state); a response without them is {@link Reason#OTHER}, never a null passed up.
 *
 * <p>Messages never contain plaintext. Thread-safe if the client is (SDK clients are).
 */
public final class SdkKmsPort implements KmsPort {

    /** The three KMS operations and the IAM permission each needs (vault-compat: spec section 1.6). */
    enum Operation {
        DESCRIBE_KEY("DescribeKey", "kms:DescribeKey"),
        ENCRYPT("Encrypt", "kms:Encrypt"),
        DECRYPT("Decrypt", "kms:Decrypt");

        final String apiName;
        final String permission;

        Operation(String apiName, String permission) {
            this.apiName = apiName;
            this.permission = permission;
        }
    }

    /** How a failure behaves under retry. */
    private enum Transience { PERMANENT, THROTTLED, UNREACHABLE }

    /** Decrypt sends no KeyId (vault-compat), so errors can only name the key as "whichever wrapped this blob". */
    private static final String DECRYPT_KEY = "the key that wrapped this value (its ARN is stored in the blob)";

    private final KmsClient client;
    private final String region;
    private final String endpoint;
    private final KmsRetryPolicy retryPolicy;
    private final KmsTimeouts timeouts;
    private final KmsRetryPolicy.Sleeper sleeper;
    private final RandomGenerator jitter;
    private final KmsCallObserver observer;

    /**
     * @param client a KMS client with SDK retries disabled (this class retries)
     * @param region the region the client talks to, for messages
     * @param endpoint where KMS is, as messages name it after "AWS KMS at": the endpoint URL
     *     ({@code http://127.0.0.1:4566}), or {@code "the regional endpoint"} when the SDK picks it; not prefixed
     *     with the word "endpoint", which the messages supply where they need it
     * @param retryPolicy attempts and backoff for transient failures
     * @param timeouts the per-attempt and whole-operation time bounds
     * @param sleeper waits between attempts
     * @param jitter the random source of the full-jitter backoff
     */
    SdkKmsPort(KmsClient client, String region, String endpoint, KmsRetryPolicy retryPolicy,
            KmsTimeouts timeouts, KmsRetryPolicy.Sleeper sleeper, RandomGenerator jitter) {
        this(client, region, endpoint, retryPolicy, timeouts, sleeper, jitter, KmsCallObserver.NOOP);
    }

    /**
     * As the seven-argument constructor, with an observer told about every operation (for metrics).
     *
     * @param observer told the duration and outcome of every operation; {@link KmsCallObserver#NOOP} for none
     */
    SdkKmsPort(KmsClient client, String region, String endpoint, KmsRetryPolicy retryPolicy,
            KmsTimeouts timeouts, KmsRetryPolicy.Sleeper sleeper, RandomGenerator jitter, KmsCallObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.client = Objects.requireNonNull(client, "client");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /**
     * With the {@link KmsRetryPolicy#DEFAULT default policy}, the {@link KmsTimeouts#DEFAULT default timeouts},
     * real sleeps and thread-local randomness.
     */
    public SdkKmsPort(KmsClient client, String region, String endpoint) {
        this(client, region, endpoint, KmsCallObserver.NOOP);
    }

    /** As {@link #SdkKmsPort(KmsClient, String, String)}, telling {@code observer} about every operation. */
    public SdkKmsPort(KmsClient client, String region, String endpoint, KmsCallObserver observer) {
        this(client, region, endpoint, KmsRetryPolicy.DEFAULT, KmsTimeouts.DEFAULT, KmsRetryPolicy.Sleeper.SYSTEM,
                THREAD_LOCAL_RANDOM, observer);
    }

    /** ThreadLocalRandom must be fetched on the thread that uses it, so delegate on every call. */
    private static final RandomGenerator THREAD_LOCAL_RANDOM = new RandomGenerator() {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public long nextLong(long bound) {
            return ThreadLocalRandom.current().nextLong(bound);
        }
    };

    @Override
    public Encrypted encrypt(String keyId, byte[] plaintext) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(plaintext, "plaintext");
        EncryptResponse response = call(Operation.ENCRYPT, keyId, bound -> client.encrypt(r -> r.keyId(keyId)
                .plaintext(SdkBytes.fromByteArray(plaintext)).overrideConfiguration(bound)));
        if (isBlank(response.keyId()) || response.ciphertextBlob() == null
                || response.ciphertextBlob().asByteBuffer().remaining() == 0) {
            throw noKeyInformation(Operation.ENCRYPT, keyId, "a key id and a ciphertext blob");
        }
        return new Encrypted(response.keyId(), response.ciphertextBlob().asByteArray());
    }

    @Override
    public Decrypted decrypt(byte[] ciphertextBlob) {
        Objects.requireNonNull(ciphertextBlob, "ciphertextBlob");
        // vault-compat (spec 2.4): no KeyId, so blobs written under rotated or replaced keys keep opening
        DecryptResponse response = call(Operation.DECRYPT, DECRYPT_KEY, bound -> client.decrypt(r -> r
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertextBlob)).overrideConfiguration(bound)));
        if (isBlank(response.keyId()) || response.plaintext() == null) {
            throw noKeyInformation(Operation.DECRYPT, DECRYPT_KEY, "a key id and a plaintext");
        }
        return new Decrypted(response.keyId(), response.plaintext().asByteArray());
    }

    @Override
    public KeyDescription describeKey(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        DescribeKeyResponse response = call(Operation.DESCRIBE_KEY, keyId,
                bound -> client.describeKey(r -> r.keyId(keyId).overrideConfiguration(bound)));
        KeyMetadata metadata = response.keyMetadata();
        if (metadata == null || isBlank(metadata.arn()) || isBlank(metadata.keyStateAsString())) {
            throw noKeyInformation(Operation.DESCRIBE_KEY, keyId, "key metadata with an ARN and a key state");
        }
        return new KeyDescription(metadata.arn(), metadata.keyStateAsString());
    }

    /**
     * Runs one KMS call under the retry policy and the time bounds; every SDK failure leaves through
     * {@link #translate} or {@link #timedOut}. {@code request} gets the per-attempt SDK timeouts to send with.
     */
    private <T> T call(Operation op, String key, Function<AwsRequestOverrideConfiguration, T> request) {
        long began = System.nanoTime();
        String errorKind = "other";
        try {
            T result = callWithRetries(op, key, request);
            errorKind = null;
            return result;
        } catch (SealAccessException e) {
            errorKind = e.reason().name().toLowerCase(java.util.Locale.ROOT);
            throw e;
        } catch (DecryptionFailedException e) {
            errorKind = "decryption_failed";
            throw e;
        } finally {
            observe(op, System.nanoTime() - began, errorKind);
        }
    }

    private void observe(Operation op, long nanos, String errorKind) {
        try {
            observer.completed(op.apiName, nanos, errorKind);
        } catch (RuntimeException e) {
            // metrics must never break a seal operation
        }
    }

    private <T> T callWithRetries(Operation op, String key, Function<AwsRequestOverrideConfiguration, T> request) {
        long start = System.nanoTime();
        long deadline = start + timeouts.total().toNanos();
        for (int attempt = 1; ; attempt++) {
            // never let an attempt run past the whole operation's deadline
            long left = deadline - System.nanoTime();
            boolean cut = timeouts.attempt().toNanos() > left; // this attempt ends at the deadline
            Duration bound = cut ? Duration.ofMillis(Math.max(1, left / 1_000_000)) : timeouts.attempt();
            try {
                return request.apply(AwsRequestOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(bound).apiCallTimeout(bound).build());
            } catch (SdkException e) {
                Transience transience = transience(e);
                if (transience == Transience.PERMANENT) {
                    throw translate(op, key, e, attempt, transience);
                }
                if (deadline - System.nanoTime() <= 0 || (cut && isTimeout(e))) {
                    throw timedOut(op, key, e, attempt, start);
                }
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw translate(op, key, e, attempt, transience);
                }
                Duration pause = retryPolicy.delayBeforeRetry(attempt, jitter);
                if (System.nanoTime() + pause.toNanos() >= deadline) {
                    // the backoff alone would use up the time left: no attempt could follow it
                    throw timedOut(op, key, e, attempt, start);
                }
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SealAccessException(Reason.UNREACHABLE, "interrupted while retrying KMS " + op.apiName
                            + " at " + endpoint + " after " + attempt + " attempt(s): " + rootCause(e), e);
                }
            }
        }
    }

    // ---- the one place where SDK exceptions become Strongroom errors ----

    private static Transience transience(SdkException e) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return Transience.PERMANENT; // our thread was interrupted: stop, do not retry
        }
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            if (s.isThrottlingException() || e instanceof LimitExceededException) {
                return Transience.THROTTLED;
            }
            if (e instanceof KmsInternalException || e instanceof DependencyTimeoutException || s.statusCode() >= 500) {
                return Transience.UNREACHABLE;
            }
            return Transience.PERMANENT;
        }
        if (e instanceof SdkClientException) {
            if (isCredentialsFailure(e)) {
                return Transience.PERMANENT;
            }
            if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException
                    || hasCause(e, IOException.class)) {
                return Transience.UNREACHABLE;
            }
        }
        return Transience.PERMANENT;
    }

    /** The whole operation ran out of time (see {@link KmsTimeouts}); {@code e} is the last attempt's failure. */
    private SealAccessException timedOut(Operation op, String key, SdkException e, int attempts, long startNanos) {
        Duration took = Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000);
        boolean throttled = transience(e) == Transience.THROTTLED;
        String what = "AWS KMS at " + endpoint + " (region " + region + ") timed out: " + op.apiName + " on " + key
                + " did not complete within the " + KmsTimeouts.seconds(timeouts.total()) + " limit (gave up after "
                + KmsTimeouts.seconds(took) + ", " + attempts + " attempt(s) of at most "
                + KmsTimeouts.seconds(timeouts.attempt()) + " each; last: " + rootCause(e) + "). ";
        if (throttled) {
            return new SealAccessException(Reason.THROTTLED, what + "Lower the request rate or ask AWS for a higher "
                    + "KMS quota.", e);
        }
        return new SealAccessException(Reason.UNREACHABLE, what + (isTimeout(e) ? "KMS or the network path to it is "
                + "hanging: check" : "Check") + " that this host can reach the endpoint (DNS, firewall, proxy, VPC "
                + "endpoint), the endpoint setting, and the AWS Health Dashboard for KMS in " + region + ".", e);
    }

    /** Turns the last failure of {@code attempts} attempts into the exception the caller sees. */
    private RuntimeException translate(Operation op, String key, SdkException e, int attempts, Transience transience) {
        if (transience == Transience.THROTTLED) {
            return new SealAccessException(Reason.THROTTLED, "AWS KMS throttled " + op.apiName + " on " + key
                    + " at " + endpoint + " (region " + region + ") after " + attempts + " attempt(s): "
                    + rootCause(e) + ". Lower the request rate or ask AWS for a higher KMS quota.", e);
        }
        if (transience == Transience.UNREACHABLE) {
            return new SealAccessException(Reason.UNREACHABLE, "AWS KMS at " + endpoint + " (region " + region
                    + ") could not serve " + op.apiName + " after " + attempts + " attempt(s): " + rootCause(e)
                    + ". Check the network path to the endpoint and the endpoint setting.", e);
        }
        if (e instanceof SdkClientException) {
            if (isCredentialsFailure(e)) {
                // keep the SDK's text: it lists every provider it tried and why each failed
                return new SealAccessException(Reason.CREDENTIALS, "no AWS credentials for the awskms seal: "
                        + e.getMessage(), e);
            }
            if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
                return new SealAccessException(Reason.UNREACHABLE, "KMS " + op.apiName + " at " + endpoint
                        + " was interrupted", e);
            }
            return new SealAccessException(Reason.OTHER, "AWS KMS " + op.apiName + " on " + key + " failed in the "
                    + "client: " + rootCause(e), e);
        }
        String code = errorCode(e);
        String kmsSays = kmsSays(e);
        if ("AccessDeniedException".equals(code) || "AccessDenied".equals(code)) {
            // KMS has no modelled AccessDeniedException: the SDK raises a plain KmsException with this code
            return new SealAccessException(Reason.ACCESS_DENIED, "AWS KMS denied " + op.apiName + " on " + key
                    + " (region " + region + "): the principal needs " + op.permission + " on this key; it can be "
                    + "granted by an IAM policy, the key policy or a grant." + kmsSays, e);
        }
        if (e instanceof NotFoundException || "NotFoundException".equals(code)) {
            return new SealAccessException(Reason.NOT_FOUND, "AWS KMS key " + key + " was not found in region "
                    + region + " (KMS at " + endpoint + "): check the key id, and check the region: the key "
                    + "must live in " + region + "." + kmsSays, e);
        }
        if (e instanceof DisabledException || "DisabledException".equals(code)) {
            return new SealAccessException(Reason.DISABLED, "AWS KMS key " + key + " is disabled, so " + op.apiName
                    + " was refused: enable the key; old keys must stay enabled to decrypt data written under them."
                    + kmsSays, e);
        }
        if (e instanceof KmsInvalidStateException || "KMSInvalidStateException".equals(code)) {
            return new SealAccessException(Reason.INVALID_STATE, "AWS KMS key " + key + " is in a state that "
                    + "refuses " + op.apiName + " (for example pending deletion or pending import): if it is "
                    + "pending deletion, cancel the deletion and enable the key." + kmsSays, e);
        }
        if (op == Operation.DECRYPT && (e instanceof InvalidCiphertextException || e instanceof IncorrectKeyException)) {
            // one type for every "this blob does not open" cause: callers must not get an oracle
            return new DecryptionFailedException("AWS KMS could not decrypt the wrapped key (" + code + ")", e);
        }
        return new SealAccessException(Reason.OTHER, "AWS KMS refused " + op.apiName + " on " + key + " (region "
                + region + "): " + (code == null ? "" : code + ": ") + messageOf(e), e);
    }

    private static boolean isTimeout(SdkException e) {
        return e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException;
    }

    private static boolean isCredentialsFailure(Throwable e) {
        return AwsCredentialsUnavailableException.isCredentialsFailure(e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            return ((AwsServiceException) e).awsErrorDetails().errorCode();
        }
        return null;
    }

    private static String messageOf(SdkException e) {
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            String m = ((AwsServiceException) e).awsErrorDetails().errorMessage();
            return m == null ? "" : m;
        }
        return String.valueOf(e.getMessage());
    }

    private static String kmsSays(SdkException e) {
        String m = messageOf(e);
        return m.isBlank() ? "" : " KMS said: " + m;
    }

    /** "HTTP 500 InternalFailure: ..." for a service error, the innermost exception for a client one. */
    private static String rootCause(SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String code = errorCode(e);
            return "HTTP " + s.statusCode() + (code == null ? "" : " " + code) + ": " + messageOf(e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String timeout = e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException
                ? "attempt timed out: " : "";
        return timeout + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private SealAccessException noKeyInformation(Operation op, String key, String expected) {
        return new SealAccessException(Reason.OTHER, "KMS returned no key information for " + op.apiName + " on "
                + key + " at " + endpoint + ": expected " + expected + " in the response", null);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
