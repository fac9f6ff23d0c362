package io.strongroom.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.lifecycle.Lifecycle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler: routes {@code /v1/...} paths to {@link SysRoutes}, reads bounded bodies, writes JSON and
 * sends every failure through {@link ErrorMapper}. Blocking is fine here: Jetty runs it on its thread pool.
 *
 * <p>Logging: one DEBUG line per request with method, path, status and duration. Never the query (it could
 * hold anything), headers (tokens) or bodies (key shares).
 */
final class ApiHandler extends Handler.Abstract {

    /** vault-compat: Vault's default {@code max_request_size}, 32 MiB. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

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

    ApiHandler(Lifecycle lifecycle, Clock clock) {
        this.clock = clock;
        SysRoutes sys = new SysRoutes(lifecycle);
        routes.put("/v1/sys/init", new Route(Set.of("GET", "PUT", "POST"), sys::init));
        routes.put("/v1/sys/seal-status", new Route(Set.of("GET"), sys::sealStatus));
        routes.put("/v1/sys/unseal", new Route(Set.of("PUT", "POST"), sys::unseal));
        routes.put("/v1/sys/seal", new Route(Set.of("PUT", "POST"), sys::seal));
        routes.put("/v1/sys/health", new Route(Set.of("GET", "HEAD"), sys::health));
        routes.put("/v1/sys/leader", new Route(Set.of("GET"), sys::leader));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = clock.millis();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = Request.getPathInContext(request);
        ApiResponse answer;
        try {
            answer = dispatch(request, method, path);
        } catch (Throwable t) {
            answer = errors.map(t);
        }
        write(response, callback, answer, "HEAD".equals(method));
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", method, path, answer.status(), clock.millis() - start);
        }
        return true;
    }

    private ApiResponse dispatch(Request request, String method, String path) throws Exception {
        Route route = routes.get(path);
        if (route == null) {
            // vault-compat: unknown paths are a 404 with an empty error list
            return new ApiResponse(404, new Wire.ErrorBody(null));
        }
        if (!route.methods().contains(method)) {
            return new ApiResponse(405, new Wire.ErrorBody(null));
        }
        ApiRequest apiRequest = new ApiRequest(method, path, query(request), readBody(request), token(request));
        return route.endpoint().handle(apiRequest);
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

    private static byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw new RequestTooLargeException();
        }
        // The declared length may be absent (chunked) or wrong, so the limit is enforced while reading too.
        try (InputStream in = Content.Source.asInputStream(request)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new RequestTooLargeException();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private void write(Response response, Callback callback, ApiResponse answer, boolean head) {
        response.setStatus(answer.status());
        // Answers hold key shares and tokens: no cache may keep them (vault-compat: Vault sends no-store too).
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // vault-compat: Vault labels every answer JSON, even a 204 without a body; clients such as
        // vault-java-driver refuse a sys/seal answer without it
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (answer.body() == null) {
            callback.succeeded();
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
            callback.succeeded();
            return;
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
