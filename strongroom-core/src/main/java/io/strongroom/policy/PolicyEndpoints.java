package io.strongroom.policy;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.PermissionDeniedException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.logical.UnsupportedPathException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The policy endpoints of the system backend (vault-compat: dataplane spec 3.6 and 3.7): {@code sys/policy},
 * {@code sys/policy/<name>}, {@code sys/policies/acl}, {@code sys/policies/acl/<name>} and
 * {@code sys/capabilities-self}. Paths are relative to the {@code sys/} mount ({@link Request#relativePath()}).
 * Answers carry plain data; copying {@code sys/policy} and {@code sys/capabilities-self} data to the top level
 * of the HTTP body (Vault's "injected" routes, spec 1.3) is the HTTP layer's job. Thread-safe.
 */
public final class PolicyEndpoints {

    private static final String LEGACY = "policy";
    private static final String ACL = "policies/acl";
    private static final String CAPABILITIES_SELF = "capabilities-self";

    private final PolicyStore store;

    public PolicyEndpoints(PolicyStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Whether {@code relativePath} (below {@code sys/}) is one of these endpoints. */
    public static boolean serves(String relativePath) {
        return relativePath.equals(LEGACY) || relativePath.startsWith(LEGACY + "/") || relativePath.equals(ACL)
                || relativePath.startsWith(ACL + "/") || relativePath.equals(CAPABILITIES_SELF);
    }

    /**
     * Serves a policy request ({@code policy...} or {@code policies/acl...}); for {@code capabilities-self} use
     * {@link #capabilitiesSelf(Request, Acl)}.
     *
     * @return the answer; null for "nothing" (204 after a write or delete, 404 for a missing policy)
     * @throws InvalidRequestException Vault's 400 texts
     * @throws OperationUnsupportedException an operation the path does not offer (405)
     * @throws UnsupportedPathException a path that is none of these (404)
     */
    public Response handle(Request request) {
        String rel = request.relativePath();
        if (rel.equals(LEGACY) || rel.equals(LEGACY + "/")) {
            return listing(request.operation() == Operation.READ || request.operation() == Operation.LIST, true);
        }
        if (rel.equals(ACL) || rel.equals(ACL + "/")) {
            // vault-compat: sys/policies/acl only lists; a plain GET is 405.
            return listing(request.operation() == Operation.LIST, false);
        }
        if (rel.startsWith(LEGACY + "/")) {
            return named(request, rel.substring(LEGACY.length() + 1), true);
        }
        if (rel.startsWith(ACL + "/")) {
            return named(request, rel.substring(ACL.length() + 1), false);
        }
        throw new UnsupportedPathException();
    }

    private Response listing(boolean supported, boolean legacy) {
        if (!supported) {
            throw new OperationUnsupportedException();
        }
        List<String> keys = new ArrayList<>(store.list());
        // vault-compat: root is not stored but listed, last.
        keys.add(BuiltinPolicies.ROOT);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keys", List.copyOf(keys));
        if (legacy) {
            data.put("policies", List.copyOf(keys));
        }
        return Response.of(data);
    }

    private Response named(Request request, String name, boolean legacy) {
        switch (request.operation()) {
            case READ -> {
                return store.get(name).map(p -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("name", p.name());
                    data.put(legacy ? "rules" : "policy", p.raw());
                    return Response.of(data);
                }).orElse(null);
            }
            case CREATE, UPDATE -> {
                return write(request, name, legacy);
            }
            case DELETE -> {
                store.delete(name);
                return null;
            }
            default -> throw new OperationUnsupportedException();
        }
    }

    /** vault-compat: Vault's {@code handlePoliciesSet} (spec 3.6), checks and warnings in its order. */
    private Response write(Request request, String name, boolean legacy) {
        List<String> warnings = new ArrayList<>();
        String text = text(request.data(), "policy");
        if (text.isEmpty() && legacy) {
            text = text(request.data(), "rules");
            warnings.add("'rules' is deprecated, please use 'policy' instead");
        }
        if (text.isEmpty()) {
            throw new InvalidRequestException("'policy' parameter not supplied or empty");
        }
        Policy stored = store.put(name, Policy.decodeIfBase64(text));
        if (!stored.name().equals(name)) {
            warnings.add("policy name was converted to " + stored.name());
        }
        return warnings.isEmpty() ? null : Response.warnings(warnings);
    }

    /** A string field; vault-compat: the framework's weak typing turns numbers and booleans into their text. */
    private static String text(Map<String, Object> data, String field) {
        Object v = data.get(field);
        if (v == null) {
            return "";
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new InvalidRequestException("error converting input for field \"" + field + "\": expected a string");
    }

    /**
     * {@code sys/capabilities-self}: the caller's capabilities on each path of {@code paths} (a list or a
     * comma-separated string; deprecated {@code path} when {@code paths} is absent). vault-compat: spec 3.7: one
     * key per path; with exactly one path also {@code capabilities}.
     *
     * @param callerAcl the ACL of the token that sent the request
     * @throws InvalidRequestException {@code paths must be supplied}
     * @throws OperationUnsupportedException for anything but a write (POST/PUT)
     * @throws PermissionDeniedException without a caller ACL
     */
    public Response capabilitiesSelf(Request request, Acl callerAcl) {
        if (request.operation() != Operation.UPDATE && request.operation() != Operation.CREATE) {
            throw new OperationUnsupportedException();
        }
        if (callerAcl == null) {
            throw new PermissionDeniedException();
        }
        List<String> paths = commaList(request.data().get("paths"));
        if (paths.isEmpty()) {
            paths = commaList(request.data().get("path"));
        }
        if (paths.isEmpty()) {
            throw new InvalidRequestException("paths must be supplied");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String p : paths) {
            data.put(p, callerAcl.capabilities(p));
        }
        if (paths.size() == 1) {
            data.put("capabilities", data.get(paths.get(0)));
        }
        return Response.of(data);
    }

    /** vault-compat: the framework's comma-string-slice type: a list, or a string split on commas; trimmed. */
    private static List<String> commaList(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(e -> out.add(String.valueOf(e).trim()));
        } else if (v instanceof String s && !s.isEmpty()) {
            for (String part : s.split(",", -1)) {
                out.add(part.trim());
            }
        } else if (v != null && !(v instanceof String)) {
            throw new InvalidRequestException("error converting input for field \"paths\": expected a list of strings");
        }
        return out;
    }
}
