package io.strongroom.audit;

import io.strongroom.base.StrongroomException;

/**
 * No enabled audit device could log an entry: the request is not executed, or its answer not returned (500,
 * vault-compat: dataplane spec 6.5). The message names no secret.
 */
public final class AuditFailedException extends StrongroomException {
    public AuditFailedException(String message) {
        super(message);
    }
}
