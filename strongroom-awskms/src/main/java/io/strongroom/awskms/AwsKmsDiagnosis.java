package io.strongroom.awskms;

import io.strongroom.base.StrongroomException;
import io.strongroom.seal.BlobInfo;
import io.strongroom.seal.SealAccessException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code strongroom operator diagnose} for the awskms seal: each step prints what it found, and the first failure
 * stops the run with the reason and what to do. Steps: settings (effective values and sources, secrets masked),
 * client (region, endpoint, credential source), key ({@code DescribeKey}: ARN and state), probe (an
 * encrypt/decrypt round trip of a random value through the real seal, with and without associated data).
 *
 * <p>Output is for people; exit status is for scripts: 0 all passed, 2 a check failed.
 */
public final class AwsKmsDiagnosis {

    /** Exit code: every check passed. */
    public static final int OK = 0;
    /** Exit code: a check failed; the report says which and what to do. */
    public static final int FAILED = 2;

    private final PrintWriter out;

    /** @param out where the report is printed */
    public AwsKmsDiagnosis(PrintWriter out) {
        this.out = out;
    }

    /** Runs every check; returns {@link #OK} or {@link #FAILED}. */
    public int run(Map<String, Object> block, Map<String, String> env, SecureRandom random) {
        AwsKmsSealConfig config;
        try {
            config = AwsKmsConfigResolver.resolve(block, env);
        } catch (StrongroomException e) {
            return fail("settings", e);
        }
        out.println("[ ok ] settings (seal \"awskms\" block and environment; the environment wins):");
        config.settings().forEach((name, s) -> out.printf("         %-24s %s%n", name, s));

        try (AwsKmsSeal seal = AwsKmsSeal.connect(config, env)) {
            out.println("[ ok ] client:");
            seal.client().describe().lines().forEach(l -> out.println("         " + l));

            AwsKmsKeyWrapper wrapper;
            try {
                // the server's own start-up check (DescribeKey, key must be enabled): one call, the same rules
                wrapper = seal.checkKey(random);
                out.println("[ ok ] key: " + config.kmsKeyId().value() + " -> " + wrapper.keyId() + " (Enabled)");
            } catch (StrongroomException e) {
                return fail("key (kms:DescribeKey)", e);
            }

            try {
                byte[] probe = new byte[32];
                random.nextBytes(probe);
                byte[] aad = "strongroom-diagnose".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                BlobInfo blob = wrapper.encrypt(probe, aad);
                long t1 = System.nanoTime();
                byte[] back = wrapper.decrypt(BlobInfo.parseFrom(blob.toByteArray()), aad);
                long t2 = System.nanoTime();
                if (!Arrays.equals(probe, back)) {
                    out.println("[FAIL] probe: the round trip returned different bytes");
                    return FAILED;
                }
                out.printf("[ ok ] probe: encrypt %.1f ms (kms:Encrypt), decrypt %.1f ms (kms:Decrypt), blob %d bytes,"
                        + " key %s%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, blob.toByteArray().length,
                        blob.keyInfo().keyId());
            } catch (StrongroomException e) {
                return fail("probe (kms:Encrypt, kms:Decrypt)", e);
            }
        } catch (StrongroomException e) {
            return fail("client", e);
        }
        out.println("The awskms seal is ready.");
        return OK;
    }

    private int fail(String step, StrongroomException e) {
        String kind = e instanceof SealAccessException s ? " [" + s.reason() + "]" : "";
        out.println("[FAIL] " + step + kind + ": " + e.getMessage());
        return FAILED;
    }
}
