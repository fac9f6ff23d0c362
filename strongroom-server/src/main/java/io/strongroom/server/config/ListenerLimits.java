package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * How much one client may ask of a listener: body size, time, idleness. Immutable; one per {@code listener "tcp"}.
 *
 * <p>vault-compat: the keys and defaults of Vault's tcp listener: {@code max_request_size} (32 MiB),
 * {@code max_request_duration} (90 s), {@code http_idle_timeout} (5 m), {@code http_read_header_timeout} (10 s),
 * {@code http_read_timeout} (30 s). What each bounds here:
 * <ul>
 *   <li>{@code max_request_size}: a body over it is answered 413 as soon as its {@code Content-Length} (or, when
 *       chunked, its bytes so far) says so, without reading the rest. Vault reads a negative value as "no limit";
 *       here every body still has to fit the server-wide budget of bodies in transit (64 MiB by default, see
 *       {@code RequestLimits}), so a negative value means "up to that budget" (a difference, on purpose: an
 *       unbounded body is a way to exhaust the heap).</li>
 *   <li>{@code http_read_header_timeout}: a new connection that has not sent a whole request head in this time
 *       is closed (the slowloris attack: many connections, each trickling header bytes).</li>
 *   <li>{@code http_read_timeout}: the body of a request must have arrived this long after its head, or the
 *       answer is 408 and the connection is closed.</li>
 *   <li>{@code max_request_duration}: a request not answered this long after its head arrived is answered 503
 *       ({@code context deadline exceeded}), as Vault's request context expires; work already under way may still
 *       complete, as in Vault.</li>
 *   <li>{@code http_idle_timeout}: a connection with no traffic for this long is closed (keep-alive and stalled
 *       writes alike).</li>
 * </ul>
 *
 * @param maxRequestSize the largest body in bytes; negative for "up to the server's body budget"
 */
public record ListenerLimits(long maxRequestSize, Duration maxRequestDuration, Duration idleTimeout,
        Duration readHeaderTimeout, Duration readTimeout) {

    /** vault-compat: {@code DefaultMaxRequestSize}, 32 MiB. */
    public static final long DEFAULT_MAX_REQUEST_SIZE = 32L * 1024 * 1024;

    /** Vault's defaults. */
    public static final ListenerLimits DEFAULTS = new ListenerLimits(DEFAULT_MAX_REQUEST_SIZE, Duration.ofSeconds(90),
            Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

    public ListenerLimits {
        Objects.requireNonNull(maxRequestDuration, "maxRequestDuration");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(readHeaderTimeout, "readHeaderTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxRequestSize == 0) {
            // vault-compat: 0 means "the default" (Vault only replaces a zero value)
            maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
        }
        positive("max_request_duration", maxRequestDuration);
        positive("http_idle_timeout", idleTimeout);
        positive("http_read_header_timeout", readHeaderTimeout);
        positive("http_read_timeout", readTimeout);
    }

    private static void positive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException("\"" + key + "\" must be a positive duration");
        }
    }

    /** A copy with another body size limit. */
    public ListenerLimits withMaxRequestSize(long bytes) {
        return new ListenerLimits(bytes, maxRequestDuration, idleTimeout, readHeaderTimeout, readTimeout);
    }
}
