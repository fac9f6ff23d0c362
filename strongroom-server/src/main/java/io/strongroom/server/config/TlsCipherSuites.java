package io.strongroom.server.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cipher suite names {@code tls_cipher_suites} accepts: Go's {@code crypto/tls} constants, which are the IANA
 * names, mapped to the JSSE names (the same strings, except Go's short aliases of the ChaCha20 suites).
 * Suites the JDK does not implement (RC4, 3DES) are not offered: naming them is a configuration error.
 */
public final class TlsCipherSuites {

    private static final Map<String, String> GO_TO_JSSE = Map.ofEntries(
            same("TLS_RSA_WITH_AES_128_CBC_SHA"),
            same("TLS_RSA_WITH_AES_256_CBC_SHA"),
            same("TLS_RSA_WITH_AES_128_CBC_SHA256"),
            same("TLS_RSA_WITH_AES_128_GCM_SHA256"),
            same("TLS_RSA_WITH_AES_256_GCM_SHA384"),
            same("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            same("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            same("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            same("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            same("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            same("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            same("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            same("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            same("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            same("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            same("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            same("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            same("TLS_AES_128_GCM_SHA256"),
            same("TLS_AES_256_GCM_SHA384"),
            same("TLS_CHACHA20_POLY1305_SHA256"));

    /** The TLS 1.3 suites: Go does not let them be configured, so they stay enabled whatever the list says. */
    public static final java.util.List<String> TLS13 =
            java.util.List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private TlsCipherSuites() {}

    /** The JSSE name of a Go/IANA cipher suite name, or empty when unknown. */
    public static Optional<String> jsseName(String goName) {
        return Optional.ofNullable(GO_TO_JSSE.get(goName.trim().toUpperCase(Locale.ROOT)));
    }

    private static Map.Entry<String, String> same(String name) {
        return Map.entry(name, name);
    }
}
