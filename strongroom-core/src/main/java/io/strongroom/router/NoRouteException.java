package io.strongroom.router;

import io.strongroom.base.StrongroomException;

/** Nothing is mounted at the path: 404 (vault-compat: dataplane spec 1.4, Vault's router text). */
public class NoRouteException extends StrongroomException {
    public NoRouteException(String path) {
        super("no handler for route \"" + path + "\". route entry not found.");
    }
}
