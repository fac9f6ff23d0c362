package io.strongroom.bench;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.SdkKmsPort;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.storage.FileStorage;
import io.strongroom.storage.Storage;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Seal-wrap benchmark (issue #9): what the extra KMS layer costs, next to a plain barrier write and read measured in
 * the same run over the same file storage, and how fast a rewrap moves a store to a new KMS key.
 *
 * <ol>
 *   <li><b>plain barrier write / read</b> (the baseline): {@link AesGcmBarrier} over {@link FileStorage};</li>
 *   <li><b>seal-wrapped write</b>: the same barrier over {@link SealWrapStorage} (one KMS Encrypt per write);</li>
 *   <li><b>seal-wrapped read, cached</b>: read back by the layer that wrote it (no KMS call);</li>
 *   <li><b>seal-wrapped read, cold</b>: a fresh layer and barrier over the same files (one KMS Decrypt each);</li>
 *   <li><b>rewrap</b>: {@code --entries} seal-wrapped entries, the alias moved to a new key, one {@link Rewrapper}
 *       run without its rate limit: entries per second and KMS calls per entry.</li>
 * </ol>
 * KMS is moto_server on 127.0.0.1 behind {@link KmsFaultProxy}, which counts every KMS request. Latencies on a
 * shared 2-core machine are noisy: compare the ratios, which are measured in one run.
 *
 * <p>Arguments: {@code [--ops N] [--entries N]} (defaults 300 and 10000).
 */
public final class SealWrapBenchmark {

    private static final String PREFIX = "logical/sw/";

    private SealWrapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int ops = 300;
        int entries = 10_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ops" -> ops = Integer.parseInt(args[i + 1]);
                case "--entries" -> entries = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MotoServer moto = MotoServer.shared();
        String first = moto.createKey();
        String alias = "alias/sealwrap-bench-" + System.nanoTime();
        moto.createAlias(alias, first);
        Path dir = Files.createTempDirectory("sealwrap-bench");
        SecureRandom random = new SecureRandom();
        byte[] rootKey = new byte[32];
        random.nextBytes(rootKey);
        byte[] value = new byte[256];
        random.nextBytes(value);
        List<String> rows = new ArrayList<>();
        try (KmsFaultProxy proxy = new KmsFaultProxy(moto.endpoint());
                KmsClient client = MotoServer.clientFor(proxy.endpoint(), Duration.ofSeconds(10));
                FileStorage files = new FileStorage(dir.resolve("data"))) {
            AwsKmsKeyWrapper wrapper = AwsKmsKeyWrapper.create(new SdkKmsPort(client, "us-east-1",
                    proxy.endpoint().toString()), alias, random, Map.of());

            AesGcmBarrier plain = new AesGcmBarrier(files, random, Clock.systemUTC());
            plain.initialize(rootKey);
            plain.unseal(rootKey);
            SealWrapStorage layer = layer(files, wrapper);
            AesGcmBarrier wrapped = new AesGcmBarrier(layer, random, Clock.systemUTC());
            wrapped.unseal(rootKey);

            // warm-up: class loading, the SDK's first calls, the JIT
            for (int i = 0; i < 50; i++) {
                plain.put("logical/warm/" + i, value);
                plain.get("logical/warm/" + i);
                wrapped.put(PREFIX + "warm" + i, value);
                wrapped.get(PREFIX + "warm" + i);
            }

            Result plainWrite = measure(proxy, ops, i -> plain.put("logical/plain/" + i, value));
            Result plainRead = measure(proxy, ops, i -> plain.get("logical/plain/" + i));
            Result swWrite = measure(proxy, ops, i -> wrapped.put(PREFIX + i, value));
            Result swReadCached = measure(proxy, ops, i -> wrapped.get(PREFIX + i));
            SealWrapStorage coldLayer = layer(files, wrapper);
            AesGcmBarrier cold = new AesGcmBarrier(coldLayer, random, Clock.systemUTC());
            cold.unseal(rootKey);
            Result swReadCold = measure(proxy, ops, i -> cold.get(PREFIX + i));

            rows.add("| operation | median µs | p99 µs | KMS calls per op | median vs plain |");
            rows.add("|---|---|---|---|---|");
            rows.add(row("plain barrier write (baseline)", plainWrite, plainWrite));
            rows.add(row("seal-wrapped write", swWrite, plainWrite));
            rows.add(row("plain barrier read (baseline)", plainRead, plainRead));
            rows.add(row("seal-wrapped read, cached", swReadCached, plainRead));
            rows.add(row("seal-wrapped read, cold", swReadCold, plainRead));

            // rewrap: a store of `entries` seal-wrapped values moved to a new key
            for (int i = 0; i < entries; i++) {
                layer.put(PREFIX + "r/" + i, value);
            }
            String second = moto.createKey();
            moto.updateAlias(alias, second);
            wrapper.encrypt(new byte[1], null); // KMS tells the wrapper the alias's new key (as at a restart)
            SealWrapStorage afterMove = layer(files, wrapper);
            afterMove.ensureIndex();
            int stale = afterMove.stalePaths().size();
            Rewrapper rewrapper = new Rewrapper(afterMove, files, new Rewrapper.Settings(0, 8, Duration.ofMillis(100)));
            proxy.resetCounts();
            long t0 = System.nanoTime();
            rewrapper.start();
            if (!rewrapper.await(Duration.ofMinutes(30))) {
                throw new IllegalStateException("rewrap did not finish in 30 minutes");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Rewrapper.Status st = rewrapper.status();
            int calls = proxy.totalCount();
            SealWrapStorage.KeyUsage usage = afterMove.keyUsage(true);
            rows.add("");
            rows.add("| rewrap | value |");
            rows.add("|---|---|");
            rows.add("| entries under the old key before | " + stale + " |");
            rows.add("| processed / succeeded / failed | " + st.processed() + " / " + st.succeeded() + " / "
                    + st.failed() + " |");
            rows.add(String.format(Locale.ROOT, "| time | %.1f s |", seconds));
            rows.add(String.format(Locale.ROOT, "| throughput | %.0f entries/s |", st.processed() / seconds));
            rows.add(String.format(Locale.ROOT, "| KMS calls per rewrapped entry | %.2f (%s) |",
                    (double) calls / Math.max(1, stale), proxy.counts()));
            rows.add("| entries on the old key after (verified scan) | " + usage.entriesByKey().getOrDefault(first, 0)
                    + " |");
        }
        System.out.println(String.join("\n", rows));
    }

    private static SealWrapStorage layer(Storage files, AwsKmsKeyWrapper wrapper) {
        SealWrapStorage s = new SealWrapStorage(files, wrapper,
                new SealWrapStorage.Settings(true, Set.of("core/keyring"), List.of(), Set.of(), 100_000));
        s.addPrefix(PREFIX);
        return s;
    }

    private record Result(long medianNanos, long p99Nanos, double kmsPerOp) {}

    private interface Op {
        void run(int i);
    }

    private static Result measure(KmsFaultProxy proxy, int n, Op op) {
        long[] t = new long[n];
        proxy.resetCounts();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            op.run(i);
            t[i] = System.nanoTime() - s;
        }
        java.util.Arrays.sort(t);
        return new Result(t[n / 2], t[Math.min(n - 1, (int) (n * 0.99))], (double) proxy.totalCount() / n);
    }

    private static String row(String name, Result r, Result base) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f× |", name, r.medianNanos() / 1e3,
                r.p99Nanos() / 1e3, r.kmsPerOp(), (double) r.medianNanos() / base.medianNanos());
    }
}
