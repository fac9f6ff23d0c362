package io.strongroom.base;

/** The caller sent something wrong (a bad field, a bad value); maps to HTTP 400. */
public class InvalidRequestException extends StrongroomException {
    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
