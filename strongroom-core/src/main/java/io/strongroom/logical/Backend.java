package io.strongroom.logical;

import java.util.Optional;
import java.util.Set;

/**
 * A secrets engine or auth method mounted at a path (kv, token, sys). One instance per mount, built with the
 * mount's own {@link io.strongroom.barrier.BarrierStorage} view, so it cannot see another mount's data.
 *
 * <p>Thread-safe: requests arrive concurrently. Errors are thrown as the types the HTTP layer maps in one place:
 * {@link io.strongroom.base.InvalidRequestException} (400), {@link UnsupportedPathException} (404),
 * {@link OperationUnsupportedException} (405), {@link io.strongroom.base.PermissionDeniedException} (403).
 */
public interface Backend {

    /** The mount type as Vault names it: {@code kv}, {@code token}, {@code system} ... */
    String type();

    /**
     * Serves a request already authorized by the pipeline.
     *
     * @return the answer, or null for "nothing to say" (204 for writes, 404 for reads and lists)
     */
    Response handle(Request request);

    /**
     * The existence check that decides create versus update for a POST/PUT (vault-compat: dataplane spec 3.4).
     *
     * @return whether the target exists, or empty when this path has no existence check (then it is an update)
     */
    default Optional<Boolean> exists(Request request) {
        return Optional.empty();
    }

    /**
     * Paths below the mount that need {@code sudo} as well as the operation's capability (Vault's root-protected
     * paths), as ACL-style patterns: an exact path, or a prefix ending in {@code *}.
     */
    default Set<String> sudoPaths() {
        return Set.of();
    }
}
