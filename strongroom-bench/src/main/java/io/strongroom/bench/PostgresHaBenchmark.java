package io.strongroom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.MotoServer;
import io.strongroom.testkit.PostgresCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL storage and HA, measured against baselines in the same run (these machines are shared and noisy):
 * <ol>
 *   <li><b>KV v1 throughput</b> over HTTP with 1, 8 and 32 clients on three things at once: a server process on
 *       {@code storage "postgresql"} with HA on (so every write is a fenced write), a server process on
 *       {@code storage "file"}, and <b>raw JDBC</b> statements of the same size on the same database (Vault's
 *       upsert and select, one connection per client): the floor under any PostgreSQL storage. Each round runs
 *       every phase for {@code --seconds}, in a shuffled order; the report gives median per-round throughputs and
 *       ratios.</li>
 *   <li><b>Fail-over after kill -9</b>: two HA nodes; the active is killed with SIGKILL, the time until the other
 *       node answers a KV write itself (no forwarding) is measured; the killed node is restarted and rejoins as
 *       standby; {@code --trials} times. Printed next to the lock's lease.</li>
 *   <li><b>Takeover after a clean stop</b> (SIGTERM of the active), the same way.</li>
 * </ol>
 * Args: {@code [--rounds N] [--seconds S] [--clients 1,8,32] [--trials N] [--out FILE] [--launcher PATH]}.
 */
public final class PostgresHaBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final int READ_KEYS = 64;

    private final Path dir;
    private final String launcher;
    private final PostgresCluster pg;
    private final MotoServer moto;
    private final List<Process> processes = new ArrayList<>();

    private PostgresHaBenchmark(Path dir, String launcher, PostgresCluster pg, MotoServer moto) {
        this.dir = dir;
        this.launcher = launcher;
        this.pg = pg;
        this.moto = moto;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "3"));
        int trials = Integer.parseInt(a.getOrDefault("trials", "10"));
        int[] clients = Arrays.stream(a.getOrDefault("clients", "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
        String launcher = a.getOrDefault("launcher", "./strongroom");
        Path dir = Files.createTempDirectory("strongroom-pgbench-");
        try (PostgresCluster pg = new PostgresCluster().start()) {
            PostgresHaBenchmark b = new PostgresHaBenchmark(dir, launcher, pg, MotoServer.shared());
            StringBuilder report = new StringBuilder();
            try {
                report.append(b.throughput(rounds, seconds, clients));
                report.append(b.failover(trials));
            } finally {
                b.stopAll();
            }
            System.out.println(report);
            if (a.containsKey("out")) {
                Files.writeString(Path.of(a.get("out")), report.toString());
            }
        }
    }

    // ---- servers ----

    private record Node(Process process, URI address, Path config, Path log) {
    }

    private String alias() {
        String alias = "alias/pgbench-" + System.nanoTime();
        moto.createAlias(alias, moto.createKey());
        return alias;
    }

    private Path config(String name, String storage, int port, String alias) throws IOException {
        Path c = dir.resolve(name + ".hcl");
        Files.writeString(c, storage + """

                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                seal "awskms" {
                  region     = "us-east-1"
                  access_key = "AKIDBENCH"
                  secret_key = "bench-secret"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                }
                api_addr = "http://127.0.0.1:%d"
                """.formatted(port, alias, moto.endpoint(), port));
        return c;
    }

    private String pgStorage(String db, boolean ha) {
        return """
                storage "postgresql" {
                  connection_url = "postgres://postgres@127.0.0.1:%d/%s?sslmode=disable"
                  ha_enabled     = "%s"
                  max_parallel   = "64"
                }""".formatted(pg.port(), db, ha);
    }

    private Node start(Path config, int port) throws IOException {
        Path log = dir.resolve(config.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(launcher, "server", "-config=" + config).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = pb.start();
        processes.add(p);
        return new Node(p, URI.create("http://127.0.0.1:" + port), config, log);
    }

    private void stopAll() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    private static int status(URI base, String method, String path, String token, String body, Duration timeout)
            throws Exception {
        return send(base, method, path, token, body, timeout).statusCode();
    }

    private static HttpResponse<String> send(URI base, String method, String path, String token, String body,
            Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Vault-No-Request-Forwarding", "true");
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int health(URI base) {
        try {
            return status(base, "GET", "/v1/sys/health", null, null, Duration.ofSeconds(2));
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitHealth(Node n, int code, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (health(n.address()) == code) {
                return;
            }
            if (!n.process().isAlive()) {
                throw new IllegalStateException("server exited; log " + n.log());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("health " + code + " not reached in " + max + "; log " + n.log());
    }

    /** Initializes through {@code n}, mounts kv v1 at secret/, returns the root token. */
    private static String initAndMount(Node n) throws Exception {
        HttpResponse<String> r = send(n.address(), "PUT", "/v1/sys/init", null,
                "{\"recovery_shares\":1,\"recovery_threshold\":1}", Duration.ofSeconds(60));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("init: " + r.statusCode() + " " + r.body());
        }
        String token = JSON.readTree(r.body()).get("root_token").asText();
        awaitHealth(n, 200, Duration.ofSeconds(30));
        int m = status(n.address(), "POST", "/v1/sys/mounts/secret", token, "{\"type\":\"kv\"}", Duration.ofSeconds(10));
        if (m != 204) {
            throw new IllegalStateException("mount: " + m);
        }
        return token;
    }

    // ---- part 1: throughput ----

    private String throughput(int rounds, double seconds, int[] clientCounts) throws Exception {
        pg.createDatabase("kvbench");
        pg.createDatabase("rawjdbc");
        int pgPort = FreePorts.pick();
        int filePort = FreePorts.pick();
        Node pgNode = start(config("pg", pgStorage("kvbench", true), pgPort, alias()), pgPort);
        Node fileNode = start(config("file", "storage \"file\" {\n  path = \"" + dir.resolve("data") + "\"\n}",
                filePort, alias()), filePort);
        awaitHealth(pgNode, 501, Duration.ofSeconds(60));
        awaitHealth(fileNode, 501, Duration.ofSeconds(60));
        String pgToken = initAndMount(pgNode);
        String fileToken = initAndMount(fileNode);
        String value = "{\"v\":\"" + "x".repeat(100) + "\"}";
        for (int k = 0; k < READ_KEYS; k++) {
            status(pgNode.address(), "PUT", "/v1/secret/r/" + k, pgToken, value, Duration.ofSeconds(10));
            status(fileNode.address(), "PUT", "/v1/secret/r/" + k, fileToken, value, Duration.ofSeconds(10));
        }
        // raw JDBC: Vault's table and statements, a value of the size the barrier stores (100 B JSON + 33 B)
        String rawUrl = pg.jdbcUrl("rawjdbc");
        Properties props = new Properties();
        props.setProperty("user", PostgresCluster.USER);
        try (Connection c = DriverManager.getConnection(rawUrl, props)) {
            c.createStatement().execute("CREATE TABLE vault_kv_store (parent_path TEXT COLLATE \"C\" NOT NULL, "
                    + "path TEXT COLLATE \"C\", key TEXT COLLATE \"C\", value BYTEA, PRIMARY KEY (path, key))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vault_kv_store VALUES (?, ?, ?, ?)")) {
                for (int k = 0; k < READ_KEYS; k++) {
                    ps.setString(1, "/raw/");
                    ps.setString(2, "/raw/r/");
                    ps.setString(3, Integer.toString(k));
                    ps.setBytes(4, new byte[150]);
                    ps.executeUpdate();
                }
            }
        }
        int maxClients = Arrays.stream(clientCounts).max().orElse(1);
        List<Connection> raw = new ArrayList<>();
        for (int i = 0; i < maxClients; i++) {
            raw.add(DriverManager.getConnection(rawUrl, props));
        }
        Map<String, LoadRun.Op> phases = new LinkedHashMap<>();
        Random pick = new Random(1);
        phases.put("pg KV read", (c, s) -> status(pgNode.address(), "GET", "/v1/secret/r/" + (s % READ_KEYS), pgToken,
                null, Duration.ofSeconds(30)));
        phases.put("file KV read", (c, s) -> status(fileNode.address(), "GET", "/v1/secret/r/" + (s % READ_KEYS),
                fileToken, null, Duration.ofSeconds(30)));
        phases.put("raw JDBC select", (c, s) -> {
            try (PreparedStatement ps = raw.get(c).prepareStatement(
                    "SELECT value FROM vault_kv_store WHERE path = ? AND key = ?")) {
                ps.setString(1, "/raw/r/");
                ps.setString(2, Long.toString(s % READ_KEYS));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? 200 : 404;
                }
            }
        });
        phases.put("pg KV write", (c, s) -> status(pgNode.address(), "PUT", "/v1/secret/w/" + c + "/" + (s % 4),
                pgToken, value, Duration.ofSeconds(30)));
        phases.put("file KV write", (c, s) -> status(fileNode.address(), "PUT", "/v1/secret/w/" + c + "/" + (s % 4),
                fileToken, value, Duration.ofSeconds(30)));
        phases.put("raw JDBC upsert", (c, s) -> {
            try (PreparedStatement ps = raw.get(c).prepareStatement("INSERT INTO vault_kv_store VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (path, key) DO UPDATE SET value = EXCLUDED.value")) {
                ps.setString(1, "/raw/w/");
                ps.setString(2, "/raw/w/" + c + "/");
                ps.setString(3, Long.toString(s % 4));
                ps.setBytes(4, new byte[150]);
                ps.executeUpdate();
                return 200;
            }
        });
        Map<String, Integer> expected = Map.of("pg KV write", 204, "file KV write", 204);
        // warm-up: one round of everything at the largest client count, discarded
        for (Map.Entry<String, LoadRun.Op> p : phases.entrySet()) {
            LoadRun.run(p.getKey(), maxClients, Math.max(1, seconds / 2), expected.getOrDefault(p.getKey(), 200),
                    p.getValue());
        }
        StringBuilder out = new StringBuilder();
        out.append("## KV throughput on PostgreSQL vs file storage vs raw JDBC (ops/s, median of ").append(rounds)
                .append(" rounds of ").append(seconds).append(" s per phase)\n\n");
        out.append("| clients | ");
        phases.keySet().forEach(k -> out.append(k).append(" | "));
        out.append("pg/file read | pg/raw read | pg/file write | pg/raw write |\n|---|");
        phases.keySet().forEach(k -> out.append("---|"));
        out.append("---|---|---|---|\n");
        for (int clients : clientCounts) {
            Map<String, double[]> per = new LinkedHashMap<>();
            phases.keySet().forEach(k -> per.put(k, new double[rounds]));
            int errors = 0;
            for (int r = 0; r < rounds; r++) {
                List<String> order = new ArrayList<>(phases.keySet());
                Collections.shuffle(order, new Random(r * 31L + clients));
                for (String name : order) {
                    LoadRun.Result res = LoadRun.run(name, clients, seconds, expected.getOrDefault(name, 200),
                            phases.get(name));
                    per.get(name)[r] = res.throughput();
                    errors += res.errors();
                }
            }
            out.append("| ").append(clients).append(" | ");
            for (String k : phases.keySet()) {
                out.append(String.format("%.0f", Stats.median(per.get(k)))).append(" | ");
            }
            out.append(ratio(per, "pg KV read", "file KV read")).append(" | ")
                    .append(ratio(per, "pg KV read", "raw JDBC select")).append(" | ")
                    .append(ratio(per, "pg KV write", "file KV write")).append(" | ")
                    .append(ratio(per, "pg KV write", "raw JDBC upsert")).append(" |");
            if (errors > 0) {
                out.append(" (").append(errors).append(" errors)");
            }
            out.append('\n');
            System.err.println("clients " + clients + " done");
        }
        for (Connection c : raw) {
            c.close();
        }
        pgNode.process().destroy();
        fileNode.process().destroy();
        pgNode.process().waitFor(20, TimeUnit.SECONDS);
        fileNode.process().waitFor(20, TimeUnit.SECONDS);
        return out.append('\n').toString();
    }

    private static String ratio(Map<String, double[]> per, String a, String b) {
        double[] r = Stats.ratioWithInterval(per.get(a), per.get(b), 7);
        return String.format("%.2f [%.2f, %.2f]", r[0], r[1], r[2]);
    }

    // ---- part 2: fail-over ----

    private String failover(int trials) throws Exception {
        pg.createDatabase("habench");
        String alias = alias();
        Node[] nodes = new Node[2];
        int[] ports = {FreePorts.pick(), FreePorts.pick()};
        for (int i = 0; i < 2; i++) {
            nodes[i] = start(config("ha" + i, pgStorage("habench", true), ports[i], alias), ports[i]);
        }
        awaitHealth(nodes[0], 501, Duration.ofSeconds(60));
        awaitHealth(nodes[1], 501, Duration.ofSeconds(60));
        String token = initAndMount(nodes[0]);
        awaitHealth(nodes[1], 429, Duration.ofSeconds(30));
        String lease = "2000 ms lease, renewed every 500 ms, standbys retry every 200 ms";
        for (String line : Files.readAllLines(nodes[0].log())) {
            if (line.contains("HA Enabled")) {
                lease = line.replaceFirst(".*HA Enabled: ", "");
            }
        }
        List<Long> kill = new ArrayList<>();
        List<Long> clean = new ArrayList<>();
        for (int t = 0; t < 2 * trials; t++) {
            boolean sigkill = t % 2 == 0;
            int active = health(nodes[0].address()) == 200 ? 0 : 1;
            int standby = 1 - active;
            long start = System.nanoTime();
            if (sigkill) {
                nodes[active].process().destroyForcibly();
            } else {
                nodes[active].process().destroy();
            }
            long ms = timeToWrite(nodes[standby], token, start);
            (sigkill ? kill : clean).add(ms);
            nodes[active].process().waitFor(30, TimeUnit.SECONDS);
            nodes[active] = start(nodes[active].config(), ports[active]);
            awaitHealth(nodes[active], 429, Duration.ofSeconds(60));
            System.err.println((sigkill ? "kill -9" : "SIGTERM") + " trial " + (t / 2 + 1) + ": " + ms + " ms");
        }
        return "## Fail-over on PostgreSQL HA (2 nodes; " + lease + ")\n\n"
                + "Time from the signal to the other node answering a KV write itself (`X-Vault-No-Request-Forwarding`).\n\n"
                + "| event | trials | median ms | max ms | all (ms) |\n|---|---|---|---|---|\n"
                + row("kill -9 of the active", kill) + row("clean stop (SIGTERM) of the active", clean) + "\n";
    }

    private static String row(String what, List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        long median = s.get(s.size() / 2);
        return "| " + what + " | " + s.size() + " | " + median + " | " + s.get(s.size() - 1) + " | " + ms + " |\n";
    }

    private static long timeToWrite(Node n, String token, long start) throws Exception {
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (status(n.address(), "PUT", "/v1/secret/failover", token, "{\"v\":\"1\"}", Duration.ofSeconds(1)) == 204) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no takeover within 30 s; log " + n.log());
    }
}
