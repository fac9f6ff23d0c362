package io.strongroom.server.cli;

/** The server could not be reached; the message names the address and the cause. */
final class ConnectionFailedException extends RuntimeException {

    ConnectionFailedException(String method, String url, String address, Throwable cause) {
        super(method + " " + url + ": cannot reach " + address + ": " + describe(cause), cause);
    }

    /** JDK network exceptions often have no message; fall back to the first message in the chain or the type. */
    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName();
    }
}
