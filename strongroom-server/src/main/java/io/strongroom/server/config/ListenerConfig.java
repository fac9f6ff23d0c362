package io.strongroom.server.config;

/**
 * A {@code listener "tcp" { ... }} stanza. Immutable.
 *
 * @param address       host:port, default {@code 127.0.0.1:8200} as in Vault
 * @param tlsDisable    true to serve plain HTTP
 * @param tlsCertFile   PEM certificate chain, null when unset
 * @param tlsKeyFile    PEM private key, null when unset
 * @param tlsMinVersion {@code tls12} or {@code tls13}, null for the default
 */
public record ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                             String tlsMinVersion) {

    /** vault-compat: listener/tcp docs, the default address. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:8200";

    /** Always {@code tcp}: the only listener type supported. */
    public String type() {
        return "tcp";
    }
}
