package io.strongroom.token;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Backend;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;
import io.strongroom.policy.SudoPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The token auth method, mounted at {@code auth/token/} (vault-compat: dataplane spec 2.1): create, create-orphan,
 * lookup, lookup-self, lookup-accessor, renew, renew-self, renew-accessor, revoke, revoke-self, revoke-accessor,
 * revoke-orphan, LIST accessors, tidy. Roles are not implemented ({@code create/<role>} and {@code roles} are
 * unsupported paths).
 *
 * <p>The pipeline has already resolved the caller's token ({@link Request#caller()}) and checked the ACL, including
 * sudo on {@link #sudoPaths()}; handlers that Vault gates on sudo themselves (custom id, no_parent, period,
 * revoke-orphan) read {@link Request#sudo()}. Thread-safe.
 */
public final class TokenBackend implements Backend {

    static final String WARN_NO_ACCESSOR = "No token found with this accessor";
    static final String WARN_TIDY = "Tidy operation successfully started. Any information from the operation will "
            + "be printed to Vault's server logs.";

    private final TokenStore store;
    private final Predicate<String> policyExists;

    /**
     * @param store the token store
     * @param policyExists tells whether a policy name exists, for the {@code Policy "x" does not exist} warning on
     *     create
     */
    public TokenBackend(TokenStore store, Predicate<String> policyExists) {
        this.store = Objects.requireNonNull(store, "store");
        this.policyExists = Objects.requireNonNull(policyExists, "policyExists");
    }

    /** A backend that warns about no policy. */
    public TokenBackend(TokenStore store) {
        this(store, p -> true);
    }

    @Override
    public String type() {
        return "token";
    }

    /** vault-compat: dataplane spec 3.8, the token store's root-protected paths. */
    @Override
    public Set<String> sudoPaths() {
        // vault-compat: dataplane spec 3.8; plain "revoke-orphan" is not root-protected, its handler asks for sudo
        // and answers 400 "root or sudo privileges required to revoke and orphan" (spec 2.1)
        return SudoPaths.TOKEN;
    }

    @Override
    public Response handle(Request request) {
        String path = request.relativePath();
        Operation op = request.operation();
        boolean write = op == Operation.UPDATE || op == Operation.CREATE;
        switch (path) {
            case "create", "create-orphan":
                requireWrite(write);
                return create(request, path.equals("create-orphan"));
            case "lookup":
                if (op == Operation.READ) {
                    return lookup(request, callerToken(request));
                }
                requireWrite(write);
                String token = new TokenFields(request.data()).string("token");
                return lookup(request, token.isEmpty() ? callerToken(request) : token);
            case "lookup-self":
                requireWrite(write || op == Operation.READ);
                return lookup(request, callerToken(request));
            case "lookup-accessor":
                requireWrite(write);
                return lookupAccessor(request);
            case "renew", "renew-self", "renew-accessor":
                requireWrite(write);
                return renew(request, path);
            case "revoke", "revoke-self":
                requireWrite(write);
                return revoke(request, path.equals("revoke-self"));
            case "revoke-accessor":
                requireWrite(write);
                return revokeAccessor(request);
            case "revoke-orphan":
                requireWrite(write);
                return revokeOrphan(request);
            case "accessors", "accessors/":
                if (op != Operation.LIST) {
                    throw new OperationUnsupportedException();
                }
                return Response.list(store.accessors());
            case "tidy":
                requireWrite(write);
                store.tidy();
                return Response.warnings(List.of(WARN_TIDY)).withStatus(202);
            default:
                throw new UnsupportedPathException();
        }
    }

    private static void requireWrite(boolean allowed) {
        if (!allowed) {
            throw new OperationUnsupportedException();
        }
    }

    private static String callerToken(Request request) {
        Caller caller = request.caller();
        return caller == null || caller.token() == null ? "" : caller.token();
    }

    private static boolean sudo(Request request) {
        return request.sudo() || (request.caller() != null && request.caller().root());
    }

    private Response create(Request request, boolean orphan) {
        TokenEntry parent = store.lookup(callerToken(request)).orElseThrow(
                () -> new InvalidRequestException("parent token lookup failed: no parent found"));
        TokenCreation.Plan plan = TokenCreation.plan(parent, request.data(), sudo(request), orphan,
                "auth/token/" + request.relativePath(), store.limits(), store.now());
        IssuedToken issued = store.create(plan.spec(), plan.customId());
        List<String> warnings = new ArrayList<>(plan.warnings());
        for (String policy : issued.entry().policies()) {
            if (!policyExists.test(policy)) {
                warnings.add("Policy \"" + policy + "\" does not exist");
            }
        }
        TokenEntry e = issued.entry();
        return new Response(null, TokenResponses.auth(e, issued.token(), e.ttl()), warnings, 0, false, 0);
    }

    private Response lookup(Request request, String token) {
        if (token.isEmpty()) {
            throw new InvalidRequestException("missing token ID");
        }
        // vault-compat: Vault's lookup also shows a token spending its last use.
        TokenEntry e = store.lookupForOwnRequest(token).orElseThrow(BadTokenException::new);
        return Response.of(TokenResponses.lookupData(e, token, store.now()));
    }

    private Response lookupAccessor(Request request) {
        String accessor = new TokenFields(request.data()).string("accessor");
        if (accessor.isEmpty()) {
            throw new InvalidRequestException("missing accessor");
        }
        TokenEntry e = store.lookupByAccessor(accessor).orElseThrow(
                () -> new InvalidRequestException("invalid accessor"));
        return Response.of(TokenResponses.lookupData(e, "", store.now()));
    }

    private Response renew(Request request, String path) {
        TokenFields f = new TokenFields(request.data());
        long increment = f.seconds("increment");
        Optional<TokenEntry> entry;
        String clientToken;
        if (path.equals("renew-accessor")) {
            String accessor = f.string("accessor");
            if (accessor.isEmpty()) {
                throw new InvalidRequestException("missing accessor");
            }
            entry = store.lookupByAccessor(accessor);
            clientToken = "";
        } else {
            clientToken = path.equals("renew-self") ? callerToken(request) : f.string("token");
            if (clientToken.isEmpty()) {
                throw new InvalidRequestException("missing token ID");
            }
            entry = store.lookupForOwnRequest(clientToken);
        }
        TokenEntry e = entry.orElseThrow(() -> new InvalidRequestException("token not found"));
        TokenStore.Renewal renewal = store.renew(e, Math.max(increment, 0));
        TokenEntry r = renewal.entry();
        return new Response(null, TokenResponses.auth(r, clientToken, r.ttl()), renewal.warnings(), 0, false, 0);
    }

    private Response revoke(Request request, boolean self) {
        String token = self ? callerToken(request) : new TokenFields(request.data()).string("token");
        if (token.isEmpty()) {
            throw new InvalidRequestException("missing token ID");
        }
        store.revoke(token); // vault-compat: 204 also for an unknown token
        return null;
    }

    private Response revokeAccessor(Request request) {
        String accessor = new TokenFields(request.data()).string("accessor");
        if (accessor.isEmpty()) {
            throw new InvalidRequestException("missing accessor");
        }
        return store.revokeByAccessor(accessor) ? null : Response.warnings(List.of(WARN_NO_ACCESSOR));
    }

    private Response revokeOrphan(Request request) {
        String token = new TokenFields(request.data()).string("token");
        if (token.isEmpty()) {
            throw new InvalidRequestException("missing token ID");
        }
        if (!sudo(request)) {
            throw new InvalidRequestException("root or sudo privileges required to revoke and orphan");
        }
        if (!store.revokeOrphan(token)) {
            throw new InvalidRequestException("token to revoke not found");
        }
        return null;
    }

    /** Exposed for the pipeline's wiring: the store behind this backend. */
    public TokenStore store() {
        return store;
    }

}
