package io.strongroom.base;

/**
 * The operation needs the barrier's keys, but the server is sealed. Maps to HTTP 503.
 *
 * <p>// vault-compat: the message is Vault's {@code ErrBarrierSealed} text, which clients and scripts match on.
 */
public class SealedException extends StrongroomException {
    public SealedException() {
        super("Vault is sealed");
    }
}
