package io.strongroom.bench;

import static io.strongroom.bench.ServerApi.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.storage.FileStorage;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * KV v2 over HTTP against a real server process ({@code ./strongroom server}, file storage, awskms seal on moto
 * through a counting {@link KmsFaultProxy}), with 1, 8 and 32 concurrent keep-alive clients, next to two baselines
 * measured in the same run: the ceiling, a trivial authenticated endpoint on the same HTTP stack
 * ({@code GET auth/token/lookup-self}), and the floor of a write, a bare durable {@link FileStorage#put} of a value
 * the size of the stored KV record, in this JVM on the same disk. Also reported: {@code GET sys/health} (no token:
 * the HTTP stack without the pipeline), the KMS requests per KV operation, and the server's resident and heap
 * memory, idle and under load (see {@link ProcessMemory}).
 *
 * <p>Method: for each client count, {@code --rounds} rounds; each round runs every phase for {@code --seconds}
 * seconds, in an order shuffled per round (fixed seed), so that the noise of a shared machine falls on all phases
 * alike. Clients run a closed loop (next request when the answer is in) over keep-alive connections opened once
 * per client count. A warm-up comes first and is discarded: rounds of every phase at the largest client count
 * ({@code --warmup} seconds each) until the server's JIT compiler threads used less than 3% of a core over a
 * round (or {@code --warmup-max} seconds have passed); the compiler CPU during the measured phases is reported. Ratios
 * are of median per-round throughputs, with a bootstrap 95% interval over whole rounds. Every answer's status
 * is checked.
 *
 * <p>The token is a service token with a policy granting create, read and update on {@code secret/data/bench/*}
 * (so every KV request pays the ACL check), created by the root token through {@code auth/token/create} (so it is
 * a child token, as {@code vault token create} makes). Reads pick from 64 secrets written at set-up; each client
 * writes its own 4 keys round-robin (no two clients write one key, so key locks do not serialize clients).
 *
 * <p>Args: {@code [--rounds N] [--seconds S] [--warmup S] [--warmup-max S] [--clients 1,8,32] [--seed N] [--out FILE]
 * [--launcher PATH]}; for investigations only (a report then lacks the rows or ratios left out):
 * {@code [--phases KV_WRITE,BARE_PUT] [--server-java-opts "-XX:StartFlightRecording=..."]}.
 */
public final class KvBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_KEYS = 64;
    private static final int KEYS_PER_WRITER = 4;
    /** Warm-up ends when the JIT compiler threads used less than this share of one core over a round. */
    private static final double COMPILER_QUIET = 0.03;

    /** The measured phases. */
    enum Phase {
        HEALTH("`GET sys/health`, no token: the HTTP stack alone (reference)"),
        LOOKUP_SELF("`GET auth/token/lookup-self`: trivial authenticated endpoint (**ceiling**)"),
        KV_READ("KV v2 read `GET secret/data/bench/r/<k>`"),
        BARE_PUT("bare `FileStorage.put` (write + fsync + rename + dir fsync), same size, same disk (**floor of a write**)"),
        KV_WRITE("KV v2 write `POST secret/data/bench/w/<c>/<k>`");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> maxRss = new ConcurrentHashMap<>();
    private volatile String rssLabel = "set-up";
    private long serverPid;

    private KvBenchmark(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = Files.createTempDirectory("strongroom-kv-bench");
        String report = new KvBenchmark(dir).run(o);
        System.out.print(report);
        if (o.out != null) {
            Files.writeString(o.out, report);
            System.err.println("report written to " + o.out);
        }
    }

    /** Command-line options. */
    private static final class Options {
        int rounds = 8;
        double seconds = 1.0;
        double warmup = 2;
        double warmupMax = 60;
        int[] clients = {1, 8, 32};
        long seed = 1;
        Path out;
        Path launcher = Path.of("strongroom");
        String serverJavaOpts = "";
        List<Phase> phases = List.of(Phase.values());

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
                    case "--seconds" -> o.seconds = Double.parseDouble(args[++i]);
                    case "--warmup" -> o.warmup = Double.parseDouble(args[++i]);
                    case "--warmup-max" -> o.warmupMax = Double.parseDouble(args[++i]);
                    case "--clients" -> o.clients = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                            .toArray();
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--launcher" -> o.launcher = Path.of(args[++i]);
                    case "--server-java-opts" -> o.serverJavaOpts = args[++i];
                    case "--phases" -> o.phases = Arrays.stream(args[++i].split(",")).map(Phase::valueOf).toList();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --rounds N "
                            + "--seconds S --warmup S --warmup-max S --clients 1,8,32 --seed N --out FILE --launcher PATH "
                            + "--server-java-opts OPTS --phases HEALTH,LOOKUP_SELF,KV_READ,BARE_PUT,KV_WRITE");
                }
            }
            if (o.rounds < 2 || o.seconds <= 0 || o.clients.length == 0) {
                throw new IllegalArgumentException("--rounds must be >= 2, --seconds > 0, --clients not empty");
            }
            if (!Files.isExecutable(o.launcher)) {
                throw new IllegalArgumentException("launcher " + o.launcher.toAbsolutePath()
                        + " not found: run from the repository root");
            }
            return o;
        }
    }

    /** The running server and what the clients need to talk to it. */
    private record Target(InetSocketAddress address, String host, String token, ProcessMemory memory) {}

    private String run(Options o) throws Exception {
        long wallStart = System.nanoTime();
        Path gcLog = dir.resolve("gc.log");
        try (MotoServer moto = new MotoServer().start(); KmsFaultProxy proxy = new KmsFaultProxy(moto.endpoint())) {
            String keyArn = moto.createKey();
            int port = FreePorts.pick();
            URI addr = URI.create("http://127.0.0.1:" + port);
            Path config = dir.resolve("server.hcl");
            Files.writeString(config, """
                    storage "file" { path = "%s" }
                    listener "tcp" {
                      address = "127.0.0.1:%d"
                      tls_disable = true
                    }
                    seal "awskms" {
                      region = "us-east-1"
                      access_key = "bench"
                      secret_key = "bench"
                      kms_key_id = "%s"
                      endpoint = "%s"
                    }
                    """.formatted(dir.resolve("data"), port, keyArn, proxy.endpoint()));
            ProcessBuilder pb = new ProcessBuilder(o.launcher.toAbsolutePath().toString(), "server",
                    "-config=" + config).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_"));
            pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            // the only JVM option added: the GC log the heap-under-load figures come from (the launcher execs java,
            // so the process id stays the server's)
            pb.environment().put("STRONGROOM_JAVA_OPTS", ("-Xlog:gc:file=" + gcLog + " " + o.serverJavaOpts).trim());
            Process server = pb.start();
            try {
                return measure(o, proxy, addr, server, gcLog, wallStart);
            } finally {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private String measure(Options o, KmsFaultProxy proxy, URI addr, Process server, Path gcLog, long wallStart)
            throws Exception {
        String token = ServerApi.initForKv(addr, server).bench();
        serverPid = server.pid();
        ProcessMemory memory = new ProcessMemory(serverPid, gcLog);
        Target target = new Target(new InetSocketAddress("127.0.0.1", addr.getPort()), "127.0.0.1:" + addr.getPort(),
                token, memory);
        Thread sampler = startRssSampler(memory);

        byte[] secret = secretBody();
        byte[][] reads = new byte[READ_KEYS][];
        try (HttpConnection c = new HttpConnection(target.address())) {
            for (int k = 0; k < READ_KEYS; k++) {
                expect(c.exchange(HttpConnection.request("POST", "/v1/secret/data/bench/r/" + k, target.host(), token,
                        secret)), 200, "set-up write");
                reads[k] = HttpConnection.request("GET", "/v1/secret/data/bench/r/" + k, target.host(), token, null);
            }
            expect(c.exchange(reads[0]), 200, "set-up read");
            if (!new String(c.lastBody(), StandardCharsets.UTF_8).contains("\"username\":\"bench-user\"")) {
                throw new IllegalStateException("a KV read did not return the secret written");
            }
        }
        Thread.sleep(2000);
        List<KvReport.MemoryRow> memoryRows = new ArrayList<>();
        long[] heapStart = memory.heapKib(false);
        memoryRows.add(new KvReport.MemoryRow("idle after start-up and set-up (64 secrets written)", memory.rssKib(),
                heapStart[0], heapStart[1], null));

        int maxClients = Arrays.stream(o.clients).max().getAsInt();
        // warm-up (discarded): JIT on both sides, connection set-up, and every write key gets versions. Rounds of
        // every phase until the server's JIT compiler threads go quiet (C2 keeps compiling for tens of seconds on
        // 2 busy cores, and that CPU would be taken from the first measured phases), within --warmup-max seconds
        rssLabel = "warm-up";
        long warmStart = System.nanoTime();
        int warmRounds = 0;
        double compilerShare = 1;
        try (Clients warm = new Clients(target, maxClients)) {
            while (compilerShare > COMPILER_QUIET && (System.nanoTime() - warmStart) / 1e9 < o.warmupMax) {
                long c0 = memory.compilerCpuNanos();
                long t0 = System.nanoTime();
                for (Phase p : o.phases) {
                    if (p != Phase.BARE_PUT) {
                        runPhase(p, warm, reads, secret, null, maxClients, o.warmup);
                    }
                }
                compilerShare = (double) (memory.compilerCpuNanos() - c0) / (System.nanoTime() - t0);
                warmRounds++;
            }
        }
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
        int recordBytes = storedRecordSize();
        BarePut bare = new BarePut(dir.resolve("bare"), recordBytes);
        if (o.phases.contains(Phase.BARE_PUT)) {
            runPhase(Phase.BARE_PUT, null, reads, secret, bare, maxClients, o.warmup);
        }

        proxy.resetCounts();
        long compilerBefore = memory.compilerCpuNanos();
        Map<Integer, Map<Phase, List<LoadRun.Result>>> results = new LinkedHashMap<>();
        Map<Integer, ProcessMemory.GcSummary> gcUnderLoad = new LinkedHashMap<>();
        Random order = new Random(o.seed);
        int reconnects = 0;
        for (int n : o.clients) {
            Map<Phase, List<LoadRun.Result>> byPhase = new EnumMap<>(Phase.class);
            rssLabel = "load-" + n;
            long mark = memory.gcLogMark();
            try (Clients clients = new Clients(target, n)) {
                for (int round = 0; round < o.rounds; round++) {
                    List<Phase> phases = new ArrayList<>(o.phases);
                    Collections.shuffle(phases, order);
                    for (Phase p : phases) {
                        LoadRun.Result r = runPhase(p, clients, reads, secret, bare, n, o.seconds);
                        byPhase.computeIfAbsent(p, x -> new ArrayList<>()).add(r);
                    }
                }
                reconnects += clients.reconnects();
            }
            rssLabel = "between";
            Thread.sleep(300); // let the last GC line reach the log
            gcUnderLoad.put(n, memory.gcBetween(mark, memory.gcLogMark()));
            long[] heap = memory.heapKib(false);
            memoryRows.add(new KvReport.MemoryRow("under load, " + n + (n == 1 ? " client" : " clients"),
                    maxRss.getOrDefault("load-" + n, -1L), heap[0], heap[1], gcUnderLoad.get(n)));
            results.put(n, byPhase);
        }
        double compilerDuringSeconds = (memory.compilerCpuNanos() - compilerBefore) / 1e9;
        Map<String, Integer> kmsCalls = proxy.counts();
        int kmsTotal = proxy.totalCount();
        bare.close();

        Thread.sleep(5000);
        long[] heapIdle = memory.heapKib(false);
        memoryRows.add(new KvReport.MemoryRow("idle again, 5 s after the last request", memory.rssKib(), heapIdle[0],
                heapIdle[1], null));
        long[] live = memory.heapKib(true);
        memoryRows.add(new KvReport.MemoryRow("the same after a full GC (`jcmd GC.run`): live set", memory.rssKib(),
                live[0], live[1], null));
        long peakRss = memory.peakRssKib();
        sampler.interrupt();
        String gcName = Files.readAllLines(gcLog).stream().filter(l -> l.contains("Using ")).findFirst()
                .map(l -> l.substring(l.indexOf("Using ") + 6)).orElse("?");
        double wall = (System.nanoTime() - wallStart) / 1e9;
        KvReport.WarmUp warmUp = new KvReport.WarmUp(o.warmup, warmRounds, warmSeconds, compilerShare,
                compilerDuringSeconds);
        return new KvReport(o.phases, o.rounds, o.seconds, warmUp, o.seed, results, recordBytes, secret.length, kmsTotal,
                kmsCalls, memoryRows, peakRss, gcName, reconnects, wall).render();
    }

    /** One phase: its operation over the given clients (or bare puts in this JVM). */
    private LoadRun.Result runPhase(Phase p, Clients clients, byte[][] reads, byte[] secret, BarePut bare, int n,
            double seconds) throws Exception {
        long self = ProcessHandle.current().pid();
        long server0 = ProcessMemory.cpuNanos(serverPid);
        long client0 = ProcessMemory.cpuNanos(self);
        LoadRun.Result r = load(p, clients, reads, bare, n, seconds);
        return r.withCpu(ProcessMemory.cpuNanos(serverPid) - server0, ProcessMemory.cpuNanos(self) - client0);
    }

    private static LoadRun.Result load(Phase p, Clients clients, byte[][] reads, BarePut bare, int n, double seconds)
            throws Exception {
        return switch (p) {
            case HEALTH -> LoadRun.run(p.name(), n, seconds, 200, (c, s) -> clients.get(c).exchange(clients.health));
            case LOOKUP_SELF -> LoadRun.run(p.name(), n, seconds, 200,
                    (c, s) -> clients.get(c).exchange(clients.lookupSelf));
            case KV_READ -> LoadRun.run(p.name(), n, seconds, 200,
                    (c, s) -> clients.get(c).exchange(reads[(int) ((c * 7L + s) % READ_KEYS)]));
            case KV_WRITE -> LoadRun.run(p.name(), n, seconds, 200,
                    (c, s) -> clients.get(c).exchange(clients.writes[c][(int) (s % KEYS_PER_WRITER)]));
            case BARE_PUT -> LoadRun.run(p.name(), n, seconds, 200, (c, s) -> bare.put(c, s));
        };
    }

    /** One keep-alive connection per client, and their pre-built requests. */
    private final class Clients implements AutoCloseable {
        final HttpConnection[] connections;
        final byte[] health;
        final byte[] lookupSelf;
        final byte[][][] writes;

        Clients(Target t, int n) throws IOException {
            connections = new HttpConnection[n];
            writes = new byte[n][KEYS_PER_WRITER][];
            byte[] secret = secretBody();
            for (int c = 0; c < n; c++) {
                connections[c] = new HttpConnection(t.address());
                for (int k = 0; k < KEYS_PER_WRITER; k++) {
                    writes[c][k] = HttpConnection.request("POST", "/v1/secret/data/bench/w/" + c + "/" + k, t.host(),
                            t.token(), secret);
                }
            }
            health = HttpConnection.request("GET", "/v1/sys/health", t.host(), null, null);
            lookupSelf = HttpConnection.request("GET", "/v1/auth/token/lookup-self", t.host(), t.token(), null);
        }

        HttpConnection get(int client) {
            return connections[client];
        }

        int reconnects() {
            return Arrays.stream(connections).mapToInt(HttpConnection::reconnects).sum();
        }

        @Override
        public void close() {
            Arrays.stream(connections).forEach(HttpConnection::close);
        }
    }

    /** The storage floor: {@link FileStorage} puts of a fixed-size value, each client round-robin on 4 keys. */
    private final class BarePut implements AutoCloseable {
        private final FileStorage storage;
        private final byte[] value;

        BarePut(Path root, int size) {
            this.storage = new FileStorage(root);
            this.value = new byte[size];
            random.nextBytes(value);
        }

        int put(int client, long seq) {
            storage.put("bench/w/" + client + "/" + (seq % KEYS_PER_WRITER), value);
            return 200;
        }

        @Override
        public void close() {
            storage.close();
        }
    }

    /** The KV write body: a typical small secret (about 150 bytes of JSON). */
    private byte[] secretBody() {
        byte[] pw = new byte[16];
        random.nextBytes(pw);
        return ("{\"data\":{\"username\":\"bench-user\",\"password\":\"" + HexFormat.of().formatHex(pw)
                + "\",\"url\":\"postgresql://db.internal:5432/app?sslmode=verify-full\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The size on disk of a written key's record after the warm-up (every version kept, barrier-encrypted): the
     * bytes one KV write hands to the file storage, hence the value size of the bare put.
     */
    private int storedRecordSize() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            return files.filter(f -> f.toString().endsWith("/bench/w/0/_0")).findFirst()
                    .map(f -> {
                        try {
                            return (int) Files.size(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .orElseThrow(() -> new IllegalStateException("no stored record for bench/w/0/0 under " + dir));
        }
    }

    private Thread startRssSampler(ProcessMemory memory) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long rss = memory.rssKib();
                maxRss.merge(rssLabel, rss, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

}
