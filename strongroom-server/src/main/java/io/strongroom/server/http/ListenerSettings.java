package io.strongroom.server.http;

import io.strongroom.server.config.ListenerLimits;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code listener "tcp"} block, reduced to what the HTTP layer needs.
 *
 * @param address {@code host:port}; {@code [::1]:8200} for IPv6; an empty host ({@code :8200}) binds every
 *     interface; port 0 asks the OS for an ephemeral port ({@link ApiServer#port(int)} tells which)
 * @param tlsDisable true for plain HTTP (Vault's {@code tls_disable})
 * @param certFile PEM file with the server certificate, then its chain (Vault's {@code tls_cert_file})
 * @param keyFile PEM file with the PKCS#8 private key, {@code BEGIN PRIVATE KEY} (Vault's {@code tls_key_file});
 *     PKCS#1 {@code BEGIN RSA PRIVATE KEY} and SEC1 {@code BEGIN EC PRIVATE KEY} are read as well
 * @param tlsMinVersion {@code tls12} (default when null) or {@code tls13}
 * @param tlsMaxVersion {@code tls13} (default when null) or {@code tls12}
 * @param cipherSuites JSSE names of the TLS 1.2 cipher suites allowed, empty for the JDK's defaults
 * @param clientCaFile PEM file of the CAs that client certificates must chain to, or null for the JDK's
 * @param requireClientCert Vault's {@code tls_require_and_verify_client_cert}
 * @param disableClientCerts Vault's {@code tls_disable_client_certs}: do not even request a client certificate
 * @param unauthenticatedMetricsAccess serve {@code sys/metrics} on this listener without a token (Vault's
 *     {@code telemetry { unauthenticated_metrics_access }})
 * @param limits body size, time and idleness limits of this listener
 */
public record ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
        String tlsMinVersion, String tlsMaxVersion, List<String> cipherSuites, String clientCaFile,
        boolean requireClientCert, boolean disableClientCerts, boolean unauthenticatedMetricsAccess,
        ListenerLimits limits) {

    /** With Vault's default limits. */
    public ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
            String tlsMinVersion, String tlsMaxVersion, List<String> cipherSuites, String clientCaFile,
            boolean requireClientCert, boolean disableClientCerts, boolean unauthenticatedMetricsAccess) {
        this(address, tlsDisable, certFile, keyFile, tlsMinVersion, tlsMaxVersion, cipherSuites, clientCaFile,
                requireClientCert, disableClientCerts, unauthenticatedMetricsAccess, ListenerLimits.DEFAULTS);
    }

    /** Without unauthenticated metrics access. */
    public ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
            String tlsMinVersion, String tlsMaxVersion, List<String> cipherSuites, String clientCaFile,
            boolean requireClientCert, boolean disableClientCerts) {
        this(address, tlsDisable, certFile, keyFile, tlsMinVersion, tlsMaxVersion, cipherSuites, clientCaFile,
                requireClientCert, disableClientCerts, false);
    }

    /** TLS defaults after {@code tls_min_version}, with or without unauthenticated metrics access. */
    public ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
            String tlsMinVersion, boolean unauthenticatedMetricsAccess) {
        this(address, tlsDisable, certFile, keyFile, tlsMinVersion, null, List.of(), null, false, false,
                unauthenticatedMetricsAccess);
    }

    public ListenerSettings {
        Objects.requireNonNull(address, "address");
        if (tlsMinVersion == null || tlsMinVersion.isBlank()) {
            tlsMinVersion = "tls12";
        }
        tlsMinVersion = tlsMinVersion.toLowerCase(Locale.ROOT);
        if (tlsMaxVersion == null || tlsMaxVersion.isBlank()) {
            tlsMaxVersion = "tls13";
        }
        tlsMaxVersion = tlsMaxVersion.toLowerCase(Locale.ROOT);
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        limits = limits == null ? ListenerLimits.DEFAULTS : limits;
    }

    /** A copy with other limits. */
    public ListenerSettings withLimits(ListenerLimits newLimits) {
        return new ListenerSettings(address, tlsDisable, certFile, keyFile, tlsMinVersion, tlsMaxVersion,
                cipherSuites, clientCaFile, requireClientCert, disableClientCerts, unauthenticatedMetricsAccess,
                newLimits);
    }

    /** A listener with Vault's defaults for everything after the minimum version. */
    public ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
            String tlsMinVersion) {
        this(address, tlsDisable, certFile, keyFile, tlsMinVersion, null, List.of(), null, false, false);
    }

    /** A plain-HTTP listener, as {@code tls_disable = true}. */
    public static ListenerSettings plain(String address) {
        return new ListenerSettings(address, true, null, null, null);
    }

    /** The host part; null means every interface. */
    public String host() {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.isEmpty() ? null : host;
    }

    /** The port part; 8200 (Vault's default) when the address has none. */
    public int port() {
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.endsWith("]")) {
            return 8200;
        }
        try {
            return Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new io.strongroom.base.ConfigException("listener address \"" + address + "\" has an invalid port");
        }
    }
}
