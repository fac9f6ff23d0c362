package io.strongroom.router;

import io.strongroom.logical.Backend;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import io.strongroom.policy.SudoPaths;
import java.util.List;
import java.util.Set;

/** The {@code sys/} mount: dispatches to its endpoint groups. */
public final class SysBackend implements Backend {

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
        return SudoPaths.SYS; // vault-compat: dataplane spec 3.8
    }
}
