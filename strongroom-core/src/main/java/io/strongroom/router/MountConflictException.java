package io.strongroom.router;

import io.strongroom.base.InvalidRequestException;

/** A mount path overlaps an existing one: 409 (vault-compat: dataplane spec 4.2 {@code path is already in use}). */
public class MountConflictException extends InvalidRequestException {
    public MountConflictException(String message) {
        super(message);
    }
}
