package io.strongroom.core;

/** Missing, unknown or insufficient token; maps to HTTP 403 with Vault's "permission denied" text. */
public class PermissionDeniedException extends StrongroomException {
    public PermissionDeniedException() {
        super("permission denied");
    }
}
