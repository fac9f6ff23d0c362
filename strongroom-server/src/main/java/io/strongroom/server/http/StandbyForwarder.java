package io.strongroom.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a standby answers what only the active node may answer (vault-compat: {@code http/handler.go}
 * {@code handleRequestForwarding} and {@code respondStandby}, ha-postgres spec 4):
 * <ul>
 *   <li>by default the request is <b>forwarded</b> to the active node's {@code api_addr} over HTTP(S), and the
 *       client gets the active node's status, content type and body (Vault forwards over its gRPC cluster port; the
 *       client sees the same thing);</li>
 *   <li>with {@code X-Vault-No-Request-Forwarding} set, or when forwarding fails, or when the request was already
 *       forwarded once (the leader moved meanwhile), it answers <b>307</b> with {@code Location} = the active's
 *       {@code api_addr} scheme and host plus the original path and query;</li>
 *   <li>no active node known: 500 {@code local node not active but active cluster node not found} when forwarding,
 *       503 {@code no active Vault instance found} when redirecting.</li>
 * </ul>
 * Thread-safe.
 */
public final class StandbyForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyForwarder.class);
    /** Marks a forwarded request, so that a node that is no longer active redirects instead of forwarding again. */
    static final String FORWARDED = "X-Strongroom-Forwarded";
    // java.net.http sets these itself (or refuses them), and hop-by-hop headers must not travel on
    private static final Set<String> NOT_COPIED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "keep-alive", "te", "trailer", "transfer-encoding", "proxy-authorization", "proxy-connection",
            "http2-settings", FORWARDED.toLowerCase(Locale.ROOT));

    /** What the forwarder needs to know about the cluster. */
    public interface Cluster {
        /** True when this node is unsealed, HA is on, and it is not the active node. */
        boolean isStandby();

        /**
         * The active node's {@code api_addr}, if one is known.
         *
         * @throws RuntimeException when the storage cannot be asked
         */
        Optional<String> activeApiAddr();

        /**
         * How many times this node lost leadership it had not given up (lease ran out, lock taken), counting a
         * loss it has not acted on yet; it only grows. Without HA, or for a node never active, 0.
         */
        default long leadershipLosses() {
            return 0;
        }

        /**
         * What a client connection opening now is tagged with: {@link #leadershipLosses()} without a loss not noticed
         * yet, so that a connection accepted while this node still believes itself active after its lease ran out
         * (the kernel may have accepted it during a pause) counts as opened before that loss.
         */
        default long leadershipLossesNoticed() {
            return leadershipLosses();
        }
    }

    /**
     * The {@link Cluster#leadershipLosses()} count when each open client connection was opened. A request on a
     * connection opened before this node last lost leadership may have reached it while it was active and waited,
     * unread, in the socket's buffer while the node was paused past its lease (its client long gave up): forwarded
     * now, the new active node would execute it late, after writes acknowledged since, and no fence would stop it
     * (the new active's lease is valid). Such a request gets a 503 and the connection is closed; a fresh connection
     * (the client's retry) is forwarded as usual.
     */
    private final Map<Connection, Long> openedAt = new ConcurrentHashMap<>();
    private final Connection.Listener tagger = new Connection.Listener() {
        @Override
        public void onOpened(Connection connection) {
            openedAt.put(connection, cluster.leadershipLossesNoticed());
        }

        @Override
        public void onClosed(Connection connection) {
            openedAt.remove(connection);
        }
    };

    static final String REFUSED_AFTER_LOSS = "this node lost leadership while the request waited on it; the request"
            + " was not executed, retry it";
    private final Cluster cluster;
    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout the longest a forwarded request may take (the active node's own answer time included) */
    public StandbyForwarder(Cluster cluster, Duration timeout) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean isStandby() {
        return cluster.isStandby();
    }

    /** Added to every connector: tags each client connection as it opens (see {@link #openedAt}). */
    Connection.Listener connectionTagger() {
        return tagger;
    }

    /** True when the request's connection was opened before this node last lost leadership it had not given up. */
    private boolean predatesLeadershipLoss(Request jetty) {
        Long tag = openedAt.get(jetty.getConnectionMetaData().getConnection());
        return tag != null && tag != cluster.leadershipLosses();
    }

    /** Forwards or redirects one request that this standby cannot answer. */
    ApiResponse pass(ApiRequest r, Request jetty) {
        boolean redirectOnly = nonEmpty(jetty.getHeaders().get("X-Vault-No-Request-Forwarding"))
                || nonEmpty(jetty.getHeaders().get("X-Vault-Internal-No-Request-Forwarding"))
                || nonEmpty(jetty.getHeaders().get(FORWARDED));
        Optional<String> active;
        try {
            active = cluster.activeApiAddr();
        } catch (RuntimeException e) {
            LOG.warn("core: cannot look up the active node: {}", e.getMessage());
            return ErrorMapper.error(500, "error checking leader: " + e.getMessage());
        }
        if (predatesLeadershipLoss(jetty)) {
            // not forwarded, not redirected: this node cannot tell when the request arrived (see openedAt)
            LOG.info("core: a request on a connection opened before this node lost leadership is refused, not passed"
                    + " on (it may have waited through a pause); the client can retry on a new connection");
            // vault-compat: the {"errors":[...]} shape; Connection: close so that the client's next request comes on
            // a fresh connection, which is forwarded as usual
            byte[] body = ("{\"errors\":[\"" + REFUSED_AFTER_LOSS + "\"]}").getBytes(StandardCharsets.UTF_8);
            return new ApiResponse(503, new ApiResponse.Page("application/json", body, Map.of("Connection", "close")));
        }
        if (active.isEmpty() || active.get().isEmpty()) {
            return redirectOnly ? ErrorMapper.error(503, "no active Vault instance found")
                    : ErrorMapper.error(500, "local node not active but active cluster node not found");
        }
        String rawQuery = jetty.getHttpURI().getQuery();
        String target = base(active.get()) + r.path() + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        if (redirectOnly) {
            return new ApiResponse(307, new ApiResponse.Redirect(target));
        }
        try {
            return forward(r, jetty, target);
        } catch (IOException | IllegalArgumentException e) {
            // vault-compat: any forwarding error falls back to a redirect
            LOG.debug("core: forwarding to the active node failed, redirecting: {}", e.toString());
            return new ApiResponse(307, new ApiResponse.Redirect(target));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiResponse(307, new ApiResponse.Redirect(target));
        }
    }

    private ApiResponse forward(ApiRequest r, Request jetty, String target) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(timeout);
        for (HttpField f : jetty.getHeaders()) {
            if (!NOT_COPIED.contains(f.getLowerCaseName())) {
                b.header(f.getName(), f.getValue());
            }
        }
        b.header(FORWARDED, "1");
        byte[] body = r.body() == null ? new byte[0] : r.body().clone(); // the route's copy is zeroed after it returns
        b.method(r.method(), body.length == 0 && !"PUT".equals(r.method()) && !"POST".equals(r.method())
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        java.util.Arrays.fill(body, (byte) 0);
        Optional<String> location = resp.headers().firstValue("Location");
        if (resp.statusCode() / 100 == 3 && location.isPresent()) {
            return new ApiResponse(resp.statusCode(), new ApiResponse.Redirect(location.get()));
        }
        String type = resp.headers().firstValue("Content-Type").orElse("application/json");
        return new ApiResponse(resp.statusCode(), new ApiResponse.Raw(type, resp.body()));
    }

    /** The scheme and authority of an {@code api_addr} (vault-compat: https when it names no scheme). */
    static String base(String apiAddr) {
        String a = apiAddr.contains("://") ? apiAddr : "https://" + apiAddr;
        URI u = URI.create(a);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
