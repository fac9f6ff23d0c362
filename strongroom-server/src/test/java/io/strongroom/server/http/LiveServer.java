package io.strongroom.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.server.StrongroomServer;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@link StrongroomServer} in this JVM, set up as {@code server -dev} does: in-memory storage, a 1-of-1
 * shamir init, unsealed, KV v2 at {@code secret/}; and a JDK HTTP client pointed at it. Meant to be shared by the
 * tests of one class (each test uses its own paths).
 */
final class LiveServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final StrongroomServer server;
    final String address;
    final String rootToken;
    /** The one unseal key share of the 1-of-1 init. */
    final byte[] unsealKey;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: status, body text, headers. */
    record Reply(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The single error string of a {@code {"errors":[...]}} body. */
        String error() {
            JsonNode errors = json().get("errors");
            if (errors == null || errors.size() != 1) {
                throw new AssertionError("not one error: " + body);
            }
            return errors.get(0).asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private LiveServer(StrongroomServer server) {
        this.server = server;
        this.address = "http://127.0.0.1:" + server.port(0);
        InitResult init = server.lifecycle().initialize(new InitRequest(1, 1, null, null, null, null, null));
        server.lifecycle().submitKeyShare(init.keys().get(0));
        this.rootToken = init.rootToken();
        this.unsealKey = init.keys().get(0);
        server.dataPlane().mounts().enable("secret/", "kv", "key/value secret storage", Map.of("version", "2"), 0, 0);
    }

    static LiveServer start() {
        ServerConfig config = new ServerConfig(Optional.of(new StorageConfig.Inmem()), List.of(), List.of(), null,
                null, null, null, null, null, null, null, false, null, List.of());
        return new LiveServer(StrongroomServer.start(config, Map.of(),
                List.of(ListenerSettings.plain("127.0.0.1:0"))));
    }

    /**
     * @param body null for none
     * @param headers extra header name/value pairs
     */
    Reply send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** Writes an ACL policy with the root token. */
    void policy(String name, String hcl) {
        Reply r = post("sys/policies/acl/" + name, rootToken, json(Map.of("policy", hcl)));
        if (r.status() != 204) {
            throw new AssertionError("policy " + name + ": " + r);
        }
    }

    /** Creates a token as {@code parent} at {@code auth/token/<path>} with the given body; returns the token. */
    String token(String parent, String path, Map<String, Object> body) {
        Reply r = post("auth/token/" + path, parent, json(body));
        if (r.status() != 200) {
            throw new AssertionError("token create: " + r);
        }
        return r.json().path("auth").path("client_token").asText();
    }

    /** A child of the root token with these policies. */
    String token(String... policies) {
        return token(rootToken, "create", Map.of("policies", List.of(policies)));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
