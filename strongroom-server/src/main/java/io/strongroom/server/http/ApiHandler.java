package io.strongroom.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.lifecycle.Lifecycle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import io.strongroom.server.config.ListenerLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler: routes {@code /v1/...} paths to {@link SysRoutes}, reads bounded bodies ({@link BodyReader}),
 * writes JSON and sends every failure through {@link ErrorMapper}. Routes may block: they run on Jetty's pool
 * threads. Reading a body does not: no thread waits for a slow client.
 *
 * <p>Logging: one DEBUG line per request with method, path, status and duration, and the reason when the body
 * never arrived. Never the query (it could hold anything), headers (tokens) or bodies (key shares).
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    /** One route: the methods it accepts and what answers them. */
    private record Route(Set<String> methods, Endpoint endpoint) {}

    @FunctionalInterface
    private interface Endpoint {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    private final Map<String, Route> routes = new HashMap<>();
    private final ErrorMapper errors = new ErrorMapper();
    private final ObjectMapper json = Json.mapper();
    private final Clock clock;
    private final RequestLimits limits;
    private final BodyBudget budget;
    private final Route logical; // every other /v1/ path, or null when there is no data plane (seal-only tests)
    private final MetricsRoute metrics;
    private final Set<String> unauthenticatedMetrics;
    private final StandbyForwarder standby; // null without HA
    /** vault-compat: the paths a standby answers itself (http/handler.go); everything else goes to the active. */
    private static final Set<String> STANDBY_LOCAL = Set.of("/v1/sys/init", "/v1/sys/seal-status", "/v1/sys/unseal",
            "/v1/sys/seal", "/v1/sys/health", "/v1/sys/leader", MetricsRoute.PATH);
    private final UiRoute ui; // the web UI's static files, or null when the UI is off
    private final Map<String, ListenerLimits> perListener;
    private final ListenerLimits unlistedLimits; // a connector not in perListener: Vault's times, our body size

    /**
     * @param logical the translator for every {@code /v1/} path that is not a seal route, or null
     */
    ApiHandler(Lifecycle lifecycle, Clock clock, RequestLimits limits, LogicalRoutes logical) {
        this(lifecycle, clock, limits, logical, new MetricsRoute(
                io.strongroom.server.metrics.ServerMetrics.defaults(), logical == null ? null : logical.pipeline()),
                Set.of(), Map.of(), null);
    }

    /**
     * @param metrics answers {@code GET /v1/sys/metrics} and records every request
     * @param unauthenticatedMetrics names of the connectors ({@code listener-N}) that serve metrics without a token
     * @param perListener the limits of each connector by name; a connector not in it gets {@code limits}' body size
     *     and Vault's default times
     * @param ui the web UI's files for every path outside {@code /v1/}, or null when the UI is off
     */
    ApiHandler(Lifecycle lifecycle, Clock clock, RequestLimits limits, LogicalRoutes logical, MetricsRoute metrics,
            Set<String> unauthenticatedMetrics, Map<String, ListenerLimits> perListener, UiRoute ui) {
        this(lifecycle, clock, limits, logical, metrics, unauthenticatedMetrics, perListener, ui, null);
    }

    /**
     * @param standby forwards or redirects a standby's requests to the active node; null without HA
     */
    ApiHandler(Lifecycle lifecycle, Clock clock, RequestLimits limits, LogicalRoutes logical, MetricsRoute metrics,
            Set<String> unauthenticatedMetrics, Map<String, ListenerLimits> perListener, UiRoute ui,
            StandbyForwarder standby) {
        this.standby = standby;
        this.ui = ui;
        this.metrics = metrics;
        this.unauthenticatedMetrics = Set.copyOf(unauthenticatedMetrics);
        this.perListener = Map.copyOf(perListener);
        this.unlistedLimits = ListenerLimits.DEFAULTS.withMaxRequestSize(limits.maxRequestBytes());
        this.clock = clock;
        this.logical = logical == null ? null : new Route(Set.of(), logical::handle);
        this.limits = limits;
        this.budget = new BodyBudget(limits.bodyBudgetBytes());
        SysRoutes sys = new SysRoutes(lifecycle, logical == null ? null : logical.pipeline());
        routes.put("/v1/sys/init", new Route(Set.of("GET", "PUT", "POST"), sys::init));
        routes.put("/v1/sys/seal-status", new Route(Set.of("GET"), sys::sealStatus));
        routes.put("/v1/sys/unseal", new Route(Set.of("PUT", "POST"), sys::unseal));
        routes.put("/v1/sys/seal", new Route(Set.of("PUT", "POST"), sys::seal));
        routes.put("/v1/sys/health", new Route(Set.of("GET", "HEAD"), sys::health));
        routes.put("/v1/sys/leader", new Route(Set.of("GET"), sys::leader));
        // issue 9: generate-root, rekey (root key, recovery key), seal-backend-status; none in test fakes
        if (lifecycle.keyAdmin() != null) {
            String sealType = lifecycle.sealHealth() == null ? "shamir" : lifecycle.sealHealth().status().sealType();
            new KeyRoutes(lifecycle.keyAdmin(), lifecycle.sealHealth(), sealType).register(
                    (path, methods, endpoint) -> routes.put(path, new Route(Set.copyOf(methods), endpoint::handle)));
        }
    }

    /** The memory budget of bodies in transit, for tests and diagnostics. */
    BodyBudget bodyBudget() {
        return budget;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ListenerLimits listener = perListener.getOrDefault(
                String.valueOf(request.getConnectionMetaData().getConnector().getName()), unlistedLimits);
        Exchange exchange = new Exchange(request, response, callback, clock.millis());
        exchange.deadline(listener.maxRequestDuration(), ApiHandler::requestExpired);
        try {
            if (hasPathParameters(request)) {
                // vault-compat: no route of Vault's matches "sys/health;x=1" either; see the package notes
                exchange.finish(new ApiResponse(404, new Wire.ErrorBody(null)), null);
                return true;
            }
            if (ui != null && !exchange.path.startsWith("/v1/")) {
                // the UI's files: no body, no token, never a /v1/ path (the UI is a client of the API like any other)
                exchange.finish(ui.handle(exchange.method, exchange.path), null);
                return true;
            }
            Route known = routes.get(exchange.path);
            if (MetricsRoute.PATH.equals(exchange.path)) {
                // per listener: telemetry { unauthenticated_metrics_access } of the listener it arrived on
                boolean open = unauthenticatedMetrics.contains(String.valueOf(
                        request.getConnectionMetaData().getConnector().getName()));
                known = new Route(Set.of("GET"), r -> metrics.handle(r, open));
            }
            Route chosen = known == null && logical != null && exchange.path.startsWith("/v1/") ? logical : known;
            if (chosen != null && standby != null && !STANDBY_LOCAL.contains(exchange.path) && standby.isStandby()) {
                chosen = new Route(Set.of(), r -> standby.pass(r, request)); // HA: the active node answers
            }
            Route route = chosen;
            if (route == null) {
                // vault-compat: unknown paths are a 404 with an empty error list
                exchange.finish(new ApiResponse(404, new Wire.ErrorBody(null)), null);
                return true;
            }
            if (route != logical && !route.methods().isEmpty() && !route.methods().contains(exchange.method)) {
                exchange.finish(new ApiResponse(405, new Wire.ErrorBody(null)), null);
                return true;
            }
            if (!"PUT".equals(exchange.method) && !"POST".equals(exchange.method) && !"PATCH".equals(exchange.method)) {
                // GET and HEAD routes take no body (Vault ignores one): nothing to read, nothing to reserve
                exchange.dispatch(route, BodyReader.ReceivedBody.EMPTY);
                return true;
            }
            // the listener's max_request_size (negative: none of its own), within the server-wide cap
            long maxBytes = Math.min(listener.maxRequestSize() < 0 ? Long.MAX_VALUE : listener.maxRequestSize(),
                    limits.maxRequestBytes());
            BodyReader reader = new BodyReader(request, maxBytes, budget, body -> exchange.dispatch(route, body),
                    exchange::fail);
            // a deadline answering first must release the body's reservation now: Jetty may never call the read
            // loop again for a connection it closes, and the reserved bytes would stay taken for good
            exchange.bodyDeadline(listener.readTimeout(), reader::abort);
            reader.start();
        } catch (Throwable t) {
            exchange.fail(t);
        }
        return true;
    }

    /**
     * True when the path has a {@code ;} parameter, raw or percent-encoded. Jetty strips path parameters before
     * routing ({@code /v1/sys/health;x=1} would be served as {@code /v1/sys/health}); Vault's router sees the
     * whole segment and matches nothing, and a path that means something else to a proxy in front must not be
     * served as a known route.
     */
    static boolean hasPathParameters(Request request) {
        String raw = request.getHttpURI().getPath();
        if (raw == null) {
            return false;
        }
        return raw.indexOf(';') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%3b");
    }

    /**
     * vault-compat: Vault's request context expires after {@code max_request_duration} and the error reaches the
     * client; the operation may still complete, here as there.
     */
    private static ApiResponse requestExpired(Duration limit) {
        return ErrorMapper.error(503, "context deadline exceeded: the request took longer than max_request_duration ("
                + limit.toSeconds() + "s); it may still complete");
    }

    /**
     * One request in progress: answered exactly once, by {@link #finish}, whichever comes first of the route's
     * answer, a failure, or a deadline (the timers run on Jetty's scheduler, the route on a pool thread).
     */
    private final class Exchange {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long start;
        private final long startNanos = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicBoolean answered =
                new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.List<Scheduler.Task> timers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean bodyReceived;
        final String method;
        final String path;

        Exchange(Request request, Response response, Callback callback, long start) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.start = start;
            this.method = request.getMethod().toUpperCase(Locale.ROOT);
            this.path = Request.getPathInContext(request);
        }

        /** Answers with {@code expired} if nothing else has answered within {@code limit}. */
        void deadline(Duration limit, java.util.function.Function<Duration, ApiResponse> expired) {
            timers.add(request.getComponents().getScheduler().schedule(
                    () -> finish(expired.apply(limit), null), limit.toMillis(), TimeUnit.MILLISECONDS));
        }

        /**
         * vault-compat: {@code http_read_timeout}: the body must arrive within {@code limit}, or 408 (Go closes the
         * connection; the answer here also says why, and Jetty closes the connection as the body was not read).
         */
        void bodyDeadline(Duration limit, Runnable abortRead) {
            timers.add(request.getComponents().getScheduler().schedule(() -> {
                if (!bodyReceived) {
                    finish(ErrorMapper.error(408, "request body not received within http_read_timeout ("
                            + limit.toSeconds() + "s)"), null);
                    abortRead.run();
                }
            }, limit.toMillis(), TimeUnit.MILLISECONDS));
        }

        /** Runs the route with the body read, then answers; the body is zeroed and released either way. */
        void dispatch(Route route, BodyReader.ReceivedBody body) {
            bodyReceived = true;
            ApiResponse answer;
            try (body) {
                if (answered.get()) {
                    return; // a deadline answered first: the route must not run for a client that gave up on it
                }
                answer = route.endpoint().handle(
                        new ApiRequest(method, path, query(request), body.bytes(), token(request),
                                request.getHeaders().get(HttpHeader.CONTENT_TYPE), remoteAddress(request)));
            } catch (Throwable t) {
                fail(t);
                return;
            }
            finish(answer, null);
        }

        void fail(Throwable failure) {
            finish(errors.map(failure), failure);
        }

        void finish(ApiResponse answer, Throwable failure) {
            if (!answered.compareAndSet(false, true)) {
                return; // answered already (a deadline, then the route's late answer, or the reverse)
            }
            timers.forEach(Scheduler.Task::cancel);
            write(response, callback, answer, "HEAD".equals(method));
            if (path.startsWith("/v1/")) {
                metrics.metrics().request(method, answer.status(), System.nanoTime() - startNanos);
            }
            if (LOG.isDebugEnabled()) {
                if (failure instanceof BodyNotReceivedException aborted) {
                    LOG.debug("{} {} -> {} in {} ms (request body not received: {})", method, path, answer.status(),
                            clock.millis() - start, aborted.reason());
                } else {
                    LOG.debug("{} {} -> {} in {} ms", method, path, answer.status(), clock.millis() - start);
                }
            }
        }
    }

    /** The client's IP address for the audit log ({@code request.remote_address}), without the port as in Vault. */
    private static String remoteAddress(Request request) {
        java.net.SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValue() == null ? "" : field.getValue());
        }
        return query;
    }

    /** vault-compat: {@code X-Vault-Token} first, then {@code Authorization: Bearer <token>}. */
    private static String token(Request request) {
        String token = request.getHeaders().get("X-Vault-Token");
        if (token != null && !token.isEmpty()) {
            return token;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private void write(Response response, Callback callback, ApiResponse answer, boolean head) {
        response.setStatus(answer.status());
        // Answers hold key shares and tokens: no cache may keep them (vault-compat: Vault sends no-store too).
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // No page of this server may be framed (clickjacking of the UI's unseal and delete buttons), and no
        // answer is sniffed into another type: on every answer, the API's included.
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (answer.body() instanceof ApiResponse.Redirect redirect) {
            response.getHeaders().put(HttpHeader.LOCATION, redirect.location());
            endWithoutContent(response, callback);
            return;
        }
        if (answer.body() instanceof ApiResponse.Page page) {
            page.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
            if (head || page.bytes().length == 0) {
                endWithoutContent(response, callback);
            } else {
                response.write(true, ByteBuffer.wrap(page.bytes()), callback);
            }
            return;
        }
        if (answer.body() instanceof ApiResponse.Raw raw) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, raw.contentType());
            if (head) {
                endWithoutContent(response, callback);
            } else {
                response.write(true, ByteBuffer.wrap(raw.bytes()), callback);
            }
            return;
        }
        // vault-compat: Vault labels every answer JSON, even a 204 without a body; clients such as
        // vault-java-driver refuse a sys/seal answer without it
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (answer.body() == null) {
            endWithoutContent(response, callback);
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(answer.body());
        } catch (IOException e) {
            LOG.error("cannot serialize response", e);
            response.setStatus(500);
            bytes = ("{\"errors\":[\"" + ErrorMapper.INTERNAL + "\"]}").getBytes(StandardCharsets.UTF_8);
        }
        if (head) {
            // vault-compat: HEAD answers carry the status only
            endWithoutContent(response, callback);
            return;
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /**
     * Ends a response that has no content with an explicit empty last write. Completing the callback alone makes
     * Jetty do that last write itself, and when that happens inside a body-read (demand) callback, Jetty 12.1
     * can run the write's completion after the exchange is over (an AssertionError with {@code -ea}, a WARN
     * "Serialized invocation error"; found by {@code SysBodyFuzzTest}, pinned by {@code NoContentAnswerTest}).
     */
    private static void endWithoutContent(Response response, Callback callback) {
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }
}
