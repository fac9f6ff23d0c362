package io.strongroom.server.http;

import io.strongroom.base.StrongroomException;

/** The request body is over the limit; {@link ErrorMapper} maps it to 413. */
final class RequestTooLargeException extends StrongroomException {
    RequestTooLargeException() {
        // vault-compat: Go's http.MaxBytesReader text, which Vault returns verbatim
        super("http: request body too large");
    }
}
