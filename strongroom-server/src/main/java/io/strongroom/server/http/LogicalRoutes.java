package io.strongroom.server.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.router.MountEntry;
import io.strongroom.router.RequestPipeline;
import io.strongroom.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The thin translator between Vault's HTTP API and the request pipeline, for every {@code /v1/} path that is not
 * one of the seal routes (vault-compat: dataplane spec 1.1 to 1.4): method to operation, query or body to data,
 * and the answer to Vault's envelope
 * {@code {"request_id","lease_id","renewable","lease_duration","data","wrap_info","warnings","auth","mount_type"}}.
 */
final class LogicalRoutes {

    private static final String UI_MOUNTS = "sys/internal/ui/mounts/";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    /**
     * vault-compat: routes whose {@code data} keys are also copied to the top level of the answer (dataplane spec
     * 1.3, "injected" sys routes); exact paths, or prefixes ending in {@code /}.
     */
    private static final List<String> INJECTED = List.of("sys/mounts", "sys/mounts/", "sys/policy", "sys/policy/",
            "sys/capabilities", "sys/capabilities-accessor", "sys/capabilities-self", "sys/audit", "sys/audit/",
            "sys/audit-hash/", "sys/auth", "sys/auth/", "sys/key-status", "sys/rotate", "sys/remount");

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private final RequestPipeline pipeline;
    private final ObjectMapper json = new ObjectMapper();
    private final String version;
    private final ServerMetrics metrics;

    LogicalRoutes(RequestPipeline pipeline, String version) {
        this(pipeline, version, ServerMetrics.defaults());
    }

    /** @param metrics records each routed request's time by operation and mount ({@code vault.route}) */
    LogicalRoutes(RequestPipeline pipeline, String version, ServerMetrics metrics) {
        this.pipeline = pipeline;
        this.version = version;
        this.metrics = metrics;
    }

    RequestPipeline pipeline() {
        return pipeline;
    }

    ApiResponse handle(ApiRequest http) throws IOException {
        String path = http.path().substring("/v1/".length());
        if (path.startsWith(UI_MOUNTS) && "GET".equals(http.method())) {
            return uiMount(path.substring(UI_MOUNTS.length()), http.token(), http.remoteAddress());
        }
        if (badListFlag(http)) {
            return ErrorMapper.error(400, null); // vault-compat: dataplane spec 1.1, strconv.ParseBool failed
        }
        Operation op = operation(http);
        if (op == null) {
            return ErrorMapper.error(405, null);
        }
        if (op == Operation.LIST && !path.endsWith("/")) {
            path = path + "/";
        }
        Map<String, Object> data = data(http, op);
        String requestId = UUID.randomUUID().toString();
        Request request = new Request(requestId, op, path, "", data, null, false, http.remoteAddress());
        long start = System.nanoTime();
        RequestPipeline.Result result = pipeline.handle(request, http.token());
        metrics.route(result.operation().capability(), result.mountPoint(), System.nanoTime() - start);
        Response r = result.response();
        if (r == null) {
            if (op == Operation.READ || op == Operation.LIST) {
                return ErrorMapper.error(404, null); // vault-compat: nothing found is 404 {"errors":[]}
            }
            return ApiResponse.noContent();
        }
        int status = r.status() != 0 ? r.status() : 200;
        return new ApiResponse(status, envelope(requestId, r, result.mountType(), injected(path)));
    }

    private ApiResponse uiMount(String path, String token, String remoteAddress) {
        MountEntry entry = pipeline.uiMount(path, token, remoteAddress);
        Map<String, Object> data = new LinkedHashMap<>(entry.toInfo(version));
        data.put("path", entry.path());
        return ApiResponse.ok(envelope(UUID.randomUUID().toString(), Response.of(data), "system", false));
    }

    /** vault-compat: dataplane spec 1.1. Null for a method Vault answers 405. */
    private static Operation operation(ApiRequest http) {
        switch (http.method()) {
            case "GET":
                // vault-compat: an empty or false "list" is a read (the flag was checked by badListFlag)
                return TRUE.contains(http.query().getOrDefault("list", "")) ? Operation.LIST : Operation.READ;
            case "LIST":
                return Operation.LIST;
            case "POST":
            case "PUT":
                return Operation.UPDATE;
            case "PATCH":
                String type = mediaType(http.contentType());
                if (!type.equals(MERGE_PATCH)) {
                    throw new UnsupportedMediaTypeException("PATCH requires Content-Type of " + MERGE_PATCH
                            + ", provided " + type);
                }
                return Operation.PATCH;
            case "DELETE":
                return Operation.DELETE;
            default:
                return null;
        }
    }

    /** A GET whose {@code list} flag is neither empty nor one of Go's booleans. */
    private static boolean badListFlag(ApiRequest http) {
        String list = http.query().get("list");
        return "GET".equals(http.method()) && list != null && !list.isEmpty() && !TRUE.contains(list)
                && !FALSE.contains(list);
    }

    /**
     * The media type of a {@code Content-Type} header without its parameters, lower-cased (as Go's
     * {@code mime.ParseMediaType} gives it).
     *
     * @throws InvalidRequestException when there is none (vault-compat: Go's {@code mime: no media type}, 400)
     */
    static String mediaType(String contentType) {
        String type = contentType == null ? "" : contentType;
        int semicolon = type.indexOf(';');
        type = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw new InvalidRequestException("mime: no media type");
        }
        return type;
    }

    /** Query parameters for reads, lists and deletes; the JSON (or form) body for writes. */
    private Map<String, Object> data(ApiRequest http, Operation op) {
        if (!op.isWrite()) {
            Map<String, Object> data = new LinkedHashMap<>();
            http.query().forEach((k, v) -> {
                if (!k.equals("list") && !k.equals("help")) {
                    data.put(k, v);
                }
            });
            return data;
        }
        byte[] body = http.body();
        int first = firstNonSpace(body);
        if (first < 0) {
            return Map.of(); // vault-compat: an empty body is no data
        }
        String type = http.contentType() == null ? "" : http.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") && body[first] != '{' && body[first] != '[') {
            return form(new String(body, StandardCharsets.UTF_8));
        }
        try {
            Map<String, Object> data = json.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {});
            return data == null ? Map.of() : data;
        } catch (IOException e) {
            throw new InvalidRequestException("error parsing JSON"); // vault-compat: dataplane spec 1.1
        }
    }

    private static Map<String, Object> form(String body) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            data.put(k, v);
        }
        return data;
    }

    private static int firstNonSpace(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean injected(String path) {
        for (String p : INJECTED) {
            if (p.endsWith("/") ? path.startsWith(p) : path.equals(p) || path.equals(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** vault-compat: every envelope key is present, {@code null}, {@code ""}, 0 or false when unset. */
    static Map<String, Object> envelope(String requestId, Response r, String mountType, boolean inject) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (inject && r.data() != null) {
            out.putAll(r.data());
        }
        out.put("request_id", requestId);
        out.put("lease_id", "");
        out.put("renewable", r.renewable());
        out.put("lease_duration", r.leaseDuration());
        out.put("data", r.data());
        out.put("wrap_info", null);
        out.put("warnings", r.warnings().isEmpty() ? null : r.warnings());
        out.put("auth", r.auth() == null ? null : auth(r.auth()));
        out.put("mount_type", mountType);
        return out;
    }

    private static Map<String, Object> auth(Response.Auth a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_token", a.clientToken());
        m.put("accessor", a.accessor());
        m.put("policies", a.policies());
        m.put("token_policies", a.tokenPolicies());
        m.put("metadata", a.metadata());
        m.put("lease_duration", a.leaseDuration());
        m.put("renewable", a.renewable());
        m.put("entity_id", a.entityId() == null ? "" : a.entityId());
        m.put("token_type", a.tokenType() == null ? "service" : a.tokenType());
        m.put("orphan", a.orphan());
        m.put("mfa_requirement", null);
        m.put("num_uses", a.numUses());
        return m;
    }
}
