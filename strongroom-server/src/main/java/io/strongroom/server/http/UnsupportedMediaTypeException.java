package io.strongroom.server.http;

import io.strongroom.base.InvalidRequestException;

/** A PATCH without {@code application/merge-patch+json}: 415 (vault-compat: dataplane spec 1.1). */
final class UnsupportedMediaTypeException extends InvalidRequestException {
    UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
