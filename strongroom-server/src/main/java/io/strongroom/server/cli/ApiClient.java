package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A minimal client of the Vault HTTP API for the CLI. The token goes in {@code X-Vault-Token} and is never
 * printed; errors become {@link ApiErrorException} (the server answered) or {@link ConnectionFailedException}
 * (it could not be reached).
 *
 * <p>Logical paths ({@code secret/data/app}) are given without {@code /v1/}; {@link #get(String)} and
 * {@link #put(String, Object)} take the full URL path as before.
 *
 * <p>Two transports, for the CLI's start-up time: a plain {@code http://} address is served by
 * {@link HttpURLConnection}, which starts in a few milliseconds; {@code https://}, and {@code PATCH} (which
 * HttpURLConnection refuses), by the JDK's {@link HttpClient}, whose start (a selector thread, the default TLS
 * context with the trust store) cost about half a CLI command's wall time (docs/benchmarks.md). Both send the same
 * headers and body, follow no redirect, use no proxy, and bound the connection to 10 s and the request to 60 s.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer: the status and the parsed body (null when empty or not JSON). */
    record Reply(int status, JsonNode body) {

        /** True for a body that carries data or warnings (Vault's client keeps such 404 answers). */
        boolean hasDataOrWarnings() {
            return body != null && ((body.hasNonNull("data") && body.get("data").size() > 0)
                    || (body.hasNonNull("warnings") && body.get("warnings").size() > 0));
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String address;
    private final String token;
    private final ClientTls tls;
    private final boolean plainHttp;
    /** Built on first use: most commands over plain HTTP never need it. */
    private HttpClient http;

    ApiClient(String address, String token) {
        this(address, token, null);
    }

    /** @param tls the TLS settings, or null for the JDK's defaults */
    ApiClient(String address, String token, ClientTls tls) {
        this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.token = token;
        this.tls = tls;
        this.plainHttp = this.address.regionMatches(true, 0, "http://", 0, 7);
        if (!plainHttp && tls != null) {
            tls.context(); // a broken CA or client certificate file is a usage error before any request
        }
    }

    private HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT);
            if (tls != null && !plainHttp) {
                builder.sslContext(tls.context()).sslParameters(tls.parameters());
            }
            http = builder.build();
        }
        return http;
    }

    String address() {
        return address;
    }

    /** The token this client sends, or null; for {@code login} and {@code token lookup}, never printed. */
    String token() {
        return token;
    }

    /** A client for the same server with another token. */
    ApiClient withToken(String otherToken) {
        return new ApiClient(address, otherToken, tls);
    }

    /** GET of a full URL path; the parsed body. */
    JsonNode get(String urlPath) {
        return send("GET", urlPath, null, null).body();
    }

    /** PUT with a JSON body to a full URL path; the parsed body, or null for 204. */
    JsonNode put(String urlPath, Object body) {
        return send("PUT", urlPath, body, null).body();
    }

    /**
     * vault-compat: the Go client's {@code Logical().Read}: a 404 without data or warnings is "nothing" (null);
     * a 404 that carries data (a deleted KV v2 version) or warnings is returned; other errors throw.
     */
    JsonNode read(String logicalPath, Map<String, String> query) {
        return nothingOn404(logicalPath, query, call("GET", logicalPath, query, null, null));
    }

    /** vault-compat: lists are sent as {@code GET ?list=true}, as the Go client does; null when nothing. */
    JsonNode list(String logicalPath) {
        Map<String, String> query = Map.of("list", "true");
        return nothingOn404(logicalPath, query, call("GET", logicalPath, query, null, null));
    }

    /** A write (PUT, POST, DELETE, PATCH) of a logical path; the body, or null for 204. */
    JsonNode write(String method, String logicalPath, Object body) {
        Reply reply = call(method, logicalPath, null, body,
                method.equals("PATCH") ? "application/merge-patch+json" : null);
        if (reply.status() >= 400) {
            throw error(method, logicalPath, reply);
        }
        return reply.body();
    }

    /** The raw exchange: never throws for an error status (callers that branch on 403/404/405 use it). */
    Reply call(String method, String logicalPath, Map<String, String> query, Object body, String contentType) {
        return exchange(method, urlPath(logicalPath, query), body, contentType);
    }

    /** The error for an answer of {@link #call}: Vault's "Error making API request" block. */
    ApiErrorException error(String method, String logicalPath, Reply reply) {
        return error(method, logicalPath, null, reply);
    }

    private ApiErrorException error(String method, String logicalPath, Map<String, String> query, Reply reply) {
        return new ApiErrorException(method, address + urlPath(logicalPath, query), reply.status(),
                errors(reply.body()));
    }

    private static String urlPath(String logicalPath, Map<String, String> query) {
        String urlPath = "/v1/" + encodePath(logicalPath);
        if (query != null && !query.isEmpty()) {
            StringJoiner q = new StringJoiner("&", "?", "");
            new java.util.TreeMap<>(query).forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            urlPath += q;
        }
        return urlPath;
    }

    private JsonNode nothingOn404(String logicalPath, Map<String, String> query, Reply reply) {
        if (reply.status() == 404 && !reply.hasDataOrWarnings()) {
            return null;
        }
        if (reply.status() >= 400 && reply.status() != 404) {
            throw error("GET", logicalPath, query, reply);
        }
        return reply.body();
    }

    private Reply send(String method, String urlPath, Object body, String contentType) {
        Reply reply = exchange(method, urlPath, body, contentType);
        if (reply.status() >= 400) {
            throw new ApiErrorException(method, address + urlPath, reply.status(), errors(reply.body()));
        }
        return reply;
    }

    private Reply exchange(String method, String urlPath, Object body, String contentType) {
        if (plainHttp && !method.equals("PATCH")) {
            return exchangePlain(method, urlPath, body, contentType);
        }
        String url = address + urlPath;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid address \"" + address + "\": " + e.getMessage(), e);
        }
        try {
            byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
            request.header("Content-Type", contentType != null ? contentType : "application/json");
            // vault-compat: the Go client marks every request (spec 1.2); servers ignore it
            request.header("X-Vault-Request", "true");
            if (token != null) {
                request.header("X-Vault-Token", token);
            }
            HttpResponse<byte[]> response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : parse(response.body());
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw new ConnectionFailedException(method, url, address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(method, url, address, e);
        }
    }

    /** {@link #exchange} over {@link HttpURLConnection}, for plain {@code http://} addresses. */
    private Reply exchangePlain(String method, String urlPath, Object body, String contentType) {
        String url = address + urlPath;
        HttpURLConnection c;
        try {
            // no proxy, as the HttpClient transport (and the Go client for 127.0.0.1)
            c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid address \"" + address + "\": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectionFailedException(method, url, address, e);
        }
        try {
            c.setRequestMethod(method);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            c.setRequestProperty("Content-Type", contentType != null ? contentType : "application/json");
            // vault-compat: the Go client marks every request (spec 1.2); servers ignore it
            c.setRequestProperty("X-Vault-Request", "true");
            if (token != null) {
                c.setRequestProperty("X-Vault-Token", token);
            }
            byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
            if (bytes != null || method.equals("PUT") || method.equals("POST")) {
                byte[] out = bytes == null ? new byte[0] : bytes;
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(out.length);
                try (java.io.OutputStream os = c.getOutputStream()) {
                    os.write(out);
                }
            }
            int status = c.getResponseCode();
            byte[] answer;
            try (java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            return new Reply(status, answer.length == 0 ? null : parse(answer));
        } catch (IOException e) {
            throw new ConnectionFailedException(method, url, address, e);
        } finally {
            c.disconnect();
        }
    }

    /** Percent-encodes each segment of a logical path, keeping the slashes. */
    static String encodePath(String logicalPath) {
        StringBuilder sb = new StringBuilder();
        String[] segments = logicalPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            // A proxy or another server answered; the status still tells the story.
            return null;
        }
    }

    static List<String> errors(JsonNode json) {
        List<String> errors = new ArrayList<>();
        if (json != null && json.get("errors") != null) {
            json.get("errors").forEach(e -> errors.add(e.asText()));
        }
        return errors;
    }
}
