package io.strongroom.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code path "..." { ... }} stanza of a policy, as parsed. Immutable.
 *
 * @param path the path as written, without a leading {@code /}, still ending in {@code *} for a prefix rule
 * @param capabilities what the stanza grants; exactly {@code [DENY]} for a deny stanza
 * @param allowedParameters {@code allowed_parameters}, keys lower-cased; empty when absent
 * @param deniedParameters {@code denied_parameters}, keys lower-cased; empty when absent
 * @param requiredParameters {@code required_parameters} as written
 * @param minWrappingTtl {@code min_wrapping_ttl}, {@link Duration#ZERO} when absent
 * @param maxWrappingTtl {@code max_wrapping_ttl}, {@link Duration#ZERO} when absent
 * @param templated whether the path holds an identity template ({@code {{identity.entity.id}}}); such rules are
 *     kept for display but never enter an {@link Acl}: Strongroom has no identity store, so the template cannot
 *     resolve, and Vault skips a path whose template cannot resolve (vault-compat: dataplane spec 3.1)
 */
public record PathRule(String path, Set<Capability> capabilities, Map<String, List<Object>> allowedParameters,
        Map<String, List<Object>> deniedParameters, List<String> requiredParameters, Duration minWrappingTtl,
        Duration maxWrappingTtl, boolean templated) {

    public PathRule {
        capabilities = capabilities.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        allowedParameters = Collections.unmodifiableMap(new LinkedHashMap<>(allowedParameters));
        deniedParameters = Collections.unmodifiableMap(new LinkedHashMap<>(deniedParameters));
        requiredParameters = List.copyOf(requiredParameters);
    }

    /**
     * Whether the path has {@code +} segment wildcards. vault-compat: Vault's own test, kept as is: the path is
     * {@code +}, starts with {@code +/} or contains {@code /+}.
     */
    public boolean hasSegmentWildcards() {
        return path.equals("+") || path.contains("/+") || path.startsWith("+/");
    }

    /** A prefix rule without segment wildcards: {@code secret/*}. */
    public boolean isPrefix() {
        return !hasSegmentWildcards() && path.endsWith("*");
    }
}
