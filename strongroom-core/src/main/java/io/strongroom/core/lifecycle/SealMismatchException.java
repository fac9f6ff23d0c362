package io.strongroom.core.lifecycle;

import io.strongroom.base.ConfigException;

/**
 * The configured seal is not the one that initialized the store, and the configuration is no seal migration (no
 * disabled block for the old seal; issue 10): a start-up error whose message says what is stored, what is
 * configured and what to do.
 */
public final class SealMismatchException extends ConfigException {

    private final String stored;
    private final String configured;

    public SealMismatchException(String stored, String configured) {
        super("storage was initialized with seal type \"" + stored + "\" but the configured seal is \"" + configured
                + "\"" + hint(stored, configured));
        this.stored = stored;
        this.configured = configured;
    }

    /** With a message of the caller's (seal migration's detection, which names the config blocks). */
    public SealMismatchException(String stored, String configured, String message) {
        super(message);
        this.stored = stored;
        this.configured = configured;
    }

    private static String hint(String stored, String configured) {
        String migrate = "; to migrate, keep the old seal's block with disabled = \"true\"";
        if (configured.equals("shamir")) {
            return migrate + ": configure the " + stored + " seal this store was initialized with (a seal \"" + stored
                    + "\" stanza without disabled = \"true\", or VAULT_SEAL_TYPE=" + stored + ")";
        }
        return migrate + ": remove the seal \"" + configured + "\" stanza (and VAULT_SEAL_TYPE) to use the "
                + stored + " seal this store was initialized with";
    }

    public String stored() {
        return stored;
    }

    public String configured() {
        return configured;
    }
}
