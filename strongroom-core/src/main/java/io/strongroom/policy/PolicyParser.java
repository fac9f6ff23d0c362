package io.strongroom.policy;

import io.strongroom.base.ConfigException;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.hcl.ConfigNode;
import io.strongroom.hcl.ConfigNode.Item;
import io.strongroom.hcl.ConfigNode.ListNode;
import io.strongroom.hcl.ConfigNode.ObjNode;
import io.strongroom.hcl.ConfigNode.Scalar;
import io.strongroom.hcl.Durations;
import io.strongroom.hcl.HclParser;
import io.strongroom.hcl.JsonConfigParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns policy text into {@link PathRule}s. vault-compat: follows Vault's {@code ParseACLPolicy} (dataplane spec
 * 3.1): the same keys, the same checks in the same order, the same messages, all prefixed with
 * {@code failed to parse policy: }. Syntax errors come from the HCL 1 parser as {@code At LINE:COL: ...} (the
 * form HCL 1 uses). Stateless.
 */
final class PolicyParser {

    private static final String PREFIX = "failed to parse policy: ";
    private static final List<String> TOP_KEYS = List.of("name", "path");
    private static final List<String> PATH_KEYS = List.of("comment", "policy", "capabilities", "allowed_parameters",
            "denied_parameters", "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods",
            "control_group", "subscribe_event_types");

    /** The parse result. */
    record Parsed(List<PathRule> rules, boolean templated) {
    }

    /** One path stanza before validation: the path as written and its body. */
    private record Stanza(String key, ObjNode body) {
    }

    private PolicyParser() {
    }

    static Parsed parse(String text) {
        ObjNode root;
        try {
            // vault-compat: HCL 1 reads a text whose first non-blank character is "{" as JSON.
            root = text.stripLeading().startsWith("{") ? JsonConfigParser.parse("", text) : HclParser.parse("", text);
        } catch (ConfigException e) {
            throw fail(e.getMessage().replaceFirst("^:(\\d+):(\\d+): ", "At $1:$2: "));
        }
        List<String> invalid = new ArrayList<>();
        List<Stanza> stanzas = new ArrayList<>();
        for (Item it : root.items()) {
            if (!TOP_KEYS.contains(it.key())) {
                invalid.add(invalidKey(it));
            } else if (it.key().equals("path")) {
                collect(it, stanzas);
            }
        }
        if (!invalid.isEmpty()) {
            throw fail(multiError(invalid));
        }
        List<PathRule> rules = new ArrayList<>();
        boolean templated = false;
        for (Stanza s : stanzas) {
            PathRule rule = rule(s);
            templated |= rule.templated();
            rules.add(rule);
        }
        return new Parsed(rules, templated);
    }

    /**
     * The stanzas of one top-level {@code path} item: {@code path "x" { }} (HCL), or an object of path to body
     * ({@code path = { "x" = { } }}, and JSON's {@code "path": {"x": {}}} or a list of such objects).
     */
    private static void collect(Item it, List<Stanza> out) {
        if (it.block()) {
            // vault-compat: HCL 1 names the stanza by its first label; "path { }" is a stanza for the path "path".
            String key = it.labels().isEmpty() ? "path" : it.labels().get(0);
            out.add(new Stanza(key, (ObjNode) it.value()));
            return;
        }
        List<ConfigNode> objects = it.value() instanceof ListNode l ? l.items() : List.of(it.value());
        for (ConfigNode n : objects) {
            if (!(n instanceof ObjNode obj)) {
                throw fail("path: expected an object of paths, got " + n.typeName());
            }
            for (Item p : obj.items()) {
                if (!(p.value() instanceof ObjNode body)) {
                    throw fail("path " + GoText.quote(p.key()) + ": expected an object, got " + p.value().typeName());
                }
                out.add(new Stanza(p.key(), body));
            }
        }
    }

    private static PathRule rule(Stanza s) {
        String key = s.key();
        Map<String, ConfigNode> values = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        for (Item it : s.body().items()) {
            if (!PATH_KEYS.contains(it.key())) {
                invalid.add("path " + GoText.quote(key) + ": " + invalidKey(it));
            } else if (values.containsKey(it.key()) && it.value() instanceof ObjNode more
                    && values.get(it.key()) instanceof ObjNode first) {
                // Repeated "allowed_parameters { }" blocks add up.
                List<Item> both = new ArrayList<>(first.items());
                both.addAll(more.items());
                values.put(it.key(), new ObjNode(both, first.pos()));
            } else {
                values.put(it.key(), it.value());
            }
        }
        if (!invalid.isEmpty()) {
            throw fail(multiError(invalid));
        }
        // vault-compat: paths in Vault start after the "/" of the API path.
        String path = key.startsWith("/") ? key.substring(1) : key;
        if (path.contains("+*")) {
            throw fail("path " + GoText.quote(path) + ": invalid use of wildcards ('+*' is forbidden)");
        }
        boolean templated = path.contains("{{") && path.contains("}}");
        List<String> caps = new ArrayList<>();
        if (values.containsKey("capabilities")) {
            caps.addAll(strings(key, "capabilities", values.get("capabilities")));
        }
        if (values.containsKey("policy")) {
            caps = legacy(key, scalarText(key, "policy", values.get("policy")), caps);
        }
        EnumSet<Capability> granted = EnumSet.noneOf(Capability.class);
        for (String c : caps) {
            Capability cap = Capability.of(c).orElseThrow(
                    () -> fail("path " + GoText.quote(key) + ": invalid capability " + GoText.quote(c)));
            if (cap == Capability.DENY) {
                // vault-compat: deny discards the rest of the stanza, parameters and TTLs included; capabilities
                // after it are not even checked.
                return new PathRule(path, Set.of(Capability.DENY), Map.of(), Map.of(), List.of(), Duration.ZERO,
                        Duration.ZERO, templated);
            }
            granted.add(cap);
        }
        Map<String, List<Object>> allowed = parameters(key, "allowed_parameters", values.get("allowed_parameters"));
        Map<String, List<Object>> denied = parameters(key, "denied_parameters", values.get("denied_parameters"));
        Duration min = ttl("min_wrapping_ttl", values.get("min_wrapping_ttl"));
        Duration max = ttl("max_wrapping_ttl", values.get("max_wrapping_ttl"));
        if (!min.isZero() && !max.isZero() && max.compareTo(min) < 0) {
            throw fail("max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }
        List<String> required = values.containsKey("required_parameters")
                ? strings(key, "required_parameters", values.get("required_parameters")) : List.of();
        return new PathRule(path, granted, allowed, denied, required, min, max, templated);
    }

    /** vault-compat: the pre-0.5 {@code policy = "..."} form, mapped onto capabilities (spec 3.1). */
    private static List<String> legacy(String key, String policy, List<String> caps) {
        List<String> out = new ArrayList<>(caps);
        switch (policy) {
            case "deny" -> {
                return List.of("deny");
            }
            case "read" -> out.addAll(List.of("read", "list"));
            case "write" -> out.addAll(List.of("create", "read", "update", "delete", "list"));
            case "sudo" -> out.addAll(List.of("create", "read", "update", "delete", "list", "sudo"));
            default -> throw fail("path " + GoText.quote(key) + ": invalid policy " + GoText.quote(policy));
        }
        return out;
    }

    private static List<String> strings(String key, String field, ConfigNode v) {
        if (!(v instanceof ListNode list)) {
            throw fail("path " + GoText.quote(key) + ": " + field + ": expected a list of strings, got "
                    + v.typeName());
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode n : list.items()) {
            out.add(scalarText(key, field, n));
        }
        return out;
    }

    /** A string; vault-compat: HCL 1 decodes a number into a string field as its text. */
    private static String scalarText(String key, String field, ConfigNode v) {
        if (v instanceof Scalar s && !(s.value() instanceof Boolean)) {
            return String.valueOf(s.value());
        }
        throw fail("path " + GoText.quote(key) + ": " + field + ": expected a string, got " + v.typeName());
    }

    /** {@code { "key" = [values] }}, keys lower-cased (vault-compat: Vault compares parameter names so). */
    private static Map<String, List<Object>> parameters(String key, String field, ConfigNode v) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof ObjNode obj)) {
            throw fail("path " + GoText.quote(key) + ": " + field + ": expected an object, got " + v.typeName());
        }
        for (Item it : obj.items()) {
            if (!(it.value() instanceof ListNode list)) {
                throw fail("path " + GoText.quote(key) + ": " + field + ": " + GoText.quote(it.key())
                        + ": expected a list, got " + it.value().typeName());
            }
            List<Object> vals = new ArrayList<>();
            list.items().forEach(n -> vals.add(n.toPlain()));
            out.merge(it.key().toLowerCase(Locale.ROOT), List.copyOf(vals), (a, b) -> {
                List<Object> both = new ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            });
        }
        return out;
    }

    /** vault-compat: {@code parseutil.ParseDurationSecond}: an integer is seconds, else a Go duration. */
    private static Duration ttl(String field, ConfigNode v) {
        if (v == null) {
            return Duration.ZERO;
        }
        if (v instanceof Scalar s && s.value() instanceof Long n && n >= 0) {
            return Duration.ofSeconds(n);
        }
        Duration d = v instanceof Scalar s && s.value() instanceof String str ? Durations.parse(str) : null;
        if (d == null) {
            String shown = v instanceof Scalar s ? GoText.quote(String.valueOf(s.value())) : v.typeName();
            throw fail("error parsing " + field + ": time: invalid duration " + shown);
        }
        return d;
    }

    /** vault-compat: {@code hclutil.CheckHCLKeys}; Vault reports line 0 for a block, which has no "=". */
    private static String invalidKey(Item it) {
        return "invalid key " + GoText.quote(it.key()) + " on line " + (it.block() ? 0 : it.keyPos().line());
    }

    /** vault-compat: hashicorp/go-multierror's format, which Vault passes through for key errors. */
    private static String multiError(List<String> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size() == 1 ? "1 error occurred:\n" : errors.size() + " errors occurred:\n");
        errors.forEach(e -> sb.append("\t* ").append(e).append('\n'));
        return sb.append('\n').toString();
    }

    private static InvalidRequestException fail(String message) {
        return new InvalidRequestException(PREFIX + message);
    }
}
