package io.strongroom.server.http;

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
 *     PKCS#1 {@code BEGIN RSA PRIVATE KEY} is refused with a message telling how to convert it
 * @param tlsMinVersion {@code tls12} (default when null) or {@code tls13}
 * @param unauthenticatedMetricsAccess serve {@code sys/metrics} on this listener without a token (Vault's
 *     {@code telemetry { unauthenticated_metrics_access }})
 */
public record ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
        String tlsMinVersion, boolean unauthenticatedMetricsAccess) {

    /** Without unauthenticated metrics access. */
    public ListenerSettings(String address, boolean tlsDisable, String certFile, String keyFile,
            String tlsMinVersion) {
        this(address, tlsDisable, certFile, keyFile, tlsMinVersion, false);
    }

    public ListenerSettings {
        Objects.requireNonNull(address, "address");
        if (tlsMinVersion == null || tlsMinVersion.isBlank()) {
            tlsMinVersion = "tls12";
        }
        tlsMinVersion = tlsMinVersion.toLowerCase(Locale.ROOT);
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
