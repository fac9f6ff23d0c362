package io.strongroom.awskms;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How {@link SdkKmsPort} retries transient KMS failures (throttling, 5xx, I/O): at most {@code maxAttempts} calls in
 * all, with exponential backoff and <em>full jitter</em> between them: before retry {@code n} (n = 1, 2 ...) it
 * sleeps a uniformly random time in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}. Full jitter spreads the
 * retries of many nodes that failed together (a KMS throttle hits a whole cluster at once), which is why it is
 * preferred to plain exponential backoff.
 *
 * <p>The SDK's own retries must be switched off in the {@code KmsClient} handed to {@link SdkKmsPort}, so that
 * this policy is the only one and attempt counts are exact. Immutable and thread-safe.
 *
 * @param maxAttempts total calls including the first; at least 1
 * @param baseDelay the cap before the first retry
 * @param maxDelay the cap no backoff exceeds
 */
record KmsRetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** 4 attempts, 100 ms base, 2 s cap: about what the AWS SDK's standard mode does, and a few seconds at worst. */
    public static final KmsRetryPolicy DEFAULT = new KmsRetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2));

    public KmsRetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /**
     * The upper bound of the sleep before retry {@code retry} (1 for the first retry): {@code
     * min(maxDelay, baseDelay * 2^(retry-1))}, computed without overflow.
     */
    public Duration capBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        long base = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        int shift = Math.min(retry - 1, 30); // 2^30 * any sane base already exceeds any sane cap
        long exp = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofMillis(Math.min(cap, exp));
    }

    /** A full-jitter sleep before retry {@code retry}: uniform in {@code [0, capBeforeRetry(retry)]}. */
    public Duration delayBeforeRetry(int retry, RandomGenerator random) {
        long cap = capBeforeRetry(retry).toMillis();
        return Duration.ofMillis(cap == 0 ? 0 : random.nextLong(cap + 1));
    }

    /** Sleeps between attempts; injected so tests can record the backoff instead of waiting for it. */
    @FunctionalInterface
    public interface Sleeper {
        /** The real one: {@link Thread#sleep(long)}. */
        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }
}
