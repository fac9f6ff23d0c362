package io.strongroom.barrier;

import io.strongroom.base.StrongroomException;

/**
 * A barrier value could not be decrypted: it is truncated, has an unknown version byte or term, was tampered with,
 * was moved from another path, or the key is wrong. One type for all of these on purpose, so callers cannot learn
 * which check failed; the low-level cause is kept for logs. Never carries plaintext.
 */
public class BarrierDecryptionException extends StrongroomException {
    public BarrierDecryptionException(String message) {
        super(message);
    }

    public BarrierDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
