package io.strongroom.seal;

import io.strongroom.base.StrongroomException;

/**
 * A sealed value could not be opened: a malformed or truncated blob, a flipped bit, the wrong associated data, a
 * wrapped key that KMS rejects as invalid ciphertext, or one that belongs to another blob. All of these are one
 * type on purpose: callers must not learn which check failed (that would be an oracle), and must never receive
 * wrong plaintext. The low-level cause is kept for logs.
 */
public class DecryptionFailedException extends StrongroomException {
    public DecryptionFailedException(String message) {
        super(message);
    }

    public DecryptionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
