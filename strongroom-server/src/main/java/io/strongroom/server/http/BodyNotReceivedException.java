package io.strongroom.server.http;

import io.strongroom.base.StrongroomException;

/**
 * The request body did not arrive: the client closed the connection or went silent before sending the
 * {@code Content-Length} it declared, or broke the chunked framing. A client-side event, routine on the
 * internet and free to cause: {@link ErrorMapper} answers 400 (if anyone still listens) and logs nothing;
 * {@link ApiHandler} notes it in its one DEBUG line per request. Never logged with a stack trace.
 */
final class BodyNotReceivedException extends StrongroomException {

    private final String reason;

    /** @param cause what Jetty reported (early EOF, idle timeout, bad chunk); only its type name is kept in text */
    BodyNotReceivedException(Throwable cause) {
        super("request body not received: the client closed the connection, timed out or sent a malformed body",
                cause);
        // the type name only: a parser's message might quote bytes of the body, which may be a key share
        this.reason = cause == null ? "unknown" : cause.getClass().getSimpleName();
    }

    /** A short, secret-free reason for the log line, e.g. {@code EofException}. */
    String reason() {
        return reason;
    }
}
