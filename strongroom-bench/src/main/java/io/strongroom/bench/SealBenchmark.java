package io.strongroom.bench;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.retry.PredefinedRetryPolicies;
import com.amazonaws.services.kms.AWSKMS;
import com.amazonaws.services.kms.AWSKMSClientBuilder;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.integration.awskms.AwsKmsAead;
import io.strongroom.awskms.AwsKmsKeyWrapper;
import io.strongroom.awskms.KmsPort;
import io.strongroom.awskms.SdkKmsPort;
import io.strongroom.seal.BlobInfo;
import io.strongroom.testkit.KmsFaultProxy;
import io.strongroom.testkit.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Seal benchmark: wraps and unwraps a 32-byte key (the size of a Vault root/recovery key) with four schemes
 * against one local KMS (moto_server) started by this program, and prints a Markdown report.
 *
 * <ol>
 *   <li><b>raw SDK</b> (the baseline): AWS SDK v2 {@code Encrypt} + {@code Decrypt} of the 32 bytes themselves,
 *       the floor for any KMS-backed seal: two KMS round trips per wrap+unwrap;</li>
 *   <li><b>Strongroom</b>: {@link AwsKmsKeyWrapper} over {@link SdkKmsPort} (local AES-256-GCM, KMS wraps the
 *       data key);</li>
 *   <li><b>AWS Encryption SDK 3.0.2</b>: AWS KMS keyring, committing suite without signature
 *       ({@code ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY}, {@code RequireEncryptRequireDecrypt});</li>
 *   <li><b>Tink 1.24.0</b>: {@code KmsEnvelopeAead} (AES256_GCM DEK) over tink-awskms 1.11.0's
 *       {@code AwsKmsAead} with an AWS SDK v1 client.</li>
 * </ol>
 *
 * <h2>Method</h2>
 * Every scheme talks to moto through its <em>own</em> {@link KmsFaultProxy} (no faults injected), so every scheme
 * pays the same extra local hop and the proxy counts the KMS requests each one makes, per operation name.
 * The schemes run interleaved: in each round every scheme does one encrypt then one decrypt, in an order
 * shuffled per round (seeded), so that machine noise (other builds on the 2 shared cores, moto's GC) and
 * position effects fall on all schemes alike. Warm-up rounds (JIT, class loading, first connections, the
 * Encryption SDK's Dafny initialisation) are run first and discarded. Each decrypt result is checked against
 * the plaintext. Reported per scheme: median and p99 (nearest rank) of encrypt, decrypt and their sum per round
 * (the round trip), the ratio of the median round trip to the raw SDK's in the same run with a bootstrap 95%
 * interval, KMS requests per operation, and the blob size for a 32-byte plaintext. Strongroom's local crypto
 * cost is measured separately by running the same wrapper over an in-process identity {@link KmsPort} (no KMS
 * at all), which leaves only random generation, AES-256-GCM and blob assembly.
 *
 * <h2>Caveats</h2>
 * moto answers in about 6–7 ms per call and closes every connection, so the numbers are dominated by moto and
 * by a fresh TCP connection per call; they say how the schemes compare with each other on the same path, not
 * what real AWS KMS latency would be. Figures vary by about 30% between runs on shared machines, which is why
 * only ratios against a baseline measured in the same run are meaningful. The SDK v1 client (Tink) and the SDK
 * v2 clients have their retries disabled so that one operation is exactly the requests the proxy counts. No
 * encryption context / associated data is used by any scheme. Single-threaded: this is latency, not throughput.
 *
 * <p>Arguments: {@code --rounds N} (measured rounds, default 300), {@code --warmup N} (default 10),
 * {@code --out FILE} (also write the report there), {@code --seed N} (round order shuffle, default 1).
 */
public final class SealBenchmark {

    private static final int KEY_BYTES = 32;
    private static final String REGION = "us-east-1";
    /** Iterations for the local (no-KMS) crypto timing: enough for a stable median, well under a second. */
    private static final int LOCAL_ITERATIONS = 20_000;

    private SealBenchmark() {}

    /** One scheme under test: wrap and unwrap of a byte array, with its blob as bytes. */
    private interface Scheme {
        byte[] encrypt(byte[] plaintext) throws Exception;

        byte[] decrypt(byte[] blob) throws Exception;
    }

    /** A scheme's name, its proxy, and everything measured for it. */
    private static final class Subject {
        final String name;
        final KmsFaultProxy proxy;
        Scheme scheme;
        String failure; // non-null: this peer could not be made to work, with the exact error
        final List<Long> encNanos = new ArrayList<>();
        final List<Long> decNanos = new ArrayList<>();
        final List<Long> rtNanos = new ArrayList<>();
        final Map<String, Integer> encCalls = new TreeMap<>();
        final Map<String, Integer> decCalls = new TreeMap<>();
        int minBlob = Integer.MAX_VALUE;
        int maxBlob;

        Subject(String name, KmsFaultProxy proxy) {
            this.name = name;
            this.proxy = proxy;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 300;
        int warmup = 10;
        long seed = 1;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                default:
                    System.err.println("usage: SealBenchmark [--rounds N] [--warmup N] [--seed N] [--out FILE]");
                    System.exit(2);
            }
        }
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--rounds must be >= 1 and --warmup >= 0");
        }
        // tink-awskms is built on SDK v1, which otherwise prints a multi-line end-of-support banner on stderr
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");

        String report;
        try (MotoServer moto = new MotoServer().start()) {
            report = run(moto, rounds, warmup, seed);
        }
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.err.println("report written to " + out);
        }
    }

    private static String run(MotoServer moto, int rounds, int warmup, long seed) throws Exception {
        String keyArn = moto.createKey();
        List<Subject> subjects = new ArrayList<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            Subject raw = subject(subjects, "raw AWS SDK v2 Encrypt+Decrypt (baseline)", moto);
            Subject strongroom = subject(subjects, "Strongroom AwsKmsKeyWrapper / SdkKmsPort", moto);
            Subject esdk = subject(subjects, "AWS Encryption SDK 3.0.2 (KMS keyring, committing, no signature)", moto);
            Subject tink = subject(subjects, "Tink 1.24.0 KmsEnvelopeAead (AES256_GCM) + tink-awskms 1.11.0", moto);
            subjects.forEach(s -> closeables.add(s.proxy));

            setUp(raw, () -> rawSdk(client(raw, closeables), keyArn));
            setUp(strongroom, () -> strongroom(client(strongroom, closeables), keyArn, strongroom.proxy));
            setUp(esdk, () -> encryptionSdk(client(esdk, closeables), keyArn));
            setUp(tink, () -> tink(tink.proxy, keyArn, closeables));

            SecureRandom random = new SecureRandom();
            Random order = new Random(seed);
            List<Subject> live = new ArrayList<>();
            for (Subject s : subjects) {
                if (s.failure == null) {
                    live.add(s);
                }
            }
            for (int round = 0; round < warmup + rounds; round++) {
                boolean measured = round >= warmup;
                if (round == warmup) {
                    // set-up calls (DescribeKey) and warm-up must not show in the per-operation counts
                    subjects.forEach(s -> s.proxy.resetCounts());
                }
                Collections.shuffle(live, order);
                for (Subject s : new ArrayList<>(live)) {
                    byte[] key = new byte[KEY_BYTES];
                    random.nextBytes(key);
                    try {
                        oneRound(s, key, measured);
                    } catch (Exception e) {
                        // a peer that breaks mid-run is reported, not allowed to abort the others
                        s.failure = "failed in round " + round + ": " + describe(e);
                        live.remove(s);
                        e.printStackTrace();
                    }
                }
            }
            double[] localNanos = localCrypto(keyArn);
            return report(subjects, rounds, warmup, seed, localNanos);
        } finally {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort at shutdown
                }
            }
        }
    }

    private static Subject subject(List<Subject> subjects, String name, MotoServer moto) {
        Subject s = new Subject(name, new KmsFaultProxy(moto.endpoint()));
        subjects.add(s);
        return s;
    }

    private interface SchemeFactory {
        Scheme create() throws Exception;
    }

    private static void setUp(Subject s, SchemeFactory factory) {
        try {
            s.scheme = factory.create();
        } catch (Throwable e) {
            s.failure = "set-up failed: " + describe(e);
            e.printStackTrace();
        }
    }

    /** SDK v2 client through this scheme's proxy, SDK retries off (see {@link MotoServer#clientFor}). */
    private static KmsClient client(Subject s, List<AutoCloseable> closeables) {
        KmsClient client = MotoServer.clientFor(s.proxy.endpoint(), Duration.ofSeconds(10));
        closeables.add(client);
        return client;
    }

    private static void oneRound(Subject s, byte[] key, boolean measured) throws Exception {
        Map<String, Integer> c0 = s.proxy.counts();
        long t0 = System.nanoTime();
        byte[] blob = s.scheme.encrypt(key);
        long t1 = System.nanoTime();
        Map<String, Integer> c1 = s.proxy.counts();
        long t2 = System.nanoTime();
        byte[] back = s.scheme.decrypt(blob);
        long t3 = System.nanoTime();
        Map<String, Integer> c2 = s.proxy.counts();
        if (!Arrays.equals(key, back)) {
            throw new IllegalStateException(s.name + ": decrypt did not return the plaintext");
        }
        if (!measured) {
            return;
        }
        s.encNanos.add(t1 - t0);
        s.decNanos.add(t3 - t2);
        s.rtNanos.add((t1 - t0) + (t3 - t2));
        addDelta(s.encCalls, c0, c1);
        addDelta(s.decCalls, c1, c2);
        s.minBlob = Math.min(s.minBlob, blob.length);
        s.maxBlob = Math.max(s.maxBlob, blob.length);
    }

    private static void addDelta(Map<String, Integer> into, Map<String, Integer> before, Map<String, Integer> after) {
        after.forEach((op, n) -> {
            int d = n - before.getOrDefault(op, 0);
            if (d != 0) {
                into.merge(op, d, Integer::sum);
            }
        });
    }

    // ---- the four schemes ----

    private static Scheme rawSdk(KmsClient client, String keyArn) {
        return new Scheme() {
            @Override
            public byte[] encrypt(byte[] plaintext) {
                return client.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext)))
                        .ciphertextBlob().asByteArray();
            }

            @Override
            public byte[] decrypt(byte[] blob) {
                // no KeyId, as Strongroom (and Vault) decrypt: KMS finds the key from the ciphertext
                return client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))).plaintext().asByteArray();
            }
        };
    }

    private static Scheme strongroom(KmsClient client, String keyArn, KmsFaultProxy proxy) {
        KmsPort port = new SdkKmsPort(client, REGION, proxy.endpoint().toString());
        AwsKmsKeyWrapper wrapper = AwsKmsKeyWrapper.create(port, keyArn, new SecureRandom(), Map.of());
        return new Scheme() {
            @Override
            public byte[] encrypt(byte[] plaintext) {
                // the serialized blob is what the seal stores, so its encoding cost belongs to the operation
                return wrapper.encrypt(plaintext, null).toByteArray();
            }

            @Override
            public byte[] decrypt(byte[] blob) {
                return wrapper.decrypt(BlobInfo.parseFrom(blob), null);
            }
        };
    }

    private static Scheme encryptionSdk(KmsClient client, String keyArn) {
        MaterialProviders mpl = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        // the keyring takes our client as is, so it goes through this scheme's proxy to moto
        IKeyring keyring = mpl.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder()
                .kmsKeyId(keyArn)
                .kmsClient(client)
                .build());
        // the default suite adds an ECDSA P-384 signature (~+10 ms, 564 bytes); a seal has no use for one
        AwsCrypto crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .build();
        return new Scheme() {
            @Override
            public byte[] encrypt(byte[] plaintext) {
                return crypto.encryptData(keyring, plaintext).getResult();
            }

            @Override
            public byte[] decrypt(byte[] blob) {
                return crypto.decryptData(keyring, blob).getResult();
            }
        };
    }

    private static Scheme tink(KmsFaultProxy proxy, String keyArn, List<AutoCloseable> closeables) throws Exception {
        // tink-awskms's AwsKmsClient has no endpoint override: build the SDK v1 client ourselves
        AWSKMS v1 = AWSKMSClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(
                        proxy.endpoint().toString(), REGION))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test")))
                .withClientConfiguration(new ClientConfiguration()
                        .withRetryPolicy(PredefinedRetryPolicies.NO_RETRY_POLICY)
                        .withRequestTimeout(10_000))
                .build();
        closeables.add(v1::shutdown);
        Aead remote = new AwsKmsAead(v1, keyArn);
        Aead envelope = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, remote);
        byte[] noAad = new byte[0];
        return new Scheme() {
            @Override
            public byte[] encrypt(byte[] plaintext) throws Exception {
                return envelope.encrypt(plaintext, noAad);
            }

            @Override
            public byte[] decrypt(byte[] blob) throws Exception {
                return envelope.decrypt(blob, noAad);
            }
        };
    }

    // ---- Strongroom's local crypto cost ----

    /**
     * Median nanoseconds of {encrypt, decrypt, encrypt+decrypt} of Strongroom's wrapper over an in-process
     * identity {@link KmsPort}: its "wrap" returns the data key as is, so what is left is what the seal does
     * locally (random data key and IV, AES-256-GCM with a fresh {@code Cipher}, blob encode/parse).
     * Not a usable seal; only for this measurement.
     */
    private static double[] localCrypto(String keyArn) {
        KmsPort identity = new KmsPort() {
            @Override
            public Encrypted encrypt(String keyId, byte[] plaintext) {
                return new Encrypted(keyArn, plaintext.clone());
            }

            @Override
            public Decrypted decrypt(byte[] ciphertextBlob) {
                return new Decrypted(keyArn, ciphertextBlob.clone());
            }

            @Override
            public KeyDescription describeKey(String keyId) {
                return new KeyDescription(keyArn, "Enabled");
            }
        };
        AwsKmsKeyWrapper wrapper = AwsKmsKeyWrapper.create(identity, keyArn, new SecureRandom(), Map.of());
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        long[] enc = new long[LOCAL_ITERATIONS];
        long[] dec = new long[LOCAL_ITERATIONS];
        long[] rt = new long[LOCAL_ITERATIONS];
        // first half is warm-up for the JIT; only the second half is kept
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < LOCAL_ITERATIONS; i++) {
                long t0 = System.nanoTime();
                byte[] blob = wrapper.encrypt(key, null).toByteArray();
                long t1 = System.nanoTime();
                byte[] back = wrapper.decrypt(BlobInfo.parseFrom(blob), null);
                long t2 = System.nanoTime();
                if (back.length != KEY_BYTES) {
                    throw new IllegalStateException("identity round trip broke");
                }
                enc[i] = t1 - t0;
                dec[i] = t2 - t1;
                rt[i] = t2 - t0;
            }
        }
        return new double[] {median(enc), median(dec), median(rt)};
    }

    // ---- statistics and report ----

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    private static double median(List<Long> values) {
        return median(values.stream().mapToLong(Long::longValue).toArray());
    }

    /** Nearest-rank percentile: with N=300, p99 is the 297th smallest value. */
    private static double percentile(List<Long> values, double p) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, rank - 1)];
    }

    /**
     * Bootstrap 95% interval of median(scheme round trip) / median(baseline round trip), resampling whole rounds
     * (the two values of one round stay paired, since they saw the same moment of machine noise).
     */
    private static double[] ratioInterval(List<Long> scheme, List<Long> baseline, long seed) {
        int n = Math.min(scheme.size(), baseline.size());
        Random r = new Random(seed);
        int resamples = 2000;
        double[] ratios = new double[resamples];
        long[] a = new long[n];
        long[] b = new long[n];
        for (int k = 0; k < resamples; k++) {
            for (int i = 0; i < n; i++) {
                int j = r.nextInt(n);
                a[i] = scheme.get(j);
                b[i] = baseline.get(j);
            }
            ratios[k] = median(a) / median(b);
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (0.025 * resamples)], ratios[(int) (0.975 * resamples) - 1]};
    }

    private static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static String calls(Map<String, Integer> total, int rounds) {
        if (total.isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        total.forEach((op, n) -> {
            if (sb.length() > 0) {
                sb.append(" + ");
            }
            double per = (double) n / rounds;
            sb.append(per == Math.rint(per) ? String.valueOf((long) per) : String.format(Locale.ROOT, "%.2f", per))
                    .append(' ').append(op);
        });
        return sb.toString();
    }

    private static String report(List<Subject> subjects, int rounds, int warmup, long seed, double[] local) {
        StringBuilder sb = new StringBuilder();
        Runtime rt = Runtime.getRuntime();
        sb.append("## Seal benchmark: wrap + unwrap of a 32-byte key against moto\n\n");
        sb.append("- date: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append('\n');
        sb.append("- machine: ").append(rt.availableProcessors()).append(" cores available to the JVM, ")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append('\n');
        sb.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(", max heap ")
                .append(rt.maxMemory() / (1024 * 1024)).append(" MiB\n");
        sb.append("- rounds: ").append(warmup).append(" warm-up (discarded) + ").append(rounds)
                .append(" measured per scheme, interleaved, order shuffled per round (seed ").append(seed)
                .append("); each scheme through its own counting proxy to the same moto_server\n\n");

        Subject base = subjects.get(0);
        double baseRt = base.failure == null && !base.rtNanos.isEmpty() ? median(base.rtNanos) : Double.NaN;
        sb.append("| scheme | encrypt median / p99 (ms) | decrypt median / p99 (ms) | round trip median / p99 (ms) "
                + "| ratio to raw SDK (median RT) [95% CI] | KMS calls per encrypt | KMS calls per decrypt "
                + "| blob bytes (32-byte key) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Subject s : subjects) {
            if (s.failure != null && s.rtNanos.size() < rounds) {
                sb.append("| ").append(s.name).append(" | FAILED: see below | | | | | | |\n");
                continue;
            }
            String ratio;
            if (s == base) {
                ratio = "1.000 (baseline)";
            } else if (Double.isNaN(baseRt)) {
                ratio = "n/a (baseline failed)";
            } else {
                double[] ci = ratioInterval(s.rtNanos, base.rtNanos, seed);
                ratio = String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", median(s.rtNanos) / baseRt, ci[0], ci[1]);
            }
            sb.append("| ").append(s.name)
                    .append(" | ").append(ms(median(s.encNanos))).append(" / ").append(ms(percentile(s.encNanos, 99)))
                    .append(" | ").append(ms(median(s.decNanos))).append(" / ").append(ms(percentile(s.decNanos, 99)))
                    .append(" | ").append(ms(median(s.rtNanos))).append(" / ").append(ms(percentile(s.rtNanos, 99)))
                    .append(" | ").append(ratio)
                    .append(" | ").append(calls(s.encCalls, s.encNanos.size()))
                    .append(" | ").append(calls(s.decCalls, s.decNanos.size()))
                    .append(" | ").append(s.minBlob == s.maxBlob ? String.valueOf(s.minBlob) : s.minBlob + "–" + s.maxBlob)
                    .append(" |\n");
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "Strongroom local crypto only (same AwsKmsKeyWrapper over an in-process "
                + "identity KmsPort, NO KMS; median of %d after %d warm-up): encrypt %.1f µs, decrypt %.1f µs, "
                + "round trip %.1f µs%s.%n", LOCAL_ITERATIONS, LOCAL_ITERATIONS, local[0] / 1e3, local[1] / 1e3,
                local[2] / 1e3, Double.isNaN(baseRt) ? ""
                        : String.format(Locale.ROOT, " (%.2f%% of the raw SDK's median round trip)",
                                100 * local[2] / baseRt)));
        boolean anyFailure = false;
        for (Subject s : subjects) {
            if (s.failure != null) {
                if (!anyFailure) {
                    sb.append("\nFailures:\n\n");
                    anyFailure = true;
                }
                sb.append("- ").append(s.name).append(": ").append(s.failure).append('\n');
            }
        }
        return sb.toString();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the core count alone still says something
        }
        return "CPU model unknown";
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" / caused by ").append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }
}
