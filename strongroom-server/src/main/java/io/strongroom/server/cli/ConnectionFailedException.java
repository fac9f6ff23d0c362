package io.strongroom.server.cli;

/** The server could not be reached; the message names the address and the cause. */
final class ConnectionFailedException extends RuntimeException {

    ConnectionFailedException(String method, String url, String address, Throwable cause) {
        super(method + " " + url + ": cannot reach " + address + ": " + describe(cause), cause);
    }

    /**
     * JDK network exceptions often have no message (a refused connection is a bare {@code ConnectException}), so
     * the common kinds are named by type; otherwise the first message in the chain, or the type.
     */
    private static boolean untrusted(Throwable ssl) {
        for (Throwable t = ssl; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathValidatorException
                    || t.getClass().getName().endsWith("SunCertPathBuilderException")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return "connection timed out";
            }
            // the plain-HTTP transport (HttpURLConnection) says the same things in other words
            if (t instanceof java.net.ConnectException && t.getMessage() != null
                    && t.getMessage().startsWith("Connection refused")) {
                return "connection refused";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return t.getMessage() != null && t.getMessage().contains("connect") ? "connection timed out"
                        : "request timed out";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof javax.net.ssl.SSLException) {
                if (untrusted(t)) {
                    // vault-compat: Go says "x509: certificate signed by unknown authority"; the hint names the fix
                    return "TLS failure: certificate signed by unknown authority (" + t.getMessage() + "); give the"
                            + " CA certificate with -ca-cert or VAULT_CACERT (or a directory with -ca-path or"
                            + " VAULT_CAPATH), or skip verification with -tls-skip-verify (insecure)";
                }
                return "TLS failure: " + t.getMessage();
            }
        }
        boolean refused = false;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            refused |= t instanceof java.net.ConnectException;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        if (refused) {
            return "connection refused";
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName();
    }
}
