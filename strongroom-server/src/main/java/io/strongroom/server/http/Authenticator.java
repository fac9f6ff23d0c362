package io.strongroom.server.http;

import io.strongroom.base.PermissionDeniedException;
import io.strongroom.base.SealedException;
import io.strongroom.core.lifecycle.Lifecycle;
import io.strongroom.core.lifecycle.TokenInfo;

/**
 * Resolves the request's client token through {@link Lifecycle#lookupToken}. The token itself is never logged,
 * echoed or kept.
 */
final class Authenticator {

    private final Lifecycle lifecycle;

    Authenticator(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * @throws SealedException when sealed, even without a token (vault-compat: a sealed Vault answers 503 to
     *     every authenticated route before it looks at the token)
     * @throws PermissionDeniedException when the token is missing or unknown
     */
    TokenInfo authenticate(ApiRequest request) {
        String token = request.token();
        if (token == null || token.isEmpty()) {
            if (lifecycle.isSealed()) {
                throw new SealedException();
            }
            throw new PermissionDeniedException(PermissionDeniedException.INVALID_TOKEN);
        }
        return lifecycle.lookupToken(token)
                .orElseThrow(() -> new PermissionDeniedException(PermissionDeniedException.INVALID_TOKEN));
    }

    /** As {@link #authenticate}, and the token must carry the {@code root} policy. */
    TokenInfo requireRoot(ApiRequest request) {
        TokenInfo info = authenticate(request);
        if (!info.isRoot()) {
            throw new PermissionDeniedException();
        }
        return info;
    }
}
