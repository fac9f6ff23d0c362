package io.strongroom.awskms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The seal's credential chain, in Vault's order: the first {@link CredentialStep} that yields credentials wins.
 *
 * <ul>
 *   <li>After a success the winning provider is asked directly from then on; it caches and refreshes its own
 *       credentials. If it later fails, the whole chain is walked again.</li>
 *   <li>A failed walk is cached for {@code failureTtl} (measured: the SDK would pay the ~2 s metadata timeout again on
 *       every KMS call). Within that period every call fails at once with the same message.</li>
 *   <li>The failure names every source tried, in order, and why each failed (see
 *       {@link AwsCredentialsUnavailableException}).</li>
 * </ul>
 *
 * <p>Thread-safe: walks are serialised, so concurrent KMS calls during startup cause one walk, not many; once a
 * source has won, calls go to it without taking the chain's lock.
 */
final class CredentialChain implements AwsCredentialsProvider, SdkAutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialChain.class);
    /** How long a failed resolution is remembered by default. */
    public static final Duration DEFAULT_FAILURE_TTL = Duration.ofSeconds(30);

    private final List<CredentialStep> steps;
    private final Clock clock;
    private final Duration failureTtl;
    private final List<AutoCloseable> resources;
    private volatile CredentialStep winner;
    private String failureMessage;
    private Instant failureUntil = Instant.MIN;

    CredentialChain(List<CredentialStep> steps, Clock clock, Duration failureTtl, List<AutoCloseable> resources) {
        this.steps = List.copyOf(steps);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureTtl = Objects.requireNonNull(failureTtl, "failureTtl");
        this.resources = List.copyOf(resources);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        // hot path without the lock: the winning provider caches and refreshes by itself
        CredentialStep w = winner;
        if (w != null) {
            try {
                return w.provider().resolveCredentials();
            } catch (RuntimeException e) {
                LOG.warn("awskms credentials from {} failed ({}); walking the credential chain again",
                        w.description(), reason(e));
            }
        }
        return walk(w);
    }

    private synchronized AwsCredentials walk(CredentialStep failedWinner) {
        if (winner != null && winner != failedWinner) {
            return winner.provider().resolveCredentials(); // another thread walked meanwhile
        }
        winner = null;
        Instant now = clock.instant();
        if (failureMessage != null && now.isBefore(failureUntil)) {
            throw new AwsCredentialsUnavailableException(failureMessage + " [cached failure; next attempt in "
                    + Math.max(1, Duration.between(now, failureUntil).toSeconds()) + " s]");
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            CredentialStep step = steps.get(i);
            if (step.provider() == null) {
                failures.add(step.label() + ": " + step.skipReason());
                continue;
            }
            try {
                AwsCredentials c = step.provider().resolveCredentials();
                winner = step;
                failureMessage = null;
                LOG.info("awskms credentials: {}", describe(step));
                return c;
            } catch (RuntimeException e) {
                failures.add(step.label() + ": " + reason(e));
                if (step.terminal()) {
                    List<String> rest = steps.subList(i + 1, steps.size()).stream().map(CredentialStep::label).toList();
                    if (!rest.isEmpty()) {
                        failures.add("not tried: " + String.join(", ", rest) + " (" + step.label()
                                + " is configured; it must not fall back to other credentials)");
                    }
                    break;
                }
            }
        }
        failureMessage = AwsCredentialsUnavailableException.PREFIX + ": no AWS credentials: " + String.join("; ", failures);
        failureUntil = clock.instant().plus(failureTtl);
        LOG.warn("awskms: {}", failureMessage);
        throw new AwsCredentialsUnavailableException(failureMessage);
    }

    /** The description of the source that yielded credentials last, or null if none has yet. */
    public String currentSource() {
        CredentialStep w = winner;
        return w == null ? null : describe(w);
    }

    /** The sources in order, with skip reasons: for reports. */
    public List<String> describeSteps() {
        return steps.stream()
                .map(s -> s.provider() == null ? s.label() + ": " + s.skipReason() : s.label())
                .toList();
    }

    /** The winner's description; instance metadata also says whether IMDSv2 or the v1 fallback was used. */
    private static String describe(CredentialStep s) {
        return s.provider() instanceof InstanceMetadataCredentialsProvider imds ? imds.sourceDescription()
                : s.description();
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // the SDK appends hints to some messages; keep the first line so the list stays readable
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        for (CredentialStep s : steps) {
            if (s.provider() instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }
        resources.forEach(CredentialChain::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed", c.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "CredentialChain" + describeSteps();
    }
}
