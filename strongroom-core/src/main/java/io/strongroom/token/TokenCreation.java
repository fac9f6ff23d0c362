package io.strongroom.token;

import io.strongroom.base.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decides what {@code auth/token/create} and {@code create-orphan} make, from the parent (the caller's token), the
 * request fields and the caller's sudo right, with Vault's rules and messages (vault-compat: dataplane spec 2.1 and
 * 2.6, Vault's {@code handleCreateCommon}). Pure: no storage.
 */
final class TokenCreation {

    /** Policies that no token may carry. */
    private static final List<String> NON_ASSIGNABLE = List.of("response-wrapping");

    /**
     * The decision.
     *
     * @param spec the token to store
     * @param customId the client's chosen id, or empty
     * @param warnings for the response
     */
    record Plan(NewToken spec, String customId, List<String> warnings) {
        @Override
        public String toString() {
            return "Plan[spec=" + spec + ", customId=" + (customId.isEmpty() ? "none" : "********") + "]";
        }
    }

    private TokenCreation() {
    }

    static Plan plan(TokenEntry parent, Map<String, Object> data, boolean sudo, boolean orphanPath, String path,
            TtlLimits limits, Instant now) {
        // vault-compat: a limited-use token could escape its count through children.
        if (parent.numUses() > 0) {
            throw new InvalidRequestException("restricted use token cannot generate child tokens");
        }
        TokenFields f = new TokenFields(data);
        boolean renewable = f.bool("renewable", true);
        String type = f.string("type");
        if (type.equals("batch")) {
            throw new InvalidRequestException("batch tokens are not supported");
        }
        if (!type.isEmpty() && !type.equals("service")) {
            throw new InvalidRequestException("invalid 'token_type' value");
        }
        int numUses = f.integer("num_uses");
        if (numUses < 0) {
            throw new InvalidRequestException("number of uses cannot be negative");
        }
        Map<String, String> meta = f.stringMap("meta");
        String displayName = displayName(f.string("display_name"));
        String customId = f.string("id");
        if (!customId.isEmpty() && !sudo) {
            throw new InvalidRequestException("root or sudo privileges required to specify token id");
        }
        List<String> policies = policies(parent, f.stringList("policies"), f.bool("no_default_policy", false), sudo);

        String parentId = parent.saltedId();
        if (f.bool("no_parent", false)) {
            if (!sudo) {
                throw new InvalidRequestException("root or sudo privileges required to create orphan token");
            }
            parentId = null;
        } else if (orphanPath) {
            parentId = null; // create-orphan is gated by the ACL on its path, not by sudo
        }

        long explicitMaxTtl = f.seconds("explicit_max_ttl");
        if (explicitMaxTtl < 0) {
            throw new InvalidRequestException("explicit_max_ttl must be positive");
        }
        long period = f.seconds("period");
        if (period < 0) {
            throw new InvalidRequestException("period must be positive");
        }
        if (period > 0 && !sudo) {
            throw new InvalidRequestException("root or sudo privileges required to create periodic token");
        }
        long ttl;
        if (f.present("ttl")) {
            ttl = f.seconds("ttl");
            if (ttl < 0) {
                throw new InvalidRequestException("ttl must be positive");
            }
        } else {
            ttl = f.seconds("lease"); // deprecated alias
            if (ttl < 0) {
                throw new InvalidRequestException("lease must be positive");
            }
        }

        List<String> warnings = new ArrayList<>();
        boolean root = policies.contains("root");
        // vault-compat: root tokens without a TTL never expire; everything else gets the TTL rule.
        if (period > 0 || ttl > 0 || !root) {
            TokenTtl.Result r = TokenTtl.calculate(limits, 0, ttl, period, explicitMaxTtl, now, now);
            ttl = r.ttl();
            warnings.addAll(r.warnings());
        }
        if (ttl == 0 && explicitMaxTtl > 0) {
            ttl = explicitMaxTtl;
        }
        if (ttl == 0) {
            if (parent.expireTime() != null) {
                throw new InvalidRequestException("expiring root tokens cannot create non-expiring root tokens");
            }
            renewable = false;
        }
        if (!customId.isEmpty()) {
            warnings.add("Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure "
                    + "SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure "
                    + "lookups.");
        }
        NewToken spec = new NewToken(parentId, policies, path, meta, displayName, numUses, ttl, explicitMaxTtl,
                period, renewable);
        return new Plan(spec, customId, warnings);
    }

    /** vault-compat: {@code token} or {@code token-<name>}, other characters than [a-zA-Z0-9-] become '-'. */
    static String displayName(String requested) {
        if (requested.isEmpty()) {
            return "token";
        }
        String full = ("token-" + requested).replaceAll("[^a-zA-Z0-9-]", "-");
        return full.endsWith("-") ? full.substring(0, full.length() - 1) : full;
    }

    private static List<String> policies(TokenEntry parent, List<String> requested, boolean noDefault,
            boolean sudo) {
        boolean addDefault = false;
        List<String> chosen;
        if (requested.stream().allMatch(p -> p.trim().isEmpty())) {
            // None given: the parent's, with default only if the parent has it.
            chosen = sanitize(parent.policies(), false);
        } else if (!sudo) {
            List<String> input = sanitize(requested, false);
            if (!sanitize(parent.policies(), false).containsAll(input)) {
                throw new InvalidRequestException("child policies must be subset of parent");
            }
            addDefault = !noDefault && parent.policies().contains("default");
            chosen = requested;
        } else {
            addDefault = !noDefault;
            chosen = requested;
        }
        List<String> result = new ArrayList<>(sanitize(chosen, addDefault));
        if (noDefault) {
            result.remove("default");
        }
        for (String p : result) {
            if (NON_ASSIGNABLE.contains(p)) {
                throw new InvalidRequestException("cannot assign policy \"" + p + "\"");
            }
        }
        if (result.contains("root") && !parent.root()) {
            throw new InvalidRequestException("root tokens may not be created without parent token being root");
        }
        return List.copyOf(result);
    }

    /**
     * vault-compat: Vault's policy sanitizing: trimmed, lower-cased, empty names dropped, {@code root} alone wins
     * over every other policy, {@code default} added when asked (never next to root), de-duplicated and sorted.
     */
    static List<String> sanitize(List<String> policies, boolean addDefault) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : policies) {
            String name = p.trim().toLowerCase(Locale.ROOT);
            if (name.equals("root")) {
                return List.of("root");
            }
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        if (addDefault) {
            out.add("default");
        }
        return List.copyOf(out);
    }
}
