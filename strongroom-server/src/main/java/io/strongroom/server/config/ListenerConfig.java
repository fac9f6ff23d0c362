package io.strongroom.server.config;

/**
 * A {@code listener "tcp" { ... }} stanza. Immutable.
 *
 * @param address       host:port, default {@code 127.0.0.1:8200} as in Vault
 * @param tlsDisable    true to serve plain HTTP
 * @param tlsCertFile   PEM certificate chain, null when unset
 * @param tlsKeyFile    PEM private key, null when unset
 * @param tlsMinVersion {@code tls12} or {@code tls13}, null for the default
 * @param unauthenticatedMetricsAccess {@code telemetry { unauthenticated_metrics_access }}: serve
 *     {@code sys/metrics} on this listener without a token
 */
public record ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                             String tlsMinVersion, boolean unauthenticatedMetricsAccess) {

    /** Without unauthenticated metrics access (the default). */
    public ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                          String tlsMinVersion) {
        this(address, tlsDisable, tlsCertFile, tlsKeyFile, tlsMinVersion, false);
    }

    /** vault-compat: listener/tcp docs, the default address. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:8200";

    /** Always {@code tcp}: the only listener type supported. */
    public String type() {
        return "tcp";
    }
}
