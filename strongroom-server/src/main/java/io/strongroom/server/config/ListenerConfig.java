package io.strongroom.server.config;

/**
 * A {@code listener "tcp" { ... }} stanza. Immutable.
 *
 * @param address       host:port, default {@code 127.0.0.1:8200} as in Vault
 * @param tlsDisable    true to serve plain HTTP
 * @param tlsCertFile   PEM certificate chain, null when unset
 * @param tlsKeyFile    PEM private key, null when unset
 * @param tlsMinVersion {@code tls12} or {@code tls13}, null for the default
 * @param tlsMaxVersion {@code tls12} or {@code tls13}, null for the default ({@code tls13})
 * @param tlsCipherSuites JSSE names of {@code tls_cipher_suites} (given in Go/IANA spelling), empty when unset
 * @param tlsClientCaFile PEM CA file for client certificates, null when unset
 * @param tlsRequireAndVerifyClientCert true to refuse clients without a verified certificate
 * @param tlsDisableClientCerts true to not request client certificates at all
 * @param unauthenticatedMetricsAccess {@code telemetry { unauthenticated_metrics_access }}: serve
 *     {@code sys/metrics} on this listener without a token
 * @param limits {@code max_request_size}, {@code max_request_duration} and the {@code http_*_timeout} keys
 */
public record ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                             String tlsMinVersion, String tlsMaxVersion, java.util.List<String> tlsCipherSuites,
                             String tlsClientCaFile, boolean tlsRequireAndVerifyClientCert,
                             boolean tlsDisableClientCerts, boolean unauthenticatedMetricsAccess,
                             ListenerLimits limits) {

    public ListenerConfig {
        tlsCipherSuites = tlsCipherSuites == null ? java.util.List.of() : java.util.List.copyOf(tlsCipherSuites);
        limits = limits == null ? ListenerLimits.DEFAULTS : limits;
    }

    /** With Vault's default limits. */
    public ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                          String tlsMinVersion, String tlsMaxVersion, java.util.List<String> tlsCipherSuites,
                          String tlsClientCaFile, boolean tlsRequireAndVerifyClientCert,
                          boolean tlsDisableClientCerts, boolean unauthenticatedMetricsAccess) {
        this(address, tlsDisable, tlsCertFile, tlsKeyFile, tlsMinVersion, tlsMaxVersion, tlsCipherSuites,
                tlsClientCaFile, tlsRequireAndVerifyClientCert, tlsDisableClientCerts, unauthenticatedMetricsAccess,
                ListenerLimits.DEFAULTS);
    }

    /** Without unauthenticated metrics access (the default). */
    public ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                          String tlsMinVersion, String tlsMaxVersion, java.util.List<String> tlsCipherSuites,
                          String tlsClientCaFile, boolean tlsRequireAndVerifyClientCert,
                          boolean tlsDisableClientCerts) {
        this(address, tlsDisable, tlsCertFile, tlsKeyFile, tlsMinVersion, tlsMaxVersion, tlsCipherSuites,
                tlsClientCaFile, tlsRequireAndVerifyClientCert, tlsDisableClientCerts, false);
    }

    /** Vault's TLS defaults after {@code tls_min_version}, with or without unauthenticated metrics access. */
    public ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                          String tlsMinVersion, boolean unauthenticatedMetricsAccess) {
        this(address, tlsDisable, tlsCertFile, tlsKeyFile, tlsMinVersion, null, java.util.List.of(), null, false,
                false, unauthenticatedMetricsAccess);
    }

    /** A listener with Vault's defaults for the options after {@code tls_min_version}. */
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
