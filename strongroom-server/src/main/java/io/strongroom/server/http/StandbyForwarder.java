package io.strongroom.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
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
    }

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
