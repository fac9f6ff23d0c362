package io.strongroom.core;

/** The operation needs an unsealed server; maps to HTTP 503 with Vault's "Vault is sealed" text. */
public class SealedException extends StrongroomException {
    public SealedException() {
        super("Vault is sealed");
    }
}
