package io.strongroom.router;

import io.strongroom.logical.Caller;
import java.util.Optional;

/** The token store as the pipeline needs it. */
public interface TokenResolver {

    /**
     * Resolves a client token and counts one use of it (a limited-use token is revoked after its last use).
     *
     * @return the caller, or empty for a missing, unknown, expired or revoked token
     */
    Optional<Caller> authenticate(String token);
}
