package io.strongroom.base;

/**
 * The one unchecked root of every error Strongroom raises on purpose.
 *
 * <p>Subclasses are named by meaning, never by where they were thrown, so that exactly one place (the HTTP
 * layer's error mapper, the CLI's exit-code mapper) can choose a status by type. No code may choose a status by
 * matching message text.
 *
 * <p>Messages must never contain secrets: key material, tokens, credentials or plaintext.
 */
public class StrongroomException extends RuntimeException {
    public StrongroomException(String message) {
        super(message);
    }

    public StrongroomException(String message, Throwable cause) {
        super(message, cause);
    }
}
