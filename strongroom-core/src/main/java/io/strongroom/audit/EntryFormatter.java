package io.strongroom.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.StrongroomException;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's entries as Vault's JSON lines (vault-compat: dataplane spec 6.3, {@code omitempty} as in 1.15 and
 * later): tokens and every string leaf of the data hashed with the device's salt unless {@code log_raw}, accessors
 * unless {@code hmac_accessor=false}, list answers reduced to counts with {@code elide_list_responses}, and
 * {@code prefix} before each line.
 */
final class EntryFormatter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hasher hasher;
    private final String prefix;
    private final boolean logRaw;
    private final boolean hmacAccessor;
    private final boolean elideLists;

    EntryFormatter(Hasher hasher, Map<String, String> options) {
        this.hasher = hasher;
        this.prefix = options.getOrDefault("prefix", "");
        this.logRaw = bool(options, "log_raw", false);
        this.hmacAccessor = bool(options, "hmac_accessor", true);
        this.elideLists = bool(options, "elide_list_responses", false);
        String format = options.getOrDefault("format", "json");
        if (!format.equals("json")) {
            throw new io.strongroom.base.InvalidRequestException("unsupported \"format\": " + format
                    + " (this server writes json)");
        }
    }

    private static boolean bool(Map<String, String> options, String key, boolean dflt) {
        String v = options.get(key);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new io.strongroom.base.InvalidRequestException("unable to parse '" + key + "': " + v);
        };
    }

    /** @param response null for a request entry */
    String format(boolean isResponse, Request req, String token, String mountType, Response response,
            RuntimeException error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
        e.put("type", isResponse ? "response" : "request");
        Caller caller = req.caller();
        // each is hashed once and used twice (request and auth blocks)
        String tokenHash = token(token);
        String accessorHash = caller == null ? null : accessor(caller.accessor());
        if (caller != null) {
            e.put("auth", auth(caller, error == null,
                    java.util.Objects.equals(caller.token(), token) ? tokenHash : token(caller.token()), accessorHash));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", req.id());
        if (token != null && !token.isEmpty()) {
            r.put("client_token", tokenHash);
        }
        if (caller != null && caller.accessor() != null) {
            r.put("client_token_accessor", accessorHash);
        }
        r.put("operation", req.operation().capability());
        if (!req.mountPoint().isEmpty()) {
            r.put("mount_point", req.mountPoint());
        }
        if (!mountType.isEmpty()) {
            r.put("mount_type", mountType);
        }
        r.put("namespace", Map.of("id", "root"));
        r.put("path", req.path());
        if (!req.data().isEmpty()) {
            r.put("data", data(req.data()));
        }
        if (req.remoteAddress() != null) {
            r.put("remote_address", req.remoteAddress());
        }
        e.put("request", r);
        if (isResponse && response != null) {
            e.put("response", response(req, mountType, response));
        }
        if (error != null) {
            e.put("error", error instanceof StrongroomException ? error.getMessage() : "internal error");
        }
        try {
            return prefix + JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit entry not serializable: " + ex.getOriginalMessage());
        }
    }

    private Map<String, Object> auth(Caller c, boolean allowed, String tokenHash, String accessorHash) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("client_token", tokenHash);
        a.put("accessor", accessorHash);
        a.put("display_name", c.meta().getOrDefault("display_name", ""));
        a.put("policies", c.policies());
        a.put("token_policies", c.policies());
        if (!c.meta().isEmpty()) {
            a.put("metadata", c.meta());
        }
        a.put("policy_results", Map.of("allowed", allowed));
        a.put("token_type", "service");
        if (c.issueTime() != null) {
            // vault-compat: the caller token's TTL in seconds and issue time (RFC 3339) in the request's auth block
            a.put("token_ttl", c.ttlSeconds());
            a.put("token_issue_time", DateTimeFormatter.ISO_INSTANT.format(c.issueTime()));
        }
        return a;
    }

    private Map<String, Object> response(Request req, String mountType, Response resp) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (!req.mountPoint().isEmpty()) {
            r.put("mount_point", req.mountPoint());
        }
        if (!mountType.isEmpty()) {
            r.put("mount_type", mountType);
        }
        if (resp.auth() != null) {
            Response.Auth a = resp.auth();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client_token", token(a.clientToken()));
            m.put("accessor", accessor(a.accessor()));
            m.put("policies", a.policies());
            m.put("token_policies", a.tokenPolicies());
            if (a.metadata() != null && !a.metadata().isEmpty()) {
                m.put("metadata", a.metadata());
            }
            m.put("token_ttl", a.leaseDuration());
            m.put("token_type", a.tokenType() == null ? "service" : a.tokenType());
            r.put("auth", m);
        }
        if (resp.data() != null) {
            // vault-compat: response data is JSON round-tripped first, so numbers and booleans stay clear; data that
            // is already plain JSON values (most answers: KV data came from JSON) needs no round trip
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = plainJson(resp.data()) ? resp.data()
                    : JSON.convertValue(resp.data(), Map.class);
            if (elideLists && req.operation() == Operation.LIST) {
                plain = elide(plain);
            }
            r.put("data", data(plain));
        }
        if (!resp.warnings().isEmpty()) {
            r.put("warnings", resp.warnings());
        }
        return r;
    }

    /** True when {@code value} holds only what a JSON round trip gives back unchanged (so it can be skipped). */
    private static boolean plainJson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return true;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> en : m.entrySet()) {
                if (!(en.getKey() instanceof String) || !plainJson(en.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (!plainJson(o)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** vault-compat: {@code keys} and {@code key_info} become their counts. */
    private static Map<String, Object> elide(Map<String, Object> data) {
        Map<String, Object> out = new LinkedHashMap<>(data);
        if (out.get("keys") instanceof List<?> keys) {
            out.put("keys", keys.size());
        }
        if (out.get("key_info") instanceof Map<?, ?> info) {
            out.put("key_info", info.size());
        }
        return out;
    }

    private Object data(Map<String, Object> data) {
        return logRaw ? data : hasher.hashLeaves(data);
    }

    private String token(String t) {
        return t == null || t.isEmpty() || logRaw ? t : hasher.hash(t);
    }

    private String accessor(String a) {
        return a == null || a.isEmpty() || logRaw || !hmacAccessor ? a : hasher.hash(a);
    }
}
