package io.strongroom.router;

import io.strongroom.logical.Caller;
import java.util.Optional;

/** The token store as the pipeline needs it. */
public interface TokenResolver {

    /** One authenticated request's hold on its token. */
    interface Session {
        Caller caller();

        /** After the handler: a token whose last use this request was is revoked now. */
        void done();
    }

    /**
     * Resolves a client token and counts one use of it.
     *
     * @return the session, or empty for a missing, unknown, expired, used-up or revoked token
     */
    Optional<Session> authenticate(String token);
}
