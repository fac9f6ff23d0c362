package io.strongroom.barrier;

import io.strongroom.base.InvalidRequestException;

/**
 * Unseal was given a root key that does not open the keyring. Maps to HTTP 400 like Vault's
 * {@code ErrBarrierInvalidKey}.
 */
public class InvalidRootKeyException extends InvalidRequestException {
    public InvalidRootKeyException(Throwable cause) {
        // vault-compat: Vault's ErrBarrierInvalidKey message.
        super("Unseal failed, invalid key", cause);
    }
}
