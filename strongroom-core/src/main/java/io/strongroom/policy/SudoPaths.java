package io.strongroom.policy;

import java.util.Set;

/**
 * Vault's root-protected paths (vault-compat: dataplane spec 3.8): a request on one needs {@code sudo} on the path
 * as well as the operation's capability. Patterns are relative to their mount: an exact path, or a prefix ending
 * in {@code *}. Stateless.
 */
public final class SudoPaths {

    /** Below {@code sys/}. */
    public static final Set<String> SYS = Set.of("auth/*", "remount", "audit", "audit/*", "raw", "raw/*", "rotate",
            "config/cors", "config/auditing/*", "config/ui/headers/*", "plugins/catalog/*",
            "plugins/runtimes/catalog/*", "revoke-prefix/*", "revoke-force/*", "leases/revoke-prefix/*",
            "leases/revoke-force/*", "leases/lookup/*", "storage/raft/snapshot-auto/config/*", "leases",
            "internal/inspect/*", "seal", "step-down",
            // Strongroom: the key inventory and the rewrap act on every stored key, as the other root paths do
            "seal/key-usage", "sealwrap/rewrap",
            // vault-compat: OpenBao 2.4+ root-key rotation and its keyring alias of "rotate" (vault-seal-spec 3.11, 4.4)
            "rotate/root", "rotate/keyring");

    /** Below {@code auth/token/}. */
    public static final Set<String> TOKEN = Set.of("revoke-orphan/*", "accessors*");

    private SudoPaths() {
    }

    /**
     * Whether {@code relativePath} is root-protected under {@code patterns}. vault-compat: Vault's router takes
     * the longest pattern that is a prefix of the path; an exact pattern then has to equal the path, a {@code *}
     * pattern matches (so a longer exact pattern shadows a shorter glob).
     */
    public static boolean matches(Set<String> patterns, String relativePath) {
        String best = null;
        boolean bestGlob = false;
        for (String p : patterns) {
            boolean glob = p.endsWith("*");
            String key = glob ? p.substring(0, p.length() - 1) : p;
            if (relativePath.startsWith(key) && (best == null || key.length() > best.length())) {
                best = key;
                bestGlob = glob;
            }
        }
        return best != null && (bestGlob || best.equals(relativePath));
    }
}
