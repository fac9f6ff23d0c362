package io.strongroom.policy;

import io.strongroom.logical.Operation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access rules of one token: its policies combined (vault-compat: dataplane spec 3.2 and 3.3, Vault's
 * {@code ACL}). Rules with the identical path string are merged ({@link Permissions#merge}); rules with different
 * strings never are: for a request path, an exact rule wins, else the most specific of the longest matching
 * {@code *} prefix rule and every matching {@code +} rule; no match is an implicit deny.
 *
 * <p>Immutable and thread-safe once built. Build one per token (or per set of policies) and reuse it.
 */
public final class Acl {

    private static final Acl ROOT = new Acl(true, Map.of(), Map.of(), Map.of());

    private final boolean root;
    /** Rules without globs, by path. */
    private final Map<String, Permissions> exact;
    /** {@code foo/*} rules without {@code +}, by the path before the {@code *}. */
    private final Map<String, Permissions> prefix;
    /** Rules with {@code +} segments, by the path as written (a trailing {@code *} kept). */
    private final Map<String, Permissions> segment;

    private Acl(boolean root, Map<String, Permissions> exact, Map<String, Permissions> prefix,
            Map<String, Permissions> segment) {
        this.root = root;
        this.exact = exact;
        this.prefix = prefix;
        this.segment = segment;
    }

    /** The {@code root} policy: everything allowed, with sudo, on every path. */
    public static Acl root() {
        return ROOT;
    }

    /**
     * Combines policies. Templated rules are skipped (see {@link PathRule#templated()}).
     *
     * @param policies the token's policies, in any order; none gives an ACL that denies everything
     */
    public static Acl of(List<Policy> policies) {
        Map<String, Permissions> exact = new HashMap<>();
        Map<String, Permissions> prefix = new HashMap<>();
        Map<String, Permissions> segment = new LinkedHashMap<>();
        for (Policy p : policies) {
            for (PathRule rule : p.rules()) {
                if (rule.templated()) {
                    continue;
                }
                Map<String, Permissions> table;
                String key = rule.path();
                if (rule.hasSegmentWildcards()) {
                    table = segment;
                } else if (rule.isPrefix()) {
                    table = prefix;
                    key = key.substring(0, key.length() - 1);
                } else {
                    table = exact;
                }
                table.computeIfAbsent(key, k -> new Permissions()).merge(rule, p.name());
            }
        }
        return new Acl(false, exact, prefix, segment);
    }

    /** Whether this is the root ACL. */
    public boolean isRoot() {
        return root;
    }

    /**
     * Decides one request (vault-compat: Vault's {@code AllowOperation}).
     *
     * @param op the operation, after the create-versus-update decision
     * @param path the full logical path ({@code secret/data/app}); list paths end in {@code /}; leading
     *     slashes are ignored
     * @param data the request data, checked against parameter constraints for read, create, update and patch;
     *     null is no data
     * @return the decision, never null
     */
    public Decision evaluate(Operation op, String path, Map<String, Object> data) {
        if (root) {
            return Decision.ROOT;
        }
        Permissions perms = match(stripSlashes(path), op == Operation.LIST);
        if (perms == null) {
            return Decision.DENIED;
        }
        boolean sudo = perms.capabilities().contains(Capability.SUDO);
        Capability needed = Capability.of(op.capability()).orElseThrow();
        boolean allowed = perms.capabilities().contains(needed);
        boolean checksParameters = op == Operation.READ || op == Operation.CREATE || op == Operation.UPDATE
                || op == Operation.PATCH;
        if (allowed && checksParameters) {
            allowed = perms.parametersAllow(data == null ? Map.of() : data);
        }
        if (!allowed) {
            return new Decision(false, sudo, false, List.of(), perms.minWrappingTtl(), perms.maxWrappingTtl());
        }
        return new Decision(true, sudo, false, perms.grantedBy(needed), perms.minWrappingTtl(),
                perms.maxWrappingTtl());
    }

    /**
     * The capabilities this ACL gives on {@code path}, as {@code sys/capabilities-self} reports them
     * (vault-compat: dataplane spec 3.7): sorted names; {@code ["root"]} for root; {@code ["deny"]} when the
     * path is denied or nothing is granted. The path is looked up as a list operation is (an exact rule for the
     * path without its trailing {@code /} counts), as Vault does.
     */
    public List<String> capabilities(String path) {
        if (root) {
            return List.of("root");
        }
        Permissions perms = match(stripSlashes(path), true);
        if (perms == null || perms.capabilities().isEmpty() || perms.capabilities().contains(Capability.DENY)) {
            return List.of("deny");
        }
        return perms.capabilities().stream().map(Capability::label).sorted().toList();
    }

    private static String stripSlashes(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }

    /** The rule that decides {@code path}, or null (vault-compat: spec 3.2 steps 1 to 3). */
    private Permissions match(String path, boolean list) {
        Permissions p = exact.get(path);
        if (p == null && list && path.endsWith("/")) {
            p = exact.get(path.substring(0, path.length() - 1));
        }
        return p != null ? p : nonExact(path);
    }

    /** A {@code *} or {@code +} rule that matched, with what orders it against the others. */
    private record Candidate(String path, boolean isPrefix, int wildcards, int firstWildcard, Permissions perms) {
    }

    /**
     * vault-compat: Vault's priority among glob candidates (spec 3.2 a to e); the highest sorts last. a is lower
     * when its first {@code +} or {@code *} comes earlier; when it ends in {@code *} and b does not; when it has
     * more {@code +} segments; when it is shorter; when it is lexicographically smaller.
     */
    private static final Comparator<Candidate> PRIORITY = Comparator
            .comparingInt(Candidate::firstWildcard)
            .thenComparing(Candidate::isPrefix, Comparator.reverseOrder())
            .thenComparing(Candidate::wildcards, Comparator.reverseOrder())
            .thenComparingInt(c -> c.path().length())
            .thenComparing(Candidate::path);

    private Permissions nonExact(String path) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = path.length(); i >= 0; i--) {
            Permissions p = prefix.get(path.substring(0, i));
            if (p != null) {
                candidates.add(new Candidate(path.substring(0, i), true, 0, i, p));
                break;
            }
        }
        if (!segment.isEmpty()) {
            String[] parts = path.split("/", -1);
            segment.forEach((full, perms) -> {
                Candidate c = segmentMatch(full, parts, perms);
                if (c != null) {
                    candidates.add(c);
                }
            });
        }
        return candidates.stream().max(PRIORITY).map(Candidate::perms).orElse(null);
    }

    /** vault-compat: Vault's segment match: {@code +} takes one segment; a trailing {@code *} a prefix of the rest. */
    private static Candidate segmentMatch(String full, String[] parts, Permissions perms) {
        boolean isPrefix = full.endsWith("*");
        String rule = isPrefix ? full.substring(0, full.length() - 1) : full;
        String[] ruleParts = rule.split("/", -1);
        if (parts.length < ruleParts.length || !isPrefix && parts.length != ruleParts.length) {
            return null;
        }
        int wildcards = 0;
        for (int i = 0; i < ruleParts.length; i++) {
            if (ruleParts[i].equals("+")) {
                wildcards++;
            } else if (!ruleParts[i].equals(parts[i])
                    && !(isPrefix && i == ruleParts.length - 1 && parts[i].startsWith(ruleParts[i]))) {
                return null;
            }
        }
        return new Candidate(rule, isPrefix, wildcards, full.indexOf('+'), perms);
    }

    @Override
    public String toString() {
        return root ? "Acl[root]" : "Acl[" + exact.size() + " exact, " + prefix.size() + " prefix, "
                + segment.size() + " segment rules]";
    }
}
