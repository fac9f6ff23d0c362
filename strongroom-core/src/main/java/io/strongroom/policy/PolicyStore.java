package io.strongroom.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.base.StrongroomException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The named ACL policies, kept through the barrier (vault-compat: dataplane spec 3.5 and 3.6).
 *
 * <p>Storage format: one entry per policy at {@code policy/<name>} inside the view it is given (the system
 * view, so the barrier path is {@code sys/policy/<name>} as in Vault), holding the JSON
 * {@code {"Version":2,"Raw":"<text>","Type":0,"Templated":<bool>}}. Readers ignore other fields.
 *
 * <p>Names are lower-cased and trimmed. {@code root} is never stored: it reads as an empty policy, cannot be
 * written or deleted. {@code default} can be edited, not deleted. {@code response-wrapping} is reserved.
 *
 * <p>Thread-safe: writes are serialized; parsed policies are cached (at most {@value #CACHE_SIZE}) and a write or
 * delete drops the cached copy.
 */
public final class PolicyStore {

    /** The folder below the system view. */
    public static final String PREFIX = "policy/";
    static final int CACHE_SIZE = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BarrierStorage view;
    private final Object writeLock = new Object();
    private final Map<String, Policy> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Policy> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    // Every authenticated request needs the ACL of its token's policy set; merging the rules of several policies on
    // each request is the hot path's work, so merged ACLs are kept per set of names. Guarded by `cache`; any policy
    // write or delete empties it and bumps the generation, so an ACL built from policies that changed meanwhile is
    // never kept.
    private final Map<Set<String>, Acl> acls = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Set<String>, Acl> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private long generation; // guarded by cache

    /** @param systemView the system barrier view ({@code sys/}); policies go to {@code policy/} below it */
    public PolicyStore(BarrierStorage systemView) {
        this.view = Objects.requireNonNull(systemView, "systemView");
    }

    /** vault-compat: Vault's {@code sanitizeName}: trimmed, lower case. */
    public static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Forgets every cached policy and ACL: another node may have changed policies (HA: called when this node becomes
     * active).
     */
    public void purge() {
        synchronized (cache) {
            cache.clear();
            acls.clear();
            generation++;
        }
    }

    /** Writes the built-in {@code default} policy unless a {@code default} is stored (an edited one is kept). */
    public void ensureDefault() {
        synchronized (writeLock) {
            if (view.get(PREFIX + BuiltinPolicies.DEFAULT) == null) {
                store(Policy.parse(BuiltinPolicies.DEFAULT, BuiltinPolicies.DEFAULT_TEXT));
            }
        }
    }

    /**
     * Reads a policy.
     *
     * @return the policy, an empty {@code root} policy for {@code root}, or empty when none is stored
     * @throws StorageCorruptedException when the stored entry is not a policy Strongroom can read
     */
    public Optional<Policy> get(String name) {
        String n = normalize(name);
        if (n.equals(BuiltinPolicies.ROOT)) {
            return Optional.of(new Policy(BuiltinPolicies.ROOT, "", false, List.of()));
        }
        synchronized (cache) {
            Policy cached = cache.get(n);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        // On a miss, read under the write lock so a concurrent write or delete cannot leave a stale copy cached.
        synchronized (writeLock) {
            synchronized (cache) {
                Policy cached = cache.get(n);
                if (cached != null) {
                    return Optional.of(cached);
                }
            }
            byte[] stored = view.get(PREFIX + n);
            if (stored == null) {
                return Optional.empty();
            }
            Policy p = decode(n, stored);
            synchronized (cache) {
                cache.put(n, p);
            }
            return Optional.of(p);
        }
    }

    /**
     * Parses and stores a policy.
     *
     * @return the stored policy (its name normalized)
     * @throws InvalidRequestException {@code cannot update "root" policy}, or a parse error
     *     ({@code failed to parse policy: ...})
     */
    public Policy put(String name, String text) {
        String n = normalize(name);
        if (n.equals(BuiltinPolicies.ROOT) || n.equals(BuiltinPolicies.RESPONSE_WRAPPING)) {
            throw new InvalidRequestException("cannot update " + GoText.quote(n) + " policy");
        }
        if (n.isEmpty()) {
            throw new InvalidRequestException("policy name missing");
        }
        Policy p = Policy.parse(n, text);
        synchronized (writeLock) {
            store(p);
        }
        return p;
    }

    /**
     * Deletes a policy; absent is fine.
     *
     * @throws InvalidRequestException {@code cannot delete "root" policy}, {@code cannot delete default policy}
     */
    public void delete(String name) {
        String n = normalize(name);
        if (n.equals(BuiltinPolicies.ROOT) || n.equals(BuiltinPolicies.RESPONSE_WRAPPING)) {
            throw new InvalidRequestException("cannot delete " + GoText.quote(n) + " policy");
        }
        if (n.equals(BuiltinPolicies.DEFAULT)) {
            throw new InvalidRequestException("cannot delete default policy");
        }
        synchronized (writeLock) {
            view.delete(PREFIX + n);
            synchronized (cache) {
                cache.remove(n);
                acls.clear();
                generation++;
            }
        }
    }

    /**
     * The stored policy names, sorted, without {@code root} (the API adds it last) and without the
     * non-assignable {@code response-wrapping}.
     */
    public List<String> list() {
        List<String> out = new ArrayList<>();
        collect("", out);
        out.remove(BuiltinPolicies.RESPONSE_WRAPPING);
        out.sort(null);
        return out;
    }

    private void collect(String folder, List<String> out) {
        for (String key : view.list(PREFIX + folder)) {
            if (key.endsWith("/")) {
                collect(folder + key, out);
            } else {
                out.add(folder + key);
            }
        }
    }

    /**
     * The ACL of a token with these policies. vault-compat: {@code root} among them makes it the root ACL (Vault
     * keeps only {@code root} then); unknown names are ignored, as Vault ignores policies deleted after a token
     * was issued.
     */
    public Acl aclFor(Collection<String> policyNames) {
        Set<String> names = new LinkedHashSet<>();
        policyNames.forEach(n -> names.add(normalize(n)));
        if (names.contains(BuiltinPolicies.ROOT)) {
            return Acl.root();
        }
        long built;
        synchronized (cache) {
            Acl cached = acls.get(names);
            if (cached != null) {
                return cached;
            }
            built = generation;
        }
        List<Policy> policies = new ArrayList<>();
        for (String n : names) {
            get(n).ifPresent(policies::add);
        }
        Acl acl = Acl.of(policies);
        synchronized (cache) {
            if (generation == built) {
                acls.put(Set.copyOf(names), acl);
            }
        }
        return acl;
    }

    private void store(Policy p) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Version", 2);
        entry.put("Raw", p.raw());
        entry.put("Type", 0);
        entry.put("Templated", p.templated());
        try {
            view.put(PREFIX + p.name(), JSON.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new StrongroomException("cannot encode policy " + GoText.quote(p.name()), e);
        }
        synchronized (cache) {
            cache.put(p.name(), p);
            acls.clear();
            generation++;
        }
    }

    private static Policy decode(String name, byte[] stored) {
        JsonNode entry;
        try {
            entry = JSON.readTree(new String(stored, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageCorruptedException(PREFIX + name, "not JSON; restore it from a backup or delete it", e);
        }
        JsonNode raw = entry == null ? null : entry.get("Raw");
        if (raw == null || !raw.isTextual() || entry.path("Type").asInt(0) != 0) {
            throw new StorageCorruptedException(PREFIX + name, "not an ACL policy entry", null);
        }
        try {
            return Policy.parse(name, raw.asText());
        } catch (InvalidRequestException e) {
            throw new StorageCorruptedException(PREFIX + name, e.getMessage(), e);
        }
    }
}
