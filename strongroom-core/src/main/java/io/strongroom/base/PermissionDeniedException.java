package io.strongroom.base;

/**
 * Missing, unknown or insufficient token; maps to HTTP 403. The message is the client-facing text, in Vault's
 * words: the default is the ACL refusal; {@link #INVALID_TOKEN} is the text for a missing, unknown or expired
 * token, which Vault Agent and Proxy look for to re-authenticate.
 */
public class PermissionDeniedException extends StrongroomException {

    /** vault-compat: dataplane spec 1.4, an ACL refusal (a Go error, hence the multierror form). */
    public static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";

    /** vault-compat: dataplane spec 1.4 and hashicorp/vault#26687, a bad token (1.17 and later). */
    public static final String INVALID_TOKEN = "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";

    public PermissionDeniedException() {
        super(DENIED);
    }

    public PermissionDeniedException(String message) {
        super(message);
    }
}
