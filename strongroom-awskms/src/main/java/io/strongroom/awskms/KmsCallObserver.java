package io.strongroom.awskms;

/**
 * Told about every KMS operation {@link SdkKmsPort} runs (retries included in one operation), for metrics. This
 * module does not depend on a metrics library: the server implements this. Implementations must be fast, must not
 * throw, and are called from whatever thread made the KMS call.
 */
@FunctionalInterface
public interface KmsCallObserver {

    /** Observes nothing. */
    KmsCallObserver NOOP = (operation, nanos, errorKind) -> { };

    /**
     * @param operation the KMS API name: {@code Encrypt}, {@code Decrypt} or {@code DescribeKey}
     * @param nanos how long the operation took, retries and backoff included
     * @param errorKind null on success; otherwise the failure's kind in lower case ({@code unreachable},
     *     {@code throttled}, {@code access_denied}, {@code not_found}, {@code disabled}, {@code invalid_state},
     *     {@code credentials}, {@code other}, or {@code decryption_failed}); never a message
     */
    void completed(String operation, long nanos, String errorKind);
}
