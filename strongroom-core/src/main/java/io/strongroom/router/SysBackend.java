package io.strongroom.router;

import io.strongroom.logical.Backend;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import java.util.List;
import java.util.Set;

/** The {@code sys/} mount: dispatches to its endpoint groups. */
public final class SysBackend implements Backend {

    /**
     * vault-compat: the root-protected paths of Vault's system backend (dataplane spec 3.8) that exist here or may
     * soon; a request on them needs {@code sudo} as well.
     */
    private static final Set<String> SUDO = Set.of("auth/*", "remount", "audit", "audit/*", "raw", "raw/*", "rotate",
            "config/cors", "config/auditing/*", "config/ui/headers/*", "plugins/catalog/*", "revoke-prefix/*",
            "revoke-force/*", "leases/revoke-prefix/*", "leases/revoke-force/*", "leases/lookup/*", "leases",
            "internal/inspect/*", "seal", "step-down");

    private final List<SysPaths> groups;

    public SysBackend(List<SysPaths> groups) {
        this.groups = List.copyOf(groups);
    }

    @Override
    public String type() {
        return "system";
    }

    @Override
    public Response handle(Request request) {
        String rel = request.relativePath();
        for (SysPaths g : groups) {
            if (g.handles(rel)) {
                return g.handle(request);
            }
        }
        throw new UnsupportedPathException();
    }

    @Override
    public Set<String> sudoPaths() {
        return SUDO;
    }
}
