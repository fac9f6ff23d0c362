package io.strongroom.core.lifecycle;

import io.strongroom.base.StrongroomException;
import io.strongroom.seal.KeyWrapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal's runtime health: one probe encrypts {@code "Heartbeat N"} with the seal and decrypts it back
 * (vault-compat: Vault's seal health check, vault-seal-spec 3.8). It remembers the last success and, while
 * failing, since when. It logs exactly one WARN when the seal turns unhealthy and one INFO when it is healthy
 * again, with the downtime. Scheduling (every 10 minutes, every minute after a failure, only on the active node)
 * is the caller's, which asks {@link #nextDelay}.
 *
 * <p>Thread-safe: outcomes are recorded one at a time; status reads are lock-free.
 */
public final class KmsHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KmsHealthCheck.class);

    /** The status document: {@code unhealthySince} is null while healthy. */
    public record Status(String sealType, boolean healthy, Instant unhealthySince, Instant lastSuccess,
            long unreachableMillis) {}

    private final KeyWrapper seal;
    private final String name;
    private final io.strongroom.seal.SealSet set; // null: a single seal, no marks to keep
    private volatile Runnable onRecovered = () -> { };
    private final Clock clock;
    private final AtomicLong counter = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile Instant unhealthySince;

    public KmsHealthCheck(KeyWrapper seal, Clock clock) {
        this(seal.type(), seal, clock, null);
    }

    /**
     * One seal of a Seal HA set: each outcome also marks the member healthy or unhealthy in {@code set}, so writes
     * skip a seal that is down and reads try it last.
     *
     * @param name the member's name (logs, seal-backend-status)
     * @param set the set holding the member, or null
     */
    public KmsHealthCheck(String name, KeyWrapper seal, Clock clock, io.strongroom.seal.SealSet set) {
        this.name = Objects.requireNonNull(name, "name");
        this.set = set;
        this.seal = Objects.requireNonNull(seal, "seal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastSuccess = clock.instant(); // the unseal that precedes the first probe used the seal
    }

    /**
     * Runs one probe.
     *
     * @return true when the seal answered and the round trip was exact
     */
    public boolean probe() {
        byte[] value = ("Heartbeat " + counter.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        String failure = null;
        try {
            // vault-compat: no AAD, as Vault's health check (vault-seal-spec 2.7)
            byte[] back = seal.decrypt(seal.encrypt(value, null), null);
            if (!MessageDigest.isEqual(back, value)) {
                failure = "the decrypted health test value differs from the one encrypted";
            }
        } catch (StrongroomException e) {
            failure = e.getMessage();
        }
        return record(failure);
    }

    /** Records a probe that did not finish in time (the caller's timeout) as a failure. */
    public void recordFailure(String reason) {
        record(Objects.requireNonNull(reason, "reason"));
    }

    // Only the outcome is serialized, never the KMS calls: a hung probe must not block a timeout's failure.
    private synchronized boolean record(String failure) {
        Instant now = clock.instant();
        if (failure == null) {
            Instant since = unhealthySince != null ? unhealthySince : set == null ? null : set.unhealthySince(name);
            lastSuccess = now;
            if (set != null) {
                set.markHealthy(name);
            }
            if (since != null) {
                unhealthySince = null;
                // vault-compat: Vault's INFO "seal backend is now healthy again" with the downtime
                LOG.info("seal: seal backend is now healthy again: downtime={}{}", Duration.between(since, now),
                        set == null ? "" : " seal=" + name);
                onRecovered.run();
            }
            return true;
        }
        if (set != null) {
            set.markUnhealthy(name);
        }
        if (unhealthySince == null) {
            unhealthySince = now;
            // vault-compat: Vault's WARN text; logged once per outage, not at every failed probe
            LOG.warn("seal: failed to encrypt seal health test value, seal backend may be unreachable: {}{}", failure,
                    set == null ? "" : " seal=" + name);
        } else {
            LOG.debug("seal: health probe still failing: {}", failure);
        }
        return false;
    }

    /** The delay before the next probe: {@code healthy} while healthy, {@code unhealthy} after a failure. */
    public Duration nextDelay(Duration healthy, Duration unhealthy) {
        return unhealthySince == null && (set == null || !set.isUnhealthy(name)) ? healthy : unhealthy;
    }

    /** Run after a probe succeeds following an outage (Seal HA: the catch-up rewrap). */
    public void onRecovered(Runnable action) {
        this.onRecovered = Objects.requireNonNull(action);
    }

    /** The seal's name: its type for a single seal, the member's name in Seal HA. */
    public String name() {
        return name;
    }

    public Status status() {
        Instant since = unhealthySince;
        if (since == null && set != null) {
            since = set.unhealthySince(name); // a write that failed before the next probe
        }
        return new Status(seal.type(), since == null, since, lastSuccess, unreachableMillis());
    }

    /**
     * vault-compat: the gauge {@code seal.unreachable.time}: milliseconds since the last success while unhealthy,
     * 0 while healthy.
     */
    public long unreachableMillis() {
        if (unhealthySince == null) {
            return 0;
        }
        return Math.max(0, Duration.between(lastSuccess, clock.instant()).toMillis());
    }
}
