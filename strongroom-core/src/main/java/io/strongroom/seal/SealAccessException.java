package io.strongroom.seal;

import io.strongroom.base.StrongroomException;

/**
 * The seal's key service (AWS KMS) could not be used: access denied, key not found, key disabled, the endpoint
 * unreachable, credentials missing. The message says what to do; {@link #reason()} lets callers (retry loops,
 * diagnose, exit codes) decide by type and never by message text.
 */
public class SealAccessException extends StrongroomException {

    /** Why the key service could not be used. */
    public enum Reason {
        /** The principal lacks a permission (kms:DescribeKey, kms:Encrypt, kms:Decrypt) on the key. */
        ACCESS_DENIED(false),
        /** No such key or alias in this region and account. */
        NOT_FOUND(false),
        /** The key is disabled. */
        DISABLED(false),
        /** The key is in a state that refuses the operation (pending deletion, pending import ...). */
        INVALID_STATE(false),
        /** No credentials could be found in any source of the chain. */
        CREDENTIALS(false),
        /** The request was throttled, even after bounded retries. */
        THROTTLED(true),
        /** The endpoint could not be reached or answered with a server error, even after bounded retries. */
        UNREACHABLE(true),
        /** Anything else the key service refused. */
        OTHER(false);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** True when trying again later may succeed without anyone changing anything. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Reason reason;

    public SealAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
