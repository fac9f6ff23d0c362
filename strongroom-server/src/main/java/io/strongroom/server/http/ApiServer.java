package io.strongroom.server.http;

import io.strongroom.base.ConfigException;
import io.strongroom.core.lifecycle.Lifecycle;
import io.strongroom.server.config.ListenerLimits;
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
import java.security.KeyStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * The Vault-compatible HTTP API: one Jetty {@link Server} with one connector per {@link ListenerSettings}.
 *
 * <p>Lifecycle: construct (validates settings, reads TLS files), {@link #start()}, {@link #close()}. Thread-safe
 * after start. TLS: {@code tls_min_version} {@code tls12} allows TLS 1.2 and 1.3, {@code tls13} only 1.3;
 * anything else is a {@link ConfigException} (vault-compat: Vault's accepted values, minus the
 * deprecated tls10/tls11, which the JDK disables anyway); {@code tls_max_version} caps it the same way.
 * Client certificates are requested but not required by default, as in Vault; {@link #reloadTls()} re-reads the
 * certificate and key without closing the listeners (SIGHUP).
 *
 * <p>Request limits are per listener ({@link ListenerLimits}: {@code max_request_size}, {@code max_request_duration},
 * the {@code http_*_timeout} keys); bodies in transit also share one server-wide budget ({@link RequestLimits}) and
 * are read without holding a thread (see {@link BodyReader}), so slow clients cost memory bounded by the budget,
 * never threads.
 */
public final class ApiServer implements AutoCloseable {

    /** The largest request line plus headers a client may send; see {@link #connector}. */
    static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

    /** How long {@link #close()} lets requests in flight (an init, an unseal) finish. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private final List<SslContextFactory.Server> tlsFactories = new ArrayList<>();
    private final List<ListenerSettings> tlsSettings = new ArrayList<>();
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
        this(lifecycle, pipeline, version, clock, listeners, stopTimeout, limits, metrics, false);
    }

    /**
     * As the eight-argument constructor; with {@code ui} the web UI is served at {@code /ui/} and {@code /}
     * redirects there (the config's {@code ui = true}, and {@code -dev}), see {@link UiRoute}.
     */
    public ApiServer(Lifecycle lifecycle, io.strongroom.router.RequestPipeline pipeline, String version, Clock clock,
            List<ListenerSettings> listeners, Duration stopTimeout, RequestLimits limits, ServerMetrics metrics,
            boolean ui) {
        this(lifecycle, pipeline, version, clock, listeners, stopTimeout, limits, metrics, ui, null);
    }

    /**
     * As the nine-argument constructor; a standby passes requests to the active node through {@code standby}.
     *
     * @param standby null without HA
     */
    public ApiServer(Lifecycle lifecycle, io.strongroom.router.RequestPipeline pipeline, String version, Clock clock,
            List<ListenerSettings> listeners, Duration stopTimeout, RequestLimits limits, ServerMetrics metrics,
            boolean ui, StandbyForwarder standby) {
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
        java.util.Map<String, ListenerLimits> perListener = new java.util.HashMap<>();
        for (ListenerSettings settings : listeners) {
            ServerConnector connector = connector(settings);
            // the handler tells listeners apart by connector name (telemetry and limits are per listener)
            connector.setName("listener-" + connectors.size());
            if (settings.unauthenticatedMetricsAccess()) {
                unauthenticatedMetrics.add(connector.getName());
            }
            perListener.put(connector.getName(), settings.limits());
            connector.setIdleTimeout(settings.limits().idleTimeout().toMillis());
            connector.addBean(new HeadTimeout(settings.limits().readHeaderTimeout(), connector.getScheduler()));
            if (standby != null) {
                connector.addEventListener(standby.connectionTagger()); // HA: see StandbyForwarder.openedAt
            }
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connectors.add(connector);
            addresses.add(settings.address());
            server.addConnector(connector);
        }
        // GracefulHandler lets requests in flight complete during a stop, within the stop timeout.
        handler = new ApiHandler(lifecycle, clock, limits,
                pipeline == null ? null : new LogicalRoutes(pipeline, version, metrics),
                new MetricsRoute(metrics, pipeline), unauthenticatedMetrics, perListener,
                ui ? UiRoute.fromClassPath() : null, standby);
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

    /**
     * Re-reads every TLS listener's certificate and key (SIGHUP). Open connections and the listening sockets are
     * kept; new handshakes use the new pair. A listener whose files are now broken keeps its old pair.
     *
     * @return the errors, one per listener that kept its old pair; empty when all were reloaded
     */
    public List<String> reloadTls() {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < tlsFactories.size(); i++) {
            ListenerSettings settings = tlsSettings.get(i);
            try {
                KeyStore fresh = PemKeyStore.load(settings.certFile(), settings.keyFile());
                tlsFactories.get(i).reload(f -> f.setKeyStore(fresh));
            } catch (Exception e) {
                errors.add("listener " + settings.address() + ": " + e.getMessage());
            }
        }
        return errors;
    }

    /** TLS versions from tls_min_version .. tls_max_version; TLS 1.0 and 1.1 are never offered. */
    static String[] protocols(ListenerSettings settings) {
        List<String> versions = List.of("tls12", "tls13");
        int min = versions.indexOf(settings.tlsMinVersion());
        int max = versions.indexOf(settings.tlsMaxVersion());
        if (min < 0) {
            throw new ConfigException("listener " + settings.address() + ": tls_min_version \""
                    + settings.tlsMinVersion() + "\" is not supported; use tls12 or tls13");
        }
        if (max < 0 || max < min) {
            throw new ConfigException("listener " + settings.address() + ": tls_max_version \""
                    + settings.tlsMaxVersion() + "\" is not supported; use tls12 or tls13, not below tls_min_version");
        }
        List<String> out = new ArrayList<>();
        for (int v = max; v >= min; v--) {
            out.add(v == 1 ? "TLSv1.3" : "TLSv1.2");
        }
        return out.toArray(new String[0]);
    }

    private ServerConnector connector(ListenerSettings settings) {
        HttpConfiguration http = new HttpConfiguration();
        // Request line and headers together: over it Jetty answers 431 (414 for the URI alone) before routing.
        // Go's default is 1 MiB; 64 KiB holds any Vault request (tokens are ~100 bytes) and bounds what a
        // slow or hostile client can make each connection buffer.
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (settings.tlsDisable()) {
            return new ServerConnector(server, new HttpConnectionFactory(http));
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(PemKeyStore.load(settings.certFile(), settings.keyFile()));
        tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        tls.setIncludeProtocols(protocols(settings));
        // Jetty's default exclusions would drop suites a config names on purpose; the JDK's own list still applies
        if (!settings.cipherSuites().isEmpty()) {
            // vault-compat: Go ignores tls_cipher_suites for TLS 1.3, whose suites stay enabled
            List<String> suites = new ArrayList<>(settings.cipherSuites());
            io.strongroom.server.config.TlsCipherSuites.TLS13.stream().filter(s -> !suites.contains(s))
                    .forEach(suites::add);
            tls.setIncludeCipherSuites(suites.toArray(new String[0]));
            tls.setExcludeCipherSuites();
        }
        if (settings.clientCaFile() != null) {
            tls.setTrustStore(PemKeyStore.trustStore(settings.clientCaFile(), "tls_client_ca_file"));
        }
        // vault-compat: by default a client certificate is requested but not required (tls_disable_client_certs =
        // false, tls_require_and_verify_client_cert = false)
        if (settings.requireClientCert()) {
            tls.setNeedClientAuth(true);
        } else if (!settings.disableClientCerts()) {
            tls.setWantClientAuth(true);
        }
        tlsFactories.add(tls);
        tlsSettings.add(settings);
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
