package io.strongroom.router;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.PermissionDeniedException;
import io.strongroom.base.SealedException;
import io.strongroom.logical.Backend;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.policy.SudoPaths;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Every authenticated request goes through here, in Vault's order (vault-compat: dataplane spec 1.4, "authorise
 * before route"): sealed check, a write to a path ending in {@code /} refused, token, existence check (create or
 * update), ACL with sudo for root-protected paths, then the route. So a non-root token on a path nobody serves gets 403, and only a caller allowed there
 * learns that no route exists (404 {@code no handler for route}).
 */
public final class RequestPipeline {

    private final Mounts mounts;
    private final TokenResolver tokens;
    private final Authorizer acl;
    private final BooleanSupplier sealed;
    private final Audit audit;

    /**
     * The audit log as the pipeline needs it (vault-compat: dataplane spec 6.5): the request entry after the
     * authorization decision and before the route, refused requests included; the response entry after the route.
     * Either call throws when no enabled device could write the entry, which stops the request.
     */
    public interface Audit {
        /**
         * @param token the client token as sent (may be null or unknown)
         * @param mountType the type of the mount serving the path, or "" when none
         * @param refusal why the request is refused, or null when it will be executed
         */
        void request(Request request, String token, String mountType, RuntimeException refusal);

        /** @param error the handler's failure, or null; {@code response} null means "nothing" */
        void response(Request request, String token, String mountType, Response response, RuntimeException error);

        /** No audit log. */
        Audit NONE = new Audit() {
            @Override
            public void request(Request r, String t, String m, RuntimeException e) {}

            @Override
            public void response(Request r, String t, String m, Response resp, RuntimeException e) {}
        };
    }

    public RequestPipeline(Mounts mounts, TokenResolver tokens, Authorizer acl, BooleanSupplier sealed) {
        this(mounts, tokens, acl, sealed, Audit.NONE);
    }

    public RequestPipeline(Mounts mounts, TokenResolver tokens, Authorizer acl, BooleanSupplier sealed, Audit audit) {
        this.mounts = mounts;
        this.tokens = tokens;
        this.acl = acl;
        this.sealed = sealed;
        this.audit = audit;
    }

    /**
     * @param token the client token as sent, or null
     * @return the backend's answer (null inside: "nothing", 204 or 404 by operation) and the mount type
     * @throws SealedException when sealed
     * @throws InvalidRequestException for a write to a path ending in {@code /}, whoever asks
     * @throws PermissionDeniedException for a bad token, an ACL refusal or missing sudo
     * @throws NoRouteException when the caller may act on the path but nothing is mounted there
     */
    public Result handle(Request request, String token) {
        if (sealed.getAsBoolean()) {
            throw new SealedException();
        }
        if (request.operation().isWrite() && request.path().endsWith("/")) {
            // vault-compat: dataplane spec 1.1; Vault refuses this before it looks at the token
            // (request_handling.go handleCancelableRequest), so the answer is the same for every caller
            throw new InvalidRequestException("cannot write to a path ending in '/'");
        }
        TokenResolver.Session session = authenticateAudited(request, token);
        try {
            return route(request, session.caller(), token);
        } finally {
            session.done();
        }
    }

    /** {@link #authenticate}, with the refused request in the audit log (vault-compat: Vault audits it too). */
    private TokenResolver.Session authenticateAudited(Request request, String token) {
        try {
            return authenticate(token);
        } catch (PermissionDeniedException refused) {
            audit.request(request, token, "", refused);
            throw refused;
        }
    }

    private TokenResolver.Session authenticate(String token) {
        Optional<TokenResolver.Session> session =
                token == null || token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
        return session.orElseThrow(() -> new PermissionDeniedException(PermissionDeniedException.INVALID_TOKEN));
    }

    private Result route(Request request, Caller caller, String token) {
        Request req = new Request(request.id(), request.operation(), request.path(), "", request.data(), caller,
                false, request.remoteAddress());
        Optional<Mounts.Mounted> mount = mounts.route(req.path());
        if (mount.isPresent()) {
            req = req.routedTo(mount.get().entry().path());
            if (req.operation() == Operation.UPDATE) {
                Optional<Boolean> exists = mount.get().backend().exists(req);
                if (exists.isPresent() && !exists.get()) {
                    req = req.withOperation(Operation.CREATE);
                }
            }
        }
        Authorizer.Decision decision = acl.check(caller, req.operation(), req.path(), req.data());
        RuntimeException refusal = null;
        if (!decision.allowed()
                || mount.isPresent() && needsSudo(mount.get().backend(), req.relativePath()) && !decision.sudo()) {
            refusal = new PermissionDeniedException();
        } else if (mount.isEmpty()) {
            refusal = new NoRouteException(req.path());
        }
        String mountType = mount.map(m -> m.entry().type()).orElse("");
        audit.request(req, token, mountType, refusal);
        if (refusal != null) {
            throw refusal;
        }
        Backend backend = mount.get().backend();
        Response response;
        try {
            response = backend.handle(req.withSudo(decision.sudo()));
        } catch (RuntimeException e) {
            audit.response(req, token, mountType, null, e);
            throw e;
        }
        audit.response(req, token, mountType, response, null);
        return new Result(response, backend.type(), mount.get().entry().path(), req.operation());
    }

    /**
     * A backend's answer (null: nothing), the type of the mount that gave it ({@code mount_type}), its path (e.g.
     * {@code secret/}) and the operation it ran ({@code create} where the request said update), for per-mount
     * request metrics.
     */
    public record Result(Response response, String mountType, String mountPoint, Operation operation) {}

    /**
     * {@code sys/internal/ui/mounts/:path}: the mount serving {@code path}, for a caller with any access under it
     * (vault-compat: dataplane spec 4.4; the Vault CLI and Spring Vault detect the KV version with it).
     *
     * @throws PermissionDeniedException for a bad token, no mount there, or no access under it
     */
    public MountEntry uiMount(String path, String token) {
        return uiMount(path, token, null);
    }

    /**
     * As {@link #uiMount(String, String)}, audited as Vault audits this sys path: the request entry (refused or
     * not) and, when allowed, a response entry naming the mount.
     *
     * @param remoteAddress the client's address for the audit entries, or null
     */
    public MountEntry uiMount(String path, String token, String remoteAddress) {
        if (sealed.getAsBoolean()) {
            throw new SealedException();
        }
        String p = Mounts.normalize(path);
        Request request = new Request(java.util.UUID.randomUUID().toString(), Operation.READ,
                "sys/internal/ui/mounts/" + path, "", java.util.Map.of(), null, false, remoteAddress);
        TokenResolver.Session session = authenticateAudited(request, token);
        Caller caller = session.caller();
        session.done();
        Request req = new Request(request.id(), Operation.READ, request.path(), "sys/", request.data(), caller, false,
                remoteAddress);
        Optional<Mounts.Mounted> mount = mounts.route(p);
        if (mount.isEmpty() || !acl.anyAccessUnder(caller, mount.get().entry().path())) {
            PermissionDeniedException refusal = new PermissionDeniedException("preflight capability check returned "
                    + "403, please ensure client's policies grant access to path \"" + p + "\"");
            audit.request(req, token, "system", refusal);
            throw refusal;
        }
        MountEntry entry = mount.get().entry();
        audit.request(req, token, "system", null);
        audit.response(req, token, "system",
                Response.of(java.util.Map.of("path", entry.path(), "type", entry.type())), null);
        return entry;
    }

    /**
     * Authorizes a request that a special handler serves outside the router ({@code sys/seal}, {@code sys/metrics}):
     * token, then the ACL with sudo when the path is root-protected, exactly as a routed request (vault-compat:
     * Vault's seal handler checks {@code update} and {@code sudo} on {@code sys/seal}), and the request entry in
     * the audit log, refused or not, as Vault's seal handler writes one.
     *
     * @param remoteAddress the client's address for the audit entry, or null
     * @throws SealedException when sealed
     * @throws PermissionDeniedException for a bad token or an ACL refusal
     */
    public Caller authorize(Operation operation, String path, String token, String remoteAddress) {
        if (sealed.getAsBoolean()) {
            throw new SealedException();
        }
        Request request = new Request(java.util.UUID.randomUUID().toString(), operation, path, "", java.util.Map.of(),
                null, false, remoteAddress);
        TokenResolver.Session session = authenticateAudited(request, token);
        try {
            Request req = new Request(request.id(), operation, path, "", request.data(), session.caller(), false,
                    remoteAddress);
            Authorizer.Decision d = acl.check(session.caller(), operation, path, java.util.Map.of());
            Optional<Mounts.Mounted> mount = mounts.route(path);
            if (mount.isPresent()) {
                req = req.routedTo(mount.get().entry().path());
            }
            boolean sudoNeeded = mount.isPresent() && needsSudo(mount.get().backend(),
                    path.substring(Math.min(path.length(), mount.get().entry().path().length())));
            PermissionDeniedException refusal = !d.allowed() || (sudoNeeded && !d.sudo())
                    ? new PermissionDeniedException() : null;
            audit.request(req, token, mount.map(m -> m.entry().type()).orElse(""), refusal);
            if (refusal != null) {
                throw refusal;
            }
            return session.caller();
        } finally {
            session.done();
        }
    }

    /** As {@link #authorize(Operation, String, String, String)} without a known client address. */
    public Caller authorize(Operation operation, String path, String token) {
        return authorize(operation, path, token, null);
    }

    /** Sudo patterns are exact paths or prefixes ending in {@code *}, relative to the mount. */
    static boolean needsSudo(Backend backend, String relativePath) {
        return SudoPaths.matches(backend.sudoPaths(), relativePath);
    }
}
