package io.strongroom.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.base.StrongroomException;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * One entry as a UTF-8 line: {@code prefix}, the JSON object, {@code '\n'}.
     *
     * <p>Why streamed: the entry is written field by field with Jackson's generator straight from the request and
     * response into a buffer kept per thread, hashing string leaves as they are written. Building the entry as maps
     * first and serializing them afterwards cost about as much as the KV read it audits (issue 8 benchmark).
     *
     * @param response null for a request entry
     */
    byte[] format(boolean isResponse, Request req, String token, String mountType, Response response,
            RuntimeException error) {
        LineBuffer buf = BUFFERS.get();
        buf.reset();
        try {
            buf.writeUtf8(prefix);
            try (JsonGenerator g = JSON.getFactory().createGenerator(buf)) {
                g.setCodec(JSON);
                write(g, isResponse, req, token, mountType, response, error);
            }
            buf.write('\n');
            return buf.toByteArray();
        } catch (IOException ex) {
            throw new IllegalStateException("audit entry not serializable: " + ex.getMessage());
        } finally {
            buf.trim();
        }
    }

    /** Field order and {@code omitempty} rules are those of the spec's entry (section 6.3). */
    private void write(JsonGenerator g, boolean isResponse, Request req, String token, String mountType,
            Response response, RuntimeException error) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
        g.writeStringField("type", isResponse ? "response" : "request");
        Caller caller = req.caller();
        // each is hashed once and used twice (request and auth blocks)
        String tokenHash = token(token);
        String accessorHash = caller == null ? null : accessor(caller.accessor());
        if (caller != null) {
            g.writeFieldName("auth");
            auth(g, caller, error == null,
                    java.util.Objects.equals(caller.token(), token) ? tokenHash : token(caller.token()), accessorHash);
        }
        g.writeObjectFieldStart("request");
        g.writeStringField("id", req.id());
        if (token != null && !token.isEmpty()) {
            g.writeStringField("client_token", tokenHash);
        }
        if (caller != null && caller.accessor() != null) {
            g.writeStringField("client_token_accessor", accessorHash);
        }
        g.writeStringField("operation", req.operation().capability());
        if (!req.mountPoint().isEmpty()) {
            g.writeStringField("mount_point", req.mountPoint());
        }
        if (!mountType.isEmpty()) {
            g.writeStringField("mount_type", mountType);
        }
        g.writeObjectFieldStart("namespace");
        g.writeStringField("id", "root");
        g.writeEndObject();
        g.writeStringField("path", req.path());
        if (!req.data().isEmpty()) {
            g.writeFieldName("data");
            data(g, req.data());
        }
        if (req.remoteAddress() != null) {
            g.writeStringField("remote_address", req.remoteAddress());
        }
        g.writeEndObject();
        if (isResponse && response != null) {
            g.writeFieldName("response");
            response(g, req, mountType, response);
        }
        if (error != null) {
            g.writeStringField("error", error instanceof StrongroomException ? error.getMessage() : "internal error");
        }
        g.writeEndObject();
    }

    private void auth(JsonGenerator g, Caller c, boolean allowed, String tokenHash, String accessorHash)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("client_token", tokenHash);
        g.writeStringField("accessor", accessorHash);
        g.writeStringField("display_name", c.meta().getOrDefault("display_name", ""));
        g.writeObjectField("policies", c.policies());
        g.writeObjectField("token_policies", c.policies());
        if (!c.meta().isEmpty()) {
            g.writeObjectField("metadata", c.meta());
        }
        g.writeObjectFieldStart("policy_results");
        g.writeBooleanField("allowed", allowed);
        g.writeEndObject();
        g.writeStringField("token_type", "service");
        if (c.issueTime() != null) {
            // vault-compat: the caller token's TTL in seconds and issue time (RFC 3339) in the request's auth block
            g.writeNumberField("token_ttl", c.ttlSeconds());
            g.writeStringField("token_issue_time", DateTimeFormatter.ISO_INSTANT.format(c.issueTime()));
        }
        g.writeEndObject();
    }

    private void response(JsonGenerator g, Request req, String mountType, Response resp) throws IOException {
        g.writeStartObject();
        if (!req.mountPoint().isEmpty()) {
            g.writeStringField("mount_point", req.mountPoint());
        }
        if (!mountType.isEmpty()) {
            g.writeStringField("mount_type", mountType);
        }
        if (resp.auth() != null) {
            Response.Auth a = resp.auth();
            g.writeObjectFieldStart("auth");
            g.writeStringField("client_token", token(a.clientToken()));
            g.writeStringField("accessor", accessor(a.accessor()));
            g.writeObjectField("policies", a.policies());
            g.writeObjectField("token_policies", a.tokenPolicies());
            if (a.metadata() != null && !a.metadata().isEmpty()) {
                g.writeObjectField("metadata", a.metadata());
            }
            g.writeNumberField("token_ttl", a.leaseDuration());
            g.writeStringField("token_type", a.tokenType() == null ? "service" : a.tokenType());
            g.writeEndObject();
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
            g.writeFieldName("data");
            data(g, plain);
        }
        if (!resp.warnings().isEmpty()) {
            g.writeObjectField("warnings", resp.warnings());
        }
        g.writeEndObject();
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

    private void data(JsonGenerator g, Map<String, Object> data) throws IOException {
        if (logRaw) {
            g.writeObject(data);
        } else {
            hashLeaves(g, data);
        }
    }

    /**
     * Writes {@code value} with every string leaf hashed, as {@link Hasher#hashLeaves} would return it: map keys,
     * numbers, booleans and nulls kept.
     */
    private void hashLeaves(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(hasher.hash(s));
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                g.writeFieldName(String.valueOf(en.getKey()));
                hashLeaves(g, en.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                hashLeaves(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeObject(value);
        }
    }

    /** A reusable output buffer: one per thread, shrunk back after an unusually large entry. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        private static final int KEEP = 64 * 1024;

        LineBuffer() {
            super(2048);
        }

        void writeUtf8(String s) {
            if (!s.isEmpty()) {
                writeBytes(s.getBytes(StandardCharsets.UTF_8));
            }
        }

        void trim() {
            if (buf.length > KEEP) {
                buf = new byte[2048];
            }
            count = 0;
        }
    }

    private static final ThreadLocal<LineBuffer> BUFFERS = ThreadLocal.withInitial(LineBuffer::new);

    private String token(String t) {
        return t == null || t.isEmpty() || logRaw ? t : hasher.hashRecent(t);
    }

    private String accessor(String a) {
        return a == null || a.isEmpty() || logRaw || !hmacAccessor ? a : hasher.hashRecent(a);
    }
}
