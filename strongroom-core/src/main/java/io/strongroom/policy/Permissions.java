package io.strongroom.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an {@link Acl} holds for one path string: the union of every rule written for exactly that string, across
 * all policies of the token (vault-compat: dataplane spec 3.2, Vault's {@code NewACL}). Mutable only while the ACL
 * is built (by one thread, before the ACL is published); read-only afterwards.
 */
final class Permissions {

    private final EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
    private final Map<Capability, Set<String>> granting = new EnumMap<>(Capability.class);
    private Map<String, List<Object>> allowed = new LinkedHashMap<>();
    private Map<String, List<Object>> denied = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    private Duration minWrappingTtl = Duration.ZERO;
    private Duration maxWrappingTtl = Duration.ZERO;

    Set<Capability> capabilities() {
        return capabilities;
    }

    Duration minWrappingTtl() {
        return minWrappingTtl;
    }

    Duration maxWrappingTtl() {
        return maxWrappingTtl;
    }

    /** The policies that granted {@code c} on this path, sorted. */
    List<String> grantedBy(Capability c) {
        return List.copyOf(granting.getOrDefault(c, Set.of()));
    }

    /**
     * Adds one rule of policy {@code policyName}. vault-compat: deny anywhere wins and drops the parameter maps;
     * capabilities are OR-ed; parameter maps merge, an empty value list (any value) overriding a list; required
     * parameters are united; for wrapping TTLs the smaller value wins.
     */
    void merge(PathRule rule, String policyName) {
        if (capabilities.contains(Capability.DENY)) {
            return;
        }
        if (rule.capabilities().contains(Capability.DENY)) {
            capabilities.clear();
            capabilities.add(Capability.DENY);
            granting.clear();
            allowed = Map.of();
            denied = Map.of();
            return;
        }
        capabilities.addAll(rule.capabilities());
        rule.capabilities().forEach(c -> granting.computeIfAbsent(c, k -> new TreeSet<>()).add(policyName));
        maxWrappingTtl = smallerNonZero(maxWrappingTtl, rule.maxWrappingTtl());
        minWrappingTtl = smallerNonZero(minWrappingTtl, rule.minWrappingTtl());
        mergeParameters(allowed, rule.allowedParameters());
        mergeParameters(denied, rule.deniedParameters());
        for (String r : rule.requiredParameters()) {
            if (!required.contains(r)) {
                required.add(r);
            }
        }
    }

    private static Duration smallerNonZero(Duration existing, Duration added) {
        return !added.isZero() && (existing.isZero() || added.compareTo(existing) < 0) ? added : existing;
    }

    private static void mergeParameters(Map<String, List<Object>> into, Map<String, List<Object>> added) {
        added.forEach((k, v) -> {
            List<Object> prev = into.get(k);
            if (prev == null) {
                into.put(k, v);
            } else if (v.isEmpty() || prev.isEmpty()) {
                into.put(k, List.of());
            } else {
                List<Object> both = new ArrayList<>(v);
                both.addAll(prev);
                into.put(k, both);
            }
        });
    }

    /**
     * vault-compat: Vault's parameter checks (dataplane spec 3.3), in Vault's order: every required parameter
     * present; no data allowed; {@code "*"} in denied denies any data; a denied key with a matching value (or
     * {@code []}) denies; then, when allowed parameters are set, each key must be listed (or {@code "*"} be) with
     * a matching value ({@code []} matches any).
     */
    boolean parametersAllow(Map<String, Object> data) {
        for (String r : required) {
            if (!data.containsKey(r.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (data.isEmpty()) {
            return true;
        }
        if (!denied.isEmpty()) {
            if (denied.containsKey("*")) {
                return false;
            }
            for (Map.Entry<String, Object> e : data.entrySet()) {
                List<Object> values = denied.get(e.getKey().toLowerCase(Locale.ROOT));
                if (values != null && inList(e.getValue(), values)) {
                    return false;
                }
            }
        }
        if (allowed.isEmpty()) {
            return true;
        }
        boolean allowedAll = allowed.containsKey("*");
        if (allowed.size() == 1 && allowedAll) {
            return true;
        }
        for (Map.Entry<String, Object> e : data.entrySet()) {
            List<Object> values = allowed.get(e.getKey().toLowerCase(Locale.ROOT));
            if (values == null && !allowedAll) {
                return false;
            }
            if (values != null && !inList(e.getValue(), values)) {
                return false;
            }
        }
        return true;
    }

    /** An empty list holds every value. */
    private static boolean inList(Object value, List<Object> list) {
        if (list.isEmpty()) {
            return true;
        }
        for (Object el : list) {
            if (el == null || value == null) {
                if (el == value) {
                    return true;
                }
            } else if (el instanceof String pattern && value instanceof String s) {
                if (globMatch(pattern, s)) {
                    return true;
                }
            } else if (sameValue(el, value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * vault-compat: {@code strutil.GlobbedStringsMatch}: a leading and/or trailing {@code *} is a glob; a pattern
     * shorter than two characters (so {@code "*"} alone) only matches itself.
     */
    static boolean globMatch(String pattern, String value) {
        if (pattern.length() < 2) {
            return value.equals(pattern);
        }
        boolean head = pattern.startsWith("*");
        boolean tail = pattern.endsWith("*");
        if (head && tail) {
            return value.contains(pattern.substring(1, pattern.length() - 1));
        }
        if (head) {
            return value.endsWith(pattern.substring(1));
        }
        if (tail) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return value.equals(pattern);
    }

    /**
     * Numbers compare by value (a policy's {@code 30} matches a request's {@code 30} whatever the Java type);
     * everything else by equality. Vault compares Go types strictly here, so a JSON number never matches an HCL
     * number there; Strongroom's reading is the one a policy author expects.
     */
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            } catch (NumberFormatException nanOrInfinity) {
                return x.equals(y);
            }
        }
        return Objects.equals(a, b);
    }
}
