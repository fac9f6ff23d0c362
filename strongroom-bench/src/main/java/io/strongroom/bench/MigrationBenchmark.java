package io.strongroom.bench;

import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.SdkKmsPort;
import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.core.lifecycle.HaState;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.core.lifecycle.SealListener;
import io.strongroom.core.lifecycle.SealMigration;
import io.strongroom.core.lifecycle.SealStrategies;
import io.strongroom.core.lifecycle.SealStrategy;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.Rewrapper;
import io.strongroom.seal.SealSet;
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
 * Seal migration benchmark (issue 10): the time and the KMS calls of a migration of a store of {@code --entries}
 * values, {@code --wrapped} of them in a {@code seal_wrap} mount, from the {@code -migrate} unseal until the rewrap
 * that follows it has finished, for each direction. The baseline, measured in the same run over a copy of the same
 * store, is a plain rewrap: the store's auto seal moved to another KMS key without a migration (the stored keys
 * re-wrapped at unseal, then every seal-wrapped value by {@link Rewrapper}), i.e. the least work that moves every
 * KMS-protected entry. KMS is moto_server behind {@link KmsFaultProxy}, which counts the requests; the rewrap runs
 * without its rate limit. Compare the ratios: the machine is shared and noisy.
 *
 * <p>Arguments: {@code [--entries N] [--wrapped M]} (defaults 10000 and 1000).
 */
public final class MigrationBenchmark {

    private static final String PLAIN = "logical/kv/";
    private static final String WRAPPED = "logical/sw/";
    private static final CoreLifecycle.Settings SETTINGS = new CoreLifecycle.Settings("bench", "bench", "file", "b");

    private final SecureRandom random = new SecureRandom();
    private final KmsFaultProxy proxy;
    private final SdkKmsPort port;

    private MigrationBenchmark(KmsFaultProxy proxy, SdkKmsPort port) {
        this.proxy = proxy;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int entries = 10_000;
        int wrapped = 1_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[i + 1]);
                case "--wrapped" -> wrapped = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MotoServer moto = MotoServer.shared();
        Path dir = Files.createTempDirectory("migration-bench");
        List<String> rows = new ArrayList<>();
        try (KmsFaultProxy proxy = new KmsFaultProxy(moto.endpoint());
                KmsClient client = MotoServer.clientFor(proxy.endpoint(), Duration.ofSeconds(10))) {
            MigrationBenchmark b = new MigrationBenchmark(proxy, new SdkKmsPort(client, "us-east-1",
                    proxy.endpoint().toString()));
            String keyA = moto.createKey();
            String keyB = moto.createKey();
            String keyC = moto.createKey();
            b.warmUp(dir.resolve("warm"), keyA);

            // an awskms store (key A) and an identical copy: the copy moves to key C without a migration (baseline)
            InitResult auto = b.fill(dir.resolve("auto"), keyA, entries, wrapped);
            copy(dir.resolve("auto"), dir.resolve("auto-baseline"));
            copy(dir.resolve("auto"), dir.resolve("auto-to-shamir"));
            Run baseline = b.run(dir.resolve("auto-baseline"), b.kms(keyC), null, null, false);
            Run autoToAuto = b.run(dir.resolve("auto"), b.kms(keyB), b.kms(keyA), auto.recoveryKeys(), true);
            Run autoToShamir = b.run(dir.resolve("auto-to-shamir"), null, b.kms(keyA), auto.recoveryKeys(), true);
            InitResult shamir = b.fill(dir.resolve("shamir"), null, entries, wrapped);
            Run shamirToAuto = b.run(dir.resolve("shamir"), b.kms(keyB), null, shamir.keys(), true);

            rows.add("| " + entries + " entries, " + wrapped + " seal-wrapped | time | vs baseline | KMS calls "
                    + "(Encrypt/Decrypt) |");
            rows.add("|---|---|---|---|");
            rows.add(row("plain rewrap to another key (baseline)", baseline, baseline));
            rows.add(row("awskms → awskms migration", autoToAuto, baseline));
            rows.add(row("shamir → awskms migration", shamirToAuto, baseline));
            rows.add(row("awskms → shamir migration", autoToShamir, baseline));
        }
        System.out.println(String.join("\n", rows));
    }

    private record Run(double seconds, int calls, Map<String, Integer> counts) {}

    private KeyWrapper kms(String keyArn) {
        return AwsKmsKeyWrapper.create(port, keyArn, random, Map.of());
    }

    /** One "process": storage, seal-wrap layer, barrier, lifecycle; the rewrap runs after every unseal. */
    private final class Node {
        final FileStorage files;
        final SealWrapStorage wrap;
        final Rewrapper rewrapper;
        final AesGcmBarrier barrier;
        final CoreLifecycle core;

        Node(Path dir, KeyWrapper enabled, KeyWrapper disabled) {
            files = new FileStorage(dir);
            Clock clock = Clock.systemUTC();
            SealStrategy strategy;
            SealSet set;
            SealSet.Member old = disabled == null ? null : new SealSet.Member("awskms-disabled", 1, disabled);
            if (enabled != null) {
                set = new SealSet(1, List.of(new SealSet.Member("awskms", 1, enabled)),
                        old == null ? List.of() : List.of(old), clock);
                strategy = SealStrategies.create("awskms", set);
            } else {
                strategy = SealStrategies.shamir();
                set = old == null ? null : new SealSet(1, List.of(), List.of(old), clock);
            }
            wrap = set == null ? null : new SealWrapStorage(files, set, new SealWrapStorage.Settings(true,
                    Set.of("core/keyring", "core/root-key"), List.of("core/upgrade/"),
                    Set.of("core/hsm/barrier-unseal-keys", "core/recovery-key"), 100_000));
            if (wrap != null) {
                wrap.addPrefix(WRAPPED);
            }
            rewrapper = wrap == null ? null : new Rewrapper(wrap, files, new Rewrapper.Settings(0, 8,
                    Duration.ofMillis(100)));
            Storage below = wrap == null ? files : wrap;
            barrier = new AesGcmBarrier(below, random, clock);
            SealListener listener = new SealListener() {
                @Override
                public void afterUnseal() {
                    if (rewrapper != null) {
                        rewrapper.afterUnseal();
                    }
                }

                @Override
                public void beforeSeal() {
                    if (rewrapper != null) {
                        rewrapper.beforeSeal();
                    }
                }
            };
            core = new CoreLifecycle(below, barrier, strategy, random, clock, SETTINGS, null, listener, HaState.OFF,
                    new SealMigration.Config(disabled == null ? null : new SealMigration.Disabled("awskms",
                            "awskms-disabled", disabled, "bench"), "bench"));
        }

        void awaitRewrap() throws InterruptedException {
            if (rewrapper != null && !rewrapper.await(Duration.ofMinutes(30))) {
                throw new IllegalStateException("rewrap did not finish in 30 minutes");
            }
        }

        void close() throws InterruptedException {
            awaitRewrap();
            core.sealForShutdown();
            files.close();
        }
    }

    /** Initializes a store (awskms on {@code keyArn}, or shamir when null) and writes the entries. */
    private InitResult fill(Path dir, String keyArn, int entries, int wrapped) throws InterruptedException {
        Node n = new Node(dir, keyArn == null ? null : kms(keyArn), null);
        InitResult init = keyArn == null ? n.core.initialize(new InitRequest(3, 2, null, null, null, null, null))
                : n.core.initialize(new InitRequest(null, null, 3, 2, null, null, null));
        if (n.core.isSealed()) {
            n.core.submitKeyShare(init.keys().get(0));
            n.core.submitKeyShare(init.keys().get(1));
        }
        byte[] value = new byte[256];
        random.nextBytes(value);
        BarrierView plain = new BarrierView(n.barrier, PLAIN);
        BarrierView sw = new BarrierView(n.barrier, WRAPPED);
        for (int i = 0; i < entries; i++) {
            (i < wrapped ? sw : plain).put("e" + i, value);
        }
        n.close();
        return init;
    }

    /** A restart with the given seals, the shares submitted (with migrate) when given, until the rewrap is done. */
    private Run run(Path dir, KeyWrapper enabled, KeyWrapper disabled, List<byte[]> shares, boolean migrate)
            throws InterruptedException {
        proxy.resetCounts();
        long t0 = System.nanoTime();
        Node n = new Node(dir, enabled, disabled);
        n.core.checkConfiguredSeal();
        if (shares == null) {
            if (!n.core.tryAutoUnseal()) {
                throw new IllegalStateException("auto-unseal failed");
            }
        } else {
            n.core.submitKeyShare(shares.get(0), migrate);
            if (n.core.submitKeyShare(shares.get(1), migrate).sealed()) {
                throw new IllegalStateException("migration did not unseal");
            }
        }
        n.awaitRewrap();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Run r = new Run(seconds, proxy.totalCount(), proxy.counts());
        if (n.wrap != null && n.wrap.seals().primary().isPresent() && !n.wrap.fullyWrapped()) {
            throw new IllegalStateException("not fully wrapped after the run");
        }
        n.close();
        return r;
    }

    private void warmUp(Path dir, String keyArn) throws InterruptedException {
        fill(dir, keyArn, 200, 50);
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(".lock")) {
                    continue;
                }
                // attributes too: the file storage keeps 0700 folders and 0600 files
                Files.copy(p, to.resolve(from.relativize(p).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static String row(String name, Run r, Run base) {
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f× | %d (%d/%d) |", name, r.seconds(),
                r.seconds() / base.seconds(), r.calls(), r.counts().getOrDefault("Encrypt", 0),
                r.counts().getOrDefault("Decrypt", 0));
    }
}
