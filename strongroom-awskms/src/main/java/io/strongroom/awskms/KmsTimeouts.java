package io.strongroom.awskms;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How long {@link SdkKmsPort} lets one KMS operation take: each HTTP attempt at most {@code attempt}, and the whole
 * operation (every attempt, retry and backoff sleep) at most {@code total}. The total is what a caller waits at
 * worst: an unseal try, an init request or a start-up key check ends within it, with a timeout error, however KMS
 * misbehaves (hanging, answering slowly, failing over and over). Immutable and thread-safe.
 *
 * <p><b>Why the defaults.</b> KMS answers Encrypt, Decrypt and DescribeKey in tens of milliseconds, so an attempt
 * still unanswered after 5 s is hanging, not slow; 5 s also leaves a slow TLS handshake on a congested link room to
 * finish. A total of 15 s allows three such attempts, or all four attempts of the {@link KmsRetryPolicy#DEFAULT
 * default retry policy} against fast failures, and keeps an init request well inside the 60 s a Vault client waits
 * by default ({@code VAULT_CLIENT_TIMEOUT}), so the operator reads our KMS error rather than a client timeout.
 * Before this bound a hanging KMS cost 4 attempts x 10 s per unseal try and about a minute per init request.
 * // vault-compat: Vault sets no deadline on unseal or DescribeKey calls (vault-seal-spec.md section 2.9: only dial
 * and TLS handshake timeouts; 1 min per health-check operation). Bounding the whole call goes beyond Vault on
 * purpose: a hung KMS must show up as an error, not as a server that never answers.
 *
 * @param attempt the longest one HTTP attempt may take, connect included; positive
 * @param total the longest a whole operation may take; at least {@code attempt}
 */
public record KmsTimeouts(Duration attempt, Duration total) {

    /** 5 s per attempt, 15 s per operation (see the class comment for why). */
    public static final KmsTimeouts DEFAULT = new KmsTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15));

    /** Checks that both bounds are positive and that one attempt fits in the total. */
    public KmsTimeouts {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(total, "total");
        if (attempt.isNegative() || attempt.isZero() || total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("KMS timeouts must be positive, got attempt " + attempt + ", total " + total);
        }
        if (attempt.compareTo(total) > 0) {
            throw new IllegalArgumentException("the KMS attempt timeout (" + seconds(attempt)
                    + ") must not exceed the total (" + seconds(total) + ")");
        }
    }

    /** A duration for messages: {@code "15 s"}, {@code "0.25 s"}. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
}
