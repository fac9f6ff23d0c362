package io.strongroom.token;

import io.strongroom.base.PermissionDeniedException;

/**
 * {@code auth/token/lookup} of a token that is not usable: 403 with the plain text {@code bad token}
 * (vault-compat: dataplane spec 2.1, an error response, so not multierror-wrapped).
 */
public class BadTokenException extends PermissionDeniedException {

    static final String MESSAGE = "bad token";

    @Override
    public String getMessage() {
        return MESSAGE;
    }
}
