package io.strongroom.awskms;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * No credential source in the chain yielded AWS credentials. The message starts with {@value #PREFIX} and then
 * names every source that was tried, in order, and why each failed, so an operator can fix the right one
 * (vault-compat pain point: a bare {@code NoCredentialProviders} during the startup DescribeKey).
 *
 * <p>It extends {@link SdkClientException} because the SDK calls the credentials provider inside a KMS call. The
 * SDK may rebuild the exception on its way out of the client (its {@code toBuilder()} produces a plain
 * {@code SdkClientException}), so the stable contract for callers such as {@code SdkKmsPort} is the message
 * prefix; {@link #isCredentialsFailure(Throwable)} checks both the type and the prefix.
 *
 * <p>Messages never contain secrets: only source names, file paths, URLs and reasons.
 */
final class AwsCredentialsUnavailableException extends SdkClientException {

    /** The text every credential-resolution failure starts with; SDK-compatible wording. */
    public static final String PREFIX = "Unable to load credentials";

    AwsCredentialsUnavailableException(String message) {
        super(SdkClientException.builder().message(message).writableStackTrace(true));
    }

    /** True if {@code t} or one of its causes is a failure to resolve credentials, by type or by message. */
    public static boolean isCredentialsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AwsCredentialsUnavailableException) {
                return true;
            }
            if (c instanceof SdkClientException && c.getMessage() != null && c.getMessage().startsWith(PREFIX)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
