package io.strongroom.bench;

import io.strongroom.awskms.AwsKmsConfigResolver;
import io.strongroom.awskms.AwsKmsSeal;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.SealWrapStorage;
import io.strongroom.storage.InmemStorage;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Seal HA benchmark (issue 10): what a second seal costs at unseal and on a seal-wrapped write, and what an unseal
 * costs while the first-priority seal is down, each against the one-seal baseline measured in the same run.
 *
 * <p><b>Unseal</b>: a store initialized under the scenario's seals, then per round a fresh "process" over it (a new
 * seal-wrap layer, barrier and lifecycle, so no cache helps) and the time of its auto-unseal: the stored root key,
 * the recovery key check is not part of it, and the seal-wrapped keyring and root-key copy, each one KMS Decrypt.
 * Scenarios: <i>one seal</i> (baseline); <i>two seals</i> (both up); <i>first-priority seal down, not yet known</i>
 * (its endpoint refuses connections, so each read first fails on it: what the first unseal after an outage begins
 * pays); <i>first-priority seal down, known</i> (marked unhealthy, as the start-up key check or a health probe marks
 * it: what a server started during the outage pays). The scenarios run interleaved in a shuffled order per round.
 *
 * <p><b>Write</b>: a 256-byte seal-wrapped barrier write with one seal and with two (one KMS Encrypt per seal),
 * interleaved op by op.
 *
 * <p>Every seal reaches moto through its own {@link KmsFaultProxy} (the same extra hop for all), built with the
 * server's own client settings (retries and timeouts of {@code KmsClientFactory}). Arguments:
 * {@code [--rounds N] [--ops N]} (defaults 40 and 200).
 */
public final class SealHaBenchmark {

    private static final String PREFIX = "logical/sw/";
    private static final CoreLifecycle.Settings SETTINGS = new CoreLifecycle.Settings("bench", "", "inmem", "bench");

    private SealHaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 40;
        int ops = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--ops" -> ops = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MotoServer moto = MotoServer.shared();
        String eastKey = moto.createKey();
        String westKey = moto.createKey();
        SecureRandom random = new SecureRandom();
        List<AwsKmsSeal> clients = new ArrayList<>();
        try (KmsFaultProxy eastProxy = new KmsFaultProxy(moto.endpoint());
                KmsFaultProxy westProxy = new KmsFaultProxy(moto.endpoint());
                KmsFaultProxy downProxy = new KmsFaultProxy(moto.endpoint())) {
            KeyWrapper east = wrapper(eastKey, eastProxy.endpoint(), random, clients);
            KeyWrapper west = wrapper(westKey, westProxy.endpoint(), random, clients);
            KeyWrapper eastDown = wrapper(eastKey, downProxy.endpoint(), random, clients); // checked while up
            downProxy.refuse(true); // the first-priority "region" goes down

            Supplier<SealSet> one = () -> set(List.of(member("east", 1, east)));
            Supplier<SealSet> two = () -> set(List.of(member("east", 1, east), member("west", 2, west)));
            Supplier<SealSet> downUnknown = () -> set(List.of(member("east", 1, eastDown), member("west", 2, west)));
            Supplier<SealSet> downKnown = () -> {
                SealSet s = downUnknown.get();
                s.markUnhealthy("east");
                return s;
            };
            InmemStorage oneStore = initialized(one.get(), random);
            InmemStorage twoStore = initialized(two.get(), random);

            Map<String, Runnable> scenarios = new LinkedHashMap<>();
            Map<String, long[]> times = new LinkedHashMap<>();
            scenarios.put("one seal (baseline)", () -> unseal(oneStore, one.get(), random));
            scenarios.put("two seals", () -> unseal(twoStore, two.get(), random));
            scenarios.put("two seals, first-priority down, not yet known", () -> unseal(twoStore, downUnknown.get(),
                    random));
            scenarios.put("two seals, first-priority down, marked unhealthy", () -> unseal(twoStore, downKnown.get(),
                    random));
            scenarios.keySet().forEach(k -> times.put(k, new long[0]));
            for (int w = 0; w < 5; w++) { // warm-up: class loading, JIT, first connections
                scenarios.values().forEach(Runnable::run);
            }
            Random order = new Random(42);
            Map<String, List<Long>> samples = new LinkedHashMap<>();
            scenarios.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                List<String> names = new ArrayList<>(scenarios.keySet());
                Collections.shuffle(names, order);
                for (String n : names) {
                    long t0 = System.nanoTime();
                    scenarios.get(n).run();
                    samples.get(n).add(System.nanoTime() - t0);
                }
            }
            List<String> rows = new ArrayList<>();
            rows.add("| unseal | median ms | p90 ms | median vs one seal |");
            rows.add("|---|---|---|---|");
            double base = median(samples.get("one seal (baseline)"));
            for (Map.Entry<String, List<Long>> e : samples.entrySet()) {
                rows.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× |", e.getKey(), median(e.getValue()) / 1e6,
                        pct(e.getValue(), 0.9) / 1e6, median(e.getValue()) / base));
            }

            // seal-wrapped write latency, one seal vs two, interleaved op by op
            AesGcmBarrier oneBarrier = unsealedBarrier(oneStore, one.get(), random);
            AesGcmBarrier twoBarrier = unsealedBarrier(twoStore, two.get(), random);
            byte[] value = new byte[256];
            random.nextBytes(value);
            for (int i = 0; i < 20; i++) {
                oneBarrier.put(PREFIX + "warm" + i, value);
                twoBarrier.put(PREFIX + "warm" + i, value);
            }
            List<Long> w1 = new ArrayList<>();
            List<Long> w2 = new ArrayList<>();
            for (int i = 0; i < ops; i++) {
                boolean oneFirst = order.nextBoolean();
                for (int k = 0; k < 2; k++) {
                    boolean doOne = (k == 0) == oneFirst;
                    long t0 = System.nanoTime();
                    (doOne ? oneBarrier : twoBarrier).put(PREFIX + "w" + i, value);
                    (doOne ? w1 : w2).add(System.nanoTime() - t0);
                }
            }
            rows.add("");
            rows.add("| seal-wrapped write (256 bytes) | median ms | p90 ms | median vs one seal |");
            rows.add("|---|---|---|---|");
            rows.add(String.format(Locale.ROOT, "| one seal (baseline) | %.2f | %.2f | 1.00× |", median(w1) / 1e6,
                    pct(w1, 0.9) / 1e6));
            rows.add(String.format(Locale.ROOT, "| two seals | %.2f | %.2f | %.2f× |", median(w2) / 1e6,
                    pct(w2, 0.9) / 1e6, median(w2) / median(w1)));
            rows.add("");
            rows.add("rounds " + rounds + ", write ops " + ops + ", KMS requests east/west/down: "
                    + eastProxy.totalCount() + "/" + westProxy.totalCount() + "/" + downProxy.totalCount());
            System.out.println(String.join("\n", rows));
        } finally {
            clients.forEach(AwsKmsSeal::close);
        }
    }

    private static KeyWrapper wrapper(String key, URI endpoint, SecureRandom random, List<AwsKmsSeal> clients) {
        Map<String, Object> block = Map.of("kms_key_id", key, "region", "us-east-1", "endpoint", endpoint.toString(),
                "access_key", "AKIDBENCH", "secret_key", "bench-secret");
        AwsKmsSeal seal = AwsKmsSeal.connect(AwsKmsConfigResolver.resolve(block, Map.of()), Map.of());
        clients.add(seal);
        return seal.checkKey(random);
    }

    private static SealSet.Member member(String name, int priority, KeyWrapper w) {
        return new SealSet.Member(name, priority, w);
    }

    private static SealSet set(List<SealSet.Member> members) {
        return new SealSet(2, members, List.of(), Clock.systemUTC());
    }

    private static SealWrapStorage layer(InmemStorage disk, SealSet seals) {
        SealWrapStorage l = new SealWrapStorage(disk, seals, new SealWrapStorage.Settings(true,
                Set.of("core/keyring", "core/root-key"), List.of(),
                Set.of("core/hsm/barrier-unseal-keys", "core/recovery-key"), 10_000));
        l.addPrefix(PREFIX);
        return l;
    }

    private static CoreLifecycle lifecycle(InmemStorage disk, SealSet seals, SecureRandom random) {
        SealWrapStorage l = layer(disk, seals);
        return new CoreLifecycle(l, new AesGcmBarrier(l, random, Clock.systemUTC()),
                SealStrategies.create("awskms", seals), random, Clock.systemUTC(), SETTINGS);
    }

    private static InmemStorage initialized(SealSet seals, SecureRandom random) {
        InmemStorage disk = new InmemStorage();
        lifecycle(disk, seals, random).initialize(new InitRequest(null, null, 1, 1, null, null, null));
        return disk;
    }

    private static void unseal(InmemStorage disk, SealSet seals, SecureRandom random) {
        CoreLifecycle l = lifecycle(disk, seals, random);
        if (!l.tryAutoUnseal()) {
            throw new IllegalStateException("did not unseal");
        }
    }

    private static AesGcmBarrier unsealedBarrier(InmemStorage disk, SealSet seals, SecureRandom random) {
        SealWrapStorage l = layer(disk, seals);
        AesGcmBarrier b = new AesGcmBarrier(l, random, Clock.systemUTC());
        CoreLifecycle c = new CoreLifecycle(l, b, SealStrategies.create("awskms", seals), random, Clock.systemUTC(),
                SETTINGS);
        if (!c.tryAutoUnseal()) {
            throw new IllegalStateException("did not unseal");
        }
        return b;
    }

    private static double median(List<Long> v) {
        return pct(v, 0.5);
    }

    private static double pct(List<Long> v, double p) {
        long[] a = v.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) Math.ceil(p * a.length) - 1)];
    }
}
