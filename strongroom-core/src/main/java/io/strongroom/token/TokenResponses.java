package io.strongroom.token;

import io.strongroom.logical.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the token answers: the lookup {@code data} (spec 2.3) and the {@code auth} block (spec 2.2). */
final class TokenResponses {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private TokenResponses() {
    }

    /**
     * vault-compat: dataplane spec 2.3: always the same 15 keys (ints for times and TTLs, {@code expire_time} RFC3339
     * with nanoseconds or null, {@code meta} null when none); {@code issue_time}, {@code renewable} only when the
     * token has a lease (expires); {@code last_renewal*} after a renewal; {@code period} when periodic.
     *
     * @param id the token string the client sent ({@code ""} for lookup-accessor)
     */
    static Map<String, Object> lookupData(TokenEntry e, String id, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("accessor", e.accessor());
        d.put("creation_time", e.creationTime());
        d.put("creation_ttl", e.creationTtl());
        d.put("display_name", e.displayName());
        d.put("entity_id", "");
        d.put("expire_time", e.expireTime() == null ? null : rfc3339Nano(e.expireTime()));
        d.put("explicit_max_ttl", e.explicitMaxTtl());
        d.put("id", id);
        d.put("meta", e.meta());
        d.put("num_uses", e.numUses());
        d.put("orphan", e.orphan());
        d.put("path", e.path());
        d.put("policies", e.policies());
        d.put("ttl", e.remainingSeconds(now));
        d.put("type", TokenEntry.TYPE_SERVICE);
        if (e.period() > 0) {
            d.put("period", e.period());
        }
        if (e.expireTime() != null) {
            d.put("issue_time", rfc3339Nano(e.issueTime()));
            d.put("renewable", e.renewable());
            if (e.lastRenewalTime() != null) {
                d.put("last_renewal_time", e.lastRenewalTime().getEpochSecond());
                d.put("last_renewal", rfc3339Nano(e.lastRenewalTime()));
            }
        }
        return d;
    }

    /** vault-compat: dataplane spec 2.2. */
    static Response.Auth auth(TokenEntry e, String clientToken, long leaseDuration) {
        return new Response.Auth(clientToken, e.accessor(), e.policies(), e.policies(), e.meta(), leaseDuration,
                e.renewable() && e.expireTime() != null, "", TokenEntry.TYPE_SERVICE, e.orphan(),
                Math.max(e.numUses(), 0));
    }

    /** Go's {@code time.RFC3339Nano} in UTC: fraction without trailing zeros, none when whole seconds. */
    static String rfc3339Nano(Instant t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)));
        int nanos = t.getNano();
        if (nanos > 0) {
            String frac = String.format("%09d", nanos).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        return sb.append('Z').toString();
    }
}
