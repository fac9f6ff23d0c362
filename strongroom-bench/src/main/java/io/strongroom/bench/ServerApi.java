package io.strongroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The set-up calls the HTTP benchmarks make against a server process before they measure: waiting for health,
 * init, a KV v2 mount and a token with a KV policy. Not on any measured path.
 */
final class ServerApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerApi() {}

    /** The root token and a service token with create, read and update on {@code secret/data/bench/*}. */
    record Tokens(String root, String bench) {}

    /**
     * Initializes an awskms server (1 recovery share), waits until it is unsealed, mounts KV v2 at
     * {@code secret/} and makes the bench token: a child of root with a policy, so every KV request pays the ACL.
     */
    static Tokens initForKv(URI addr, Process server) throws Exception {
        awaitHealth(addr, 501, server);
        String root = call(addr, "PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", null, 200)
                .get("root_token").asText();
        awaitHealth(addr, 200, server);
        call(addr, "POST", "/v1/sys/mounts/secret", "{\"type\":\"kv-v2\"}", root, 204);
        call(addr, "PUT", "/v1/sys/policy/bench", JSON.writeValueAsString(Map.of("policy",
                "path \"secret/data/bench/*\" { capabilities = [\"create\", \"read\", \"update\"] }")), root, 204);
        String token = call(addr, "POST", "/v1/auth/token/create", "{\"policies\":[\"bench\"],\"ttl\":\"2h\"}", root,
                200).get("auth").get("client_token").asText();
        return new Tokens(root, token);
    }

    static void expect(int got, int want, String what) {
        if (got != want) {
            throw new IllegalStateException(what + ": status " + got + ", expected " + want);
        }
    }

    /** One API call that must answer {@code want}; its JSON body (an empty object when there is none). */
    static JsonNode call(URI addr, String method, String path, String body, String token, int want)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(addr.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != want) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    /** Waits up to 90 s for {@code sys/health} to answer {@code code}; fails at once if the server exits. */
    static void awaitHealth(URI addr, int code, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited with " + p.exitValue());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(addr.resolve("/v1/sys/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == code) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no health " + code + " within 90 s");
    }
}
