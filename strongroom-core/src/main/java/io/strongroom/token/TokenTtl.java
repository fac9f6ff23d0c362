package io.strongroom.token;

import io.strongroom.logical.GoDurations;

import io.strongroom.base.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Vault's lease TTL rule for tokens, at creation and at renewal (vault-compat: dataplane spec 2.6, Vault's
 * {@code framework.CalculateTTL}). Whole seconds throughout.
 *
 * <ul>
 *   <li>The effective max is the mount max, lowered to {@code explicit_max_ttl} when that is set and smaller.
 *   <li>Periodic: the TTL is the period (capped to the effective max, with a warning), and the token may live past
 *       the mount max; only {@code explicit_max_ttl} bounds it in time.
 *   <li>Otherwise: the TTL is the increment, else the token's current TTL, else the mount default; it never runs
 *       past issue time + effective max (capped with a warning; already past: {@code past the max TTL, cannot
 *       renew}).
 * </ul>
 */
final class TokenTtl {

    /** A computed TTL and the warnings Vault would show. */
    record Result(long ttl, List<String> warnings) {
        Result {
            warnings = List.copyOf(warnings);
        }
    }

    private TokenTtl() {
    }

    static Result calculate(TtlLimits limits, long increment, long currentTtl, long period, long explicitMaxTtl,
            Instant issueTime, Instant now) {
        long maxTtl = limits.maxTtl();
        if (explicitMaxTtl > 0 && explicitMaxTtl < maxTtl) {
            maxTtl = explicitMaxTtl;
        }
        List<String> warnings = new ArrayList<>();
        long ttl;
        Instant maxValidTime = null;
        if (period > 0) {
            if (period > maxTtl) {
                warnings.add("period of \"" + GoDurations.format(period) + "\" exceeded the effective max_ttl of \""
                        + GoDurations.format(maxTtl) + "\"; period value is capped accordingly");
                period = maxTtl;
            }
            ttl = period;
            if (explicitMaxTtl > 0) {
                maxValidTime = issueTime.plusSeconds(explicitMaxTtl);
            }
        } else {
            ttl = increment > 0 ? increment : currentTtl > 0 ? currentTtl : limits.defaultTtl();
            maxValidTime = issueTime.plusSeconds(maxTtl);
        }
        if (maxValidTime != null) {
            long maxValidTtl = Duration.between(now, maxValidTime).getSeconds();
            if (maxValidTtl <= 0) {
                throw new InvalidRequestException("past the max TTL, cannot renew");
            }
            if (ttl > maxValidTtl) {
                warnings.add("TTL of \"" + GoDurations.format(ttl) + "\" exceeded the effective max_ttl of \""
                        + GoDurations.format(maxValidTtl) + "\"; TTL value is capped accordingly");
                ttl = maxValidTtl;
            }
        }
        return new Result(ttl, warnings);
    }
}
