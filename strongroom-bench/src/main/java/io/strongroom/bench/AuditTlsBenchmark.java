package io.strongroom.bench;

import static io.strongroom.bench.ServerApi.call;
import static io.strongroom.bench.ServerApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The cost of audit devices and of TLS (issue #8), against one real server process ({@code ./strongroom server},
 * file storage, awskms seal on moto) with two listeners on the same port range: plain HTTP and TLS (an EC P-256
 * certificate made by openssl for this run).
 *
 * <p>Phases, each for {@code --seconds} with {@code --clients} closed-loop keep-alive clients:
 * <ul>
 *   <li>KV v2 read and write with no audit device, with one file device, with two file devices (the devices write
 *       to files on the same disk as the storage). The device set is changed through {@code sys/audit} between
 *       blocks; each round visits the three sets in a shuffled order, so the machine's noise falls on all alike;</li>
 *   <li>KV read over the TLS listener, next to the plain read of the same round (no audit device);</li>
 *   <li>{@code sys/health} on a new connection per request, plain and TLS: the cost of a TLS handshake.</li>
 * </ul>
 * Ratios are of median per-round throughputs with a bootstrap 95% interval over whole rounds ({@link Stats}).
 * Every answer's status is checked.
 *
 * <p>Args: {@code [--rounds N] [--seconds S] [--clients N] [--seed N] [--out FILE] [--launcher PATH]}.
 */
public final class AuditTlsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_KEYS = 32;

    /** The audit device sets compared. */
    enum Devices {
        NONE("no audit device"), ONE("one file device"), TWO("two file devices");

        final String label;

        Devices(String label) {
            this.label = label;
        }
    }

    enum Phase {
        READ_NONE, WRITE_NONE, READ_ONE, WRITE_ONE, READ_TWO, WRITE_TWO, READ_TLS, CONNECT_PLAIN, CONNECT_TLS
    }

    private final Path dir;

    private AuditTlsBenchmark(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 6;
        double seconds = 2;
        int clients = 4;
        long seed = 1;
        Path out = null;
        Path launcher = Path.of("strongroom");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rounds N --seconds S --clients N --seed N --out FILE --launcher PATH");
            }
        }
        if (rounds < 2 || seconds <= 0 || clients < 1) {
            throw new IllegalArgumentException("--rounds must be >= 2, --seconds > 0, --clients >= 1");
        }
        Path dir = Files.createTempDirectory("strongroom-audit-tls-bench");
        String report = new AuditTlsBenchmark(dir).run(launcher, rounds, seconds, clients, seed);
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
    }

    private String run(Path launcher, int rounds, double seconds, int clients, long seed) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-subj", "/CN=127.0.0.1", "-days", "1",
                "-addext", "subjectAltName=IP:127.0.0.1");
        try (MotoServer moto = new MotoServer().start()) {
            String keyArn = moto.createKey();
            int plainPort = FreePorts.pick();
            int tlsPort = FreePorts.pick();
            Path config = dir.resolve("server.hcl");
            Files.writeString(config, """
                    storage "file" { path = "%s" }
                    listener "tcp" {
                      address = "127.0.0.1:%d"
                      tls_disable = true
                    }
                    listener "tcp" {
                      address = "127.0.0.1:%d"
                      tls_cert_file = "%s"
                      tls_key_file = "%s"
                    }
                    seal "awskms" {
                      region = "us-east-1"
                      access_key = "bench"
                      secret_key = "bench"
                      kms_key_id = "%s"
                      endpoint = "%s"
                    }
                    """.formatted(dir.resolve("data"), plainPort, tlsPort, cert, key, keyArn, moto.endpoint()));
            ProcessBuilder pb = new ProcessBuilder(launcher.toAbsolutePath().toString(), "server", "-config=" + config)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_"));
            pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            Process server = pb.start();
            try {
                return measure(server, plainPort, tlsPort, trusting(cert), rounds, seconds, clients, seed);
            } finally {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private String measure(Process server, int plainPort, int tlsPort, SSLSocketFactory tls, int rounds,
            double seconds, int clients, long seed) throws Exception {
        URI addr = URI.create("http://127.0.0.1:" + plainPort);
        ServerApi.Tokens tokens = ServerApi.initForKv(addr, server);
        String root = tokens.root();
        String token = tokens.bench();
        InetSocketAddress plain = new InetSocketAddress("127.0.0.1", plainPort);
        InetSocketAddress secure = new InetSocketAddress("127.0.0.1", tlsPort);
        String host = "127.0.0.1";
        byte[] secret = "{\"data\":{\"username\":\"bench-user\",\"password\":\"correct-horse-battery-staple\"}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[][] reads = new byte[READ_KEYS][];
        try (HttpConnection c = new HttpConnection(plain)) {
            for (int k = 0; k < READ_KEYS; k++) {
                expect(c.exchange(HttpConnection.request("POST", "/v1/secret/data/bench/r/" + k, host, token, secret)),
                        200, "set-up write");
                reads[k] = HttpConnection.request("GET", "/v1/secret/data/bench/r/" + k, host, token, null);
            }
        }
        byte[][] writes = new byte[clients][];
        for (int c = 0; c < clients; c++) {
            writes[c] = HttpConnection.request("POST", "/v1/secret/data/bench/w/" + c, host, token, secret);
        }
        byte[] health = HttpConnection.request("GET", "/v1/sys/health", host, null, null);
        byte[] healthClose = new String(health, StandardCharsets.US_ASCII).replace("\r\n\r\n",
                "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        Map<Phase, List<LoadRun.Result>> results = new EnumMap<>(Phase.class);
        Random order = new Random(seed);
        HttpConnection[] plainConns = connections(plain, SocketFactory.getDefault(), clients);
        HttpConnection[] tlsConns = connections(secure, tls, clients);
        try {
            // warm-up (discarded): every phase once, the JIT on both sides
            for (Devices d : Devices.values()) {
                devices(addr, root, d);
                runBlock(d, plainConns, tlsConns, plain, secure, tls, reads, writes, healthClose, clients, 2, null);
            }
            for (int round = 0; round < rounds; round++) {
                List<Devices> sets = new ArrayList<>(List.of(Devices.values()));
                Collections.shuffle(sets, order);
                for (Devices d : sets) {
                    devices(addr, root, d);
                    runBlock(d, plainConns, tlsConns, plain, secure, tls, reads, writes, healthClose, clients, seconds,
                            results);
                }
            }
        } finally {
            for (HttpConnection c : plainConns) {
                c.close();
            }
            for (HttpConnection c : tlsConns) {
                c.close();
            }
        }
        devices(addr, root, Devices.NONE);
        long auditLines = Files.lines(dir.resolve("audit-0.log")).count();
        return report(results, rounds, seconds, clients, seed, auditLines);
    }

    /** One block: the phases that run with device set {@code d}, in a fixed order within the block. */
    private void runBlock(Devices d, HttpConnection[] plainConns, HttpConnection[] tlsConns, InetSocketAddress plain,
            InetSocketAddress secure, SSLSocketFactory tls, byte[][] reads, byte[][] writes, byte[] healthClose,
            int clients, double seconds, Map<Phase, List<LoadRun.Result>> results) throws Exception {
        Phase read = Phase.valueOf("READ_" + d.name());
        Phase write = Phase.valueOf("WRITE_" + d.name());
        record(results, read, LoadRun.run(read.name(), clients, seconds, 200,
                (c, seq) -> plainConns[c].exchange(reads[(int) ((seq * 7 + c) % reads.length)])));
        record(results, write, LoadRun.run(write.name(), clients, seconds, 200,
                (c, seq) -> plainConns[c].exchange(writes[c])));
        if (d == Devices.NONE) {
            record(results, Phase.READ_TLS, LoadRun.run("READ_TLS", clients, seconds, 200,
                    (c, seq) -> tlsConns[c].exchange(reads[(int) ((seq * 7 + c) % reads.length)])));
            record(results, Phase.CONNECT_PLAIN, LoadRun.run("CONNECT_PLAIN", clients, seconds, 200,
                    (c, seq) -> once(plain, SocketFactory.getDefault(), healthClose)));
            record(results, Phase.CONNECT_TLS, LoadRun.run("CONNECT_TLS", clients, seconds, 200,
                    (c, seq) -> once(secure, tls, healthClose)));
        }
    }

    private static void record(Map<Phase, List<LoadRun.Result>> results, Phase p, LoadRun.Result r) {
        if (r.errors() > 0) {
            throw new IllegalStateException(p + ": " + r.errors() + " errors, first: " + r.firstError());
        }
        if (results != null) {
            results.computeIfAbsent(p, x -> new ArrayList<>()).add(r);
        }
    }

    /** One request on a connection of its own (the server closes it: {@code Connection: close}). */
    private static int once(InetSocketAddress address, SocketFactory sockets, byte[] request) throws IOException {
        try (HttpConnection c = new HttpConnection(address, sockets)) {
            return c.exchange(request);
        }
    }

    private static HttpConnection[] connections(InetSocketAddress a, SocketFactory f, int n) throws IOException {
        HttpConnection[] out = new HttpConnection[n];
        for (int i = 0; i < n; i++) {
            out[i] = new HttpConnection(a, f);
        }
        return out;
    }

    /** Makes the enabled audit devices exactly {@code d}: {@code audit-0} and {@code audit-1}, file devices. */
    private void devices(URI addr, String root, Devices d) throws Exception {
        int want = d.ordinal();
        JsonNode list = call(addr, "GET", "/v1/sys/audit", null, root, 200).get("data");
        for (int i = 0; i < 2; i++) {
            boolean on = list.has("audit-" + i + "/");
            if (i < want && !on) {
                call(addr, "PUT", "/v1/sys/audit/audit-" + i, JSON.writeValueAsString(Map.of("type", "file",
                        "options", Map.of("file_path", dir.resolve("audit-" + i + ".log").toString()))), root, 204);
            } else if (i >= want && on) {
                call(addr, "DELETE", "/v1/sys/audit/audit-" + i, null, root, 204);
            }
        }
    }

    private String report(Map<Phase, List<LoadRun.Result>> r, int rounds, double seconds, int clients, long seed,
            long auditLines) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Audit devices and TLS (`bench/audit-tls-benchmark`)\n\n");
        sb.append(String.format(Locale.ROOT, "%d rounds x %.1f s per phase, %d keep-alive clients, seed %d; "
                + "%d lines in the first device's file.%n%n", rounds, seconds, clients, seed, auditLines));
        sb.append("| phase | median ops/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n");
        for (Phase p : Phase.values()) {
            List<LoadRun.Result> rs = r.get(p);
            long[] lat = Stats.pooled(rs);
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f |%n", label(p), Stats.median(tput(rs)),
                    Stats.percentileMs(lat, 50), Stats.percentileMs(lat, 99)));
        }
        sb.append("\n| ratio (throughput) | median | 95% interval |\n|---|---:|---|\n");
        ratio(sb, "KV read, one file device / none", r, Phase.READ_ONE, Phase.READ_NONE, seed);
        ratio(sb, "KV read, two file devices / none", r, Phase.READ_TWO, Phase.READ_NONE, seed);
        ratio(sb, "KV write, one file device / none", r, Phase.WRITE_ONE, Phase.WRITE_NONE, seed);
        ratio(sb, "KV write, two file devices / none", r, Phase.WRITE_TWO, Phase.WRITE_NONE, seed);
        ratio(sb, "KV read, TLS / plain HTTP (keep-alive)", r, Phase.READ_TLS, Phase.READ_NONE, seed);
        ratio(sb, "new connection + `sys/health`, TLS / plain", r, Phase.CONNECT_TLS, Phase.CONNECT_PLAIN, seed);
        return sb.toString();
    }

    private static String label(Phase p) {
        return switch (p) {
            case READ_NONE -> "KV read, no audit device, plain HTTP";
            case WRITE_NONE -> "KV write, no audit device";
            case READ_ONE -> "KV read, one file device";
            case WRITE_ONE -> "KV write, one file device";
            case READ_TWO -> "KV read, two file devices";
            case WRITE_TWO -> "KV write, two file devices";
            case READ_TLS -> "KV read, no audit device, TLS 1.3 (keep-alive)";
            case CONNECT_PLAIN -> "new connection per `sys/health`, plain";
            case CONNECT_TLS -> "new connection per `sys/health`, TLS handshake";
        };
    }

    private static double[] tput(List<LoadRun.Result> rs) {
        return rs.stream().mapToDouble(LoadRun.Result::throughput).toArray();
    }

    private static void ratio(StringBuilder sb, String what, Map<Phase, List<LoadRun.Result>> r, Phase a, Phase b,
            long seed) {
        double[] x = Stats.ratioWithInterval(tput(r.get(a)), tput(r.get(b)), seed);
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f to %.2f |%n", what, x[0], x[1], x[2]));
    }

    private static SSLSocketFactory trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + args[0] + " failed: " + output);
        }
    }


}
