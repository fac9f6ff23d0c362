package io.strongroom.server.http;

import io.strongroom.base.ConfigException;
import io.strongroom.core.lifecycle.Lifecycle;
import io.strongroom.server.metrics.ServerMetrics;
import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * The Vault-compatible HTTP API: one Jetty {@link Server} with one connector per {@link ListenerSettings}.
 *
 * <p>Lifecycle: construct (validates settings, reads TLS files), {@link #start()}, {@link #close()}. Thread-safe
 * after start. TLS: {@code tls_min_version} {@code tls12} allows TLS 1.2 and 1.3, {@code tls13} only 1.3;
 * anything else is a {@link ConfigException} (vault-compat: Vault's accepted values, minus the
 * deprecated tls10/tls11, which the JDK disables anyway).
 *
 * <p>Request bodies: {@link RequestLimits} (per request, and one budget for all bodies in transit); read without
 * holding a thread (see {@link BodyReader}). The limits are per server, not per listener as Vault's
 * {@code max_request_size}: the configuration does not read that key yet, so every listener has the default.
 */
public final class ApiServer implements AutoCloseable {

    /** How long {@link #close()} lets requests in flight (an init, an unseal) finish. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private final ApiHandler handler;

    /**
     * @param lifecycle the seal lifecycle every route translates to
     * @param clock used for request timing in the access log
     * @param listeners at least one listener
     * @throws ConfigException on a bad address, unreadable TLS files or an unknown {@code tls_min_version}
     */
    public ApiServer(Lifecycle lifecycle, Clock clock, List<ListenerSettings> listeners) {
        this(lifecycle, clock, listeners, DEFAULT_STOP_TIMEOUT);
    }

    /**
     * As {@link #ApiServer(Lifecycle, Clock, List)} with an explicit graceful-stop timeout. Tests pass zero:
     * a graceful stop waits about a second for idle keep-alive connections, which adds up over many servers.
     */
    public ApiServer(Lifecycle lifecycle, Clock clock, List<ListenerSettings> listeners, Duration stopTimeout) {
        this(lifecycle, clock, listeners, stopTimeout, RequestLimits.defaults());
    }

    /**
     * As {@link #ApiServer(Lifecycle, Clock, List, Duration)} with explicit body limits (tests use small ones).
     *
     * @param limits the per-request body limit and the budget all bodies in transit share
     */
    public ApiServer(Lifecycle lifecycle, Clock clock, List<ListenerSettings> listeners, Duration stopTimeout,
            RequestLimits limits) {
        this(lifecycle, null, "", clock, listeners, stopTimeout, limits);
    }

    /**
     * The full server: the seal routes and, through {@code pipeline}, every other {@code /v1/} path.
     *
     * @param pipeline the request pipeline of the data plane, or null for the seal routes only
     * @param version the server version, shown in mount rows
     */
    public ApiServer(Lifecycle lifecycle, io.strongroom.router.RequestPipeline pipeline, String version, Clock clock,
            List<ListenerSettings> listeners, Duration stopTimeout, RequestLimits limits) {
        this(lifecycle, pipeline, version, clock, listeners, stopTimeout, limits, ServerMetrics.defaults());
    }

    /**
     * As the seven-argument constructor, recording request metrics in {@code metrics} and serving them on
     * {@code GET /v1/sys/metrics}.
     */
    public ApiServer(Lifecycle lifecycle, io.strongroom.router.RequestPipeline pipeline, String version, Clock clock,
            List<ListenerSettings> listeners, Duration stopTimeout, RequestLimits limits, ServerMetrics metrics) {
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        if (listeners.isEmpty()) {
            throw new ConfigException("at least one listener is required");
        }
        // Small pool: these machines have few cores and the sys/ routes are cheap.
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName("strongroom-http");
        server = new Server(pool);
        java.util.Set<String> unauthenticatedMetrics = new java.util.HashSet<>();
        for (ListenerSettings settings : listeners) {
            ServerConnector connector = connector(settings);
            // the handler tells listeners apart by connector name (telemetry settings are per listener)
            connector.setName("listener-" + connectors.size());
            if (settings.unauthenticatedMetricsAccess()) {
                unauthenticatedMetrics.add(connector.getName());
            }
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connectors.add(connector);
            addresses.add(settings.address());
            server.addConnector(connector);
        }
        // GracefulHandler lets requests in flight complete during a stop, within the stop timeout.
        handler = new ApiHandler(lifecycle, clock, limits,
                pipeline == null ? null : new LogicalRoutes(pipeline, version),
                new MetricsRoute(metrics, pipeline), unauthenticatedMetrics);
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(stopTimeout.toMillis());
        server.setErrorHandler(new JsonErrorHandler());
        quietJettyInternals();
    }

    /**
     * Jetty's DEBUG output dumps raw request headers and body buffers, i.e. tokens and key shares. Running the
     * server with {@code -log-level=debug} must not leak them, so Jetty's own loggers are held at INFO whatever
     * the root level is. Our own per-request DEBUG line ({@link ApiHandler}) carries no secrets.
     */
    private static void quietJettyInternals() {
        if (LoggerFactory.getLogger("org.eclipse.jetty") instanceof ch.qos.logback.classic.Logger jetty
                && !jetty.getEffectiveLevel().isGreaterOrEqual(Level.INFO)) {
            jetty.setLevel(Level.INFO);
        }
    }

    private ServerConnector connector(ListenerSettings settings) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (settings.tlsDisable()) {
            return new ServerConnector(server, new HttpConnectionFactory(http));
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(PemKeyStore.load(settings.certFile(), settings.keyFile()));
        tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        switch (settings.tlsMinVersion()) {
            case "tls12" -> tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            case "tls13" -> tls.setIncludeProtocols("TLSv1.3");
            default -> throw new ConfigException("listener " + settings.address() + ": tls_min_version \""
                    + settings.tlsMinVersion() + "\" is not supported; use tls12 or tls13");
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach the server by IP or any DNS name; the certificate choice is the operator's business.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return new ServerConnector(server, tls, new HttpConnectionFactory(http));
    }

    /**
     * Binds every listener and starts serving.
     *
     * @throws ConfigException when a listener cannot bind: {@code listener address 127.0.0.1:8200 is already in use},
     *                         or {@code listener address ... cannot be opened: REASON} (no such interface, permission)
     * @throws IOException     when the server fails to start for another reason
     */
    public void start() throws IOException {
        // Each listener is bound on its own first, so a failure names the address that failed, not Jetty's internals.
        for (int k = 0; k < connectors.size(); k++) {
            try {
                connectors.get(k).open();
            } catch (IOException e) {
                for (int j = 0; j < k; j++) {
                    connectors.get(j).close();
                }
                throw bindFailure(addresses.get(k), e);
            }
        }
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the HTTP listeners: " + e.getMessage(), e);
        }
    }

    private static ConfigException bindFailure(String address, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException bind) {
                String reason = String.valueOf(bind.getMessage());
                // EADDRINUSE is reported as "Address already in use" (with a suffix on some systems).
                if (reason.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
                    return new ConfigException("listener address " + address + " is already in use", e);
                }
                return new ConfigException("listener address " + address + " cannot be opened: " + reason, e);
            }
        }
        return new ConfigException("listener address " + address + " cannot be opened: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    /** The port listener {@code index} is bound to (the ephemeral one when configured with port 0). */
    public int port(int index) {
        return connectors.get(index).getLocalPort();
    }

    /** The memory budget of request bodies in transit (its accounting is what tests assert on). */
    BodyBudget bodyBudget() {
        return handler.bodyBudget();
    }

    /** Stops serving, waiting up to the stop timeout for requests in flight. Never throws: shutdown must go on. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LoggerFactory.getLogger(ApiServer.class).warn("HTTP server did not stop cleanly", e);
        }
    }
}
