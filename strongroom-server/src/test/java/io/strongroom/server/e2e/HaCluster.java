package io.strongroom.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.PostgresCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * N real Strongroom server processes on one PostgreSQL database with {@code ha_enabled}, sealed by awskms on a moto
 * key. Node i listens on its own free port and advertises it as {@code api_addr}. Closing stops every node.
 */
final class HaCluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Path dir;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Path> configs = new ArrayList<>();
    private final List<URI> addresses = new ArrayList<>();
    private String rootToken;

    /** Writes the configs and starts {@code n} nodes (not initialized). */
    HaCluster(Path dir, PostgresCluster pg, String database, String kmsEndpoint, String keyAlias, int n)
            throws IOException {
        this.dir = dir;
        for (int i = 0; i < n; i++) {
            int port = FreePorts.pick();
            URI address = URI.create("http://127.0.0.1:" + port);
            Path config = dir.resolve("node" + i + ".hcl");
            Files.writeString(config, """
                    storage "postgresql" {
                      connection_url = "postgres://postgres@127.0.0.1:%d/%s?sslmode=disable"
                      ha_enabled     = "true"
                      max_parallel   = "16"
                    }
                    listener "tcp" {
                      address     = "127.0.0.1:%d"
                      tls_disable = true
                    }
                    seal "awskms" {
                      region     = "us-east-1"
                      access_key = "AKIDHATEST"
                      secret_key = "ha-secret-never-logged"
                      kms_key_id = "%s"
                      endpoint   = "%s"
                    }
                    api_addr = "%s"
                    """.formatted(pg.port(), database, port, keyAlias, kmsEndpoint, address));
            configs.add(config);
            addresses.add(address);
            nodes.add(null);
            startNode(i);
        }
    }

    void startNode(int i) throws IOException {
        nodes.set(i, ServerProcess.start(configs.get(i), dir.resolve("node" + i + ".log"), addresses.get(i), Map.of()));
    }

    ServerProcess node(int i) {
        return nodes.get(i);
    }

    URI address(int i) {
        return addresses.get(i);
    }

    int size() {
        return nodes.size();
    }

    String rootToken() {
        return rootToken;
    }

    /** Initializes through node {@code i} (recovery 1 of 1) and keeps the root token. */
    void init(int i) throws Exception {
        Reply r = send(i, "PUT", "/v1/sys/init", "{\"recovery_shares\":1,\"recovery_threshold\":1}", Map.of());
        if (r.status() != 200) {
            throw new AssertionError("init failed: " + r);
        }
        rootToken = JSON.readTree(r.body()).get("root_token").asText();
    }

    /** Waits until exactly one node answers health 200 and all others that are alive 429; returns its index. */
    int awaitActive(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            int active = -1;
            int actives = 0;
            int standbys = 0;
            int alive = 0;
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i) == null || !nodes.get(i).isAlive()) {
                    continue;
                }
                alive++;
                int h = nodes.get(i).health();
                seen.append(i).append('=').append(h).append(' ');
                if (h == 200) {
                    actives++;
                    active = i;
                } else if (h == 429) {
                    standbys++;
                }
            }
            last = seen.toString();
            if (actives == 1 && actives + standbys == alive) {
                return active;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no single active node within " + max + "; health " + last + "\n" + logs());
    }

    /** Health codes of every live node right now (-1 for dead ones). */
    int[] healthAll() {
        int[] out = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            ServerProcess p = nodes.get(i);
            out[i] = p == null || !p.isAlive() ? -1 : p.health();
        }
        return out;
    }

    record Reply(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    Reply send(int node, String method, String path, String body, Map<String, String> headers) throws Exception {
        return send(addresses.get(node), method, path, body, headers, Duration.ofSeconds(10));
    }

    Reply send(URI base, String method, String path, String body, Map<String, String> headers, Duration timeout)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (rootToken != null && !headers.containsKey("X-Vault-Token")) {
            b.header("X-Vault-Token", rootToken);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r.headers().map());
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                String log = nodes.get(i) == null ? "" : nodes.get(i).log();
                sb.append("---- node ").append(i).append(" ----\n")
                        .append(log.length() > 4000 ? log.substring(log.length() - 4000) : log).append('\n');
            } catch (IOException e) {
                sb.append("(no log) ");
            }
        }
        return sb.toString();
    }

    /** SIGSTOP or SIGCONT to a node (the JVM itself: ServerProcess runs java directly). */
    void signal(int i, String sig) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(nodes.get(i).pid())).start();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kill -" + sig + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        for (ServerProcess p : nodes) {
            if (p != null) {
                signalQuietly(p, "CONT");
                p.close();
            }
        }
    }

    private static void signalQuietly(ServerProcess p, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor(5,
                    java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
    }
}
