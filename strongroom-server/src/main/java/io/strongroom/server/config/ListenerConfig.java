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
 */
public record ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                             String tlsMinVersion, String tlsMaxVersion, java.util.List<String> tlsCipherSuites,
                             String tlsClientCaFile, boolean tlsRequireAndVerifyClientCert,
                             boolean tlsDisableClientCerts) {

    public ListenerConfig {
        tlsCipherSuites = tlsCipherSuites == null ? java.util.List.of() : java.util.List.copyOf(tlsCipherSuites);
    }

    /** A listener with Vault's defaults for the options after {@code tls_min_version}. */
    public ListenerConfig(String address, boolean tlsDisable, String tlsCertFile, String tlsKeyFile,
                          String tlsMinVersion) {
        this(address, tlsDisable, tlsCertFile, tlsKeyFile, tlsMinVersion, null, java.util.List.of(), null, false,
                false);
    }

    /** vault-compat: listener/tcp docs, the default address. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:8200";

    /** Always {@code tcp}: the only listener type supported. */
    public String type() {
        return "tcp";
    }
}
