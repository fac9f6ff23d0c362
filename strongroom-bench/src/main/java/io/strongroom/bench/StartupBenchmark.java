package io.strongroom.bench;

import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Start-up benchmark: the time from launching {@code java ... io.strongroom.server.Main server -config=...} on an
 * initialized awskms store to the first {@code GET /v1/sys/health} that answers 200 (unsealed and serving), next
 * to the floor, the raw AWS SDK's cold first {@code Decrypt} in a fresh JVM ({@link ColdDecrypt}, launch to
 * "done"), measured in the same run and interleaved round by round, because these machines are shared and noisy.
 * Also counts the KMS requests per start at a proxy between the server and moto.
 *
 * <p>Health is polled every 10 ms, so the server's times carry up to 10 ms of polling granularity. Args:
 * {@code [--rounds N] [--out FILE]}.
 */
public final class StartupBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = 10;
        Path out = null;
        Path launcher = Path.of("strongroom");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rounds N --out FILE --launcher PATH");
            }
        }
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException("launcher " + launcher.toAbsolutePath() + " not found: run from the repository root");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path dir = Files.createTempDirectory("strongroom-startup-bench");
        try (MotoServer moto = new MotoServer().start(); KmsFaultProxy proxy = new KmsFaultProxy(moto.endpoint())) {
            String keyArn = moto.createKey();
            Path blob = dir.resolve("blob.bin");
            Files.write(blob, moto.kmsClient().encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromByteArray(new byte[32])))
                    .ciphertextBlob().asByteArray());
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

            // initialize once
            Process init = server(java, cp, config, dir.resolve("init.log"));
            awaitHealth(addr, 501, init);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(addr.resolve("/v1/sys/init"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"recovery_shares\":1,\"recovery_threshold\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("init failed: " + r.statusCode());
            }
            stop(init);

            List<Long> floor = new ArrayList<>();
            List<Long> start = new ArrayList<>();
            List<Long> launched = new ArrayList<>();
            List<Integer> calls = new ArrayList<>();
            String callDetail = "";
            for (int round = -1; round < rounds; round++) { // round -1 warms the OS file cache, discarded
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(java, "-cp", cp, ColdDecrypt.class.getName(), proxy.endpoint().toString(),
                        blob.toString()).redirectErrorStream(true).start();
                try (BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = br.readLine()) != null && !line.startsWith("done")) {
                        // skip
                    }
                }
                long coldDecrypt = System.nanoTime() - t0;
                p.waitFor(30, TimeUnit.SECONDS);

                proxy.resetCounts();
                t0 = System.nanoTime();
                Process s = server(java, cp, config, dir.resolve("server-" + round + ".log"));
                awaitHealth(addr, 200, s);
                long serverStart = System.nanoTime() - t0;
                stop(s);
                int callsJava = proxy.totalCount();
                proxy.resetCounts();

                // the product's way: the launcher script (bash + java with its class-data-sharing archive);
                // round -1 also lets it make the archive if this build has none yet
                t0 = System.nanoTime();
                Process l = start(List.of(launcher.toAbsolutePath().toString(), "server", "-config=" + config),
                        dir.resolve("launcher-" + round + ".log"));
                awaitHealth(addr, 200, l);
                long launcherStart = System.nanoTime() - t0;
                stop(l);
                if (round >= 0) {
                    floor.add(coldDecrypt);
                    start.add(serverStart);
                    launched.add(launcherStart);
                    calls.add(callsJava);
                    calls.add(proxy.totalCount());
                    callDetail = proxy.counts().toString();
                }
            }
            String report = report(floor, start, launched, calls, callDetail, rounds);
            System.out.print(report);
            if (out != null) {
                Files.writeString(out, report);
            }
        }
    }

    private static Process server(String java, String cp, Path config, Path log) throws IOException {
        return start(List.of(java, "-cp", cp, "io.strongroom.server.Main", "server", "-config=" + config), log);
    }

    private static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return pb.start();
    }

    private static void awaitHealth(URI addr, int code, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited with " + p.exitValue());
            }
            try {
                int got = HTTP.send(HttpRequest.newBuilder(addr.resolve("/v1/sys/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (got == code) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no health " + code + " within 60 s");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static double median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return (n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0) / 1e6;
    }

    private static double max(List<Long> xs) {
        return Collections.max(xs) / 1e6;
    }

    private static double medianRatio(List<Long> xs, List<Long> floor) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < floor.size(); i++) {
            ratios.add((double) xs.get(i) / floor.get(i));
        }
        Collections.sort(ratios);
        return ratios.size() % 2 == 1 ? ratios.get(ratios.size() / 2)
                : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
    }

    private static String report(List<Long> floor, List<Long> start, List<Long> launched, List<Integer> calls,
            String detail, int rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Start-up: process launch to unsealed (`sys/health` 200)\n\n");
        sb.append(String.format(Locale.ROOT, "%s, %d cores, Java %s, %d rounds (interleaved, one warm-up round discarded)%n%n",
                ZonedDateTime.now().toLocalDate(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), rounds));
        sb.append("| measurement | median (ms) | max (ms) | ratio to floor (median of per-round ratios) |\n|---|---|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| raw AWS SDK cold first Decrypt, fresh JVM, default JVM options (floor) | %.0f | %.0f | 1.00 |%n",
                median(floor), max(floor)));
        sb.append(String.format(Locale.ROOT, "| `./strongroom server` (launcher: class-data-sharing archive) to unsealed and serving | %.0f | %.0f | **%.2f** |%n",
                median(launched), max(launched), medianRatio(launched, floor)));
        sb.append(String.format(Locale.ROOT, "| `java -cp ... Main server` (no archive) to unsealed and serving | %.0f | %.0f | %.2f |%n",
                median(start), max(start), medianRatio(start, floor)));
        sb.append(String.format(Locale.ROOT, "%nAim: at most 1.5 times the floor.%n"));
        sb.append(String.format(Locale.ROOT, "KMS requests per start, counted at the proxy: %s (last round: %s)%n",
                calls.stream().distinct().toList(), detail));
        return sb.toString();
    }
}
