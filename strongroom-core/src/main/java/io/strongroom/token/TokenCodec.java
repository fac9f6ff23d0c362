package io.strongroom.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strongroom.base.StorageCorruptedException;
import io.strongroom.base.StrongroomException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored formats of the token store (all values go through the barrier, so they are encrypted at rest).
 *
 * <p>{@code id/<SaltID>}: a JSON object
 * <pre>{"salted_id":"h3f..","accessor":"...","parent":"h9a..|null","policies":["default"],"path":"auth/token/create",
 *  "meta":{..}|null,"display_name":"token","num_uses":0,"issue_time":"2026-01-02T03:04:05.123Z","creation_ttl":3600,
 *  "ttl":3600,"expire_time":"...|null","last_renewal_time":"...|null","explicit_max_ttl":0,"period":0,
 *  "renewable":true,"type":"service"}</pre>
 * Unlike Vault's entry it never holds the token id (nor does anything else in storage); {@code parent} is the
 * parent's SaltID, not its id. Times are ISO-8601 UTC instants with nanoseconds.
 *
 * <p>{@code accessor/<SaltID(accessor)>}: {@code {"salted_id":"<SaltID of the token>","accessor_id":"<accessor>"}}.
 *
 * <p>{@code parent/<SaltID(parent)>/<SaltID(child)>}: an empty value (the tree index, read only by listing).
 */
final class TokenCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenCodec() {
    }

    static byte[] encode(TokenEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("salted_id", e.saltedId());
        o.put("accessor", e.accessor());
        o.put("parent", e.parent());
        ArrayNode policies = o.putArray("policies");
        e.policies().forEach(policies::add);
        o.put("path", e.path());
        if (e.meta() == null) {
            o.putNull("meta");
        } else {
            ObjectNode meta = o.putObject("meta");
            e.meta().forEach(meta::put);
        }
        o.put("display_name", e.displayName());
        o.put("num_uses", e.numUses());
        o.put("issue_time", e.issueTime().toString());
        o.put("creation_ttl", e.creationTtl());
        o.put("ttl", e.ttl());
        o.put("expire_time", e.expireTime() == null ? null : e.expireTime().toString());
        o.put("last_renewal_time", e.lastRenewalTime() == null ? null : e.lastRenewalTime().toString());
        o.put("explicit_max_ttl", e.explicitMaxTtl());
        o.put("period", e.period());
        o.put("renewable", e.renewable());
        o.put("type", TokenEntry.TYPE_SERVICE);
        return write(o);
    }

    static TokenEntry decode(String path, byte[] raw) {
        JsonNode o = read(path, raw);
        try {
            List<String> policies = new ArrayList<>();
            o.path("policies").forEach(p -> policies.add(p.asText()));
            Map<String, String> meta = null;
            if (o.path("meta").isObject()) {
                meta = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = o.get("meta").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    meta.put(f.getKey(), f.getValue().asText());
                }
            }
            return new TokenEntry(o.get("salted_id").asText(), o.get("accessor").asText(), text(o, "parent"),
                    policies, o.path("path").asText(), meta, o.path("display_name").asText(),
                    o.path("num_uses").asInt(), Instant.parse(o.get("issue_time").asText()),
                    o.path("creation_ttl").asLong(), o.path("ttl").asLong(), instant(o, "expire_time"),
                    instant(o, "last_renewal_time"), o.path("explicit_max_ttl").asLong(), o.path("period").asLong(),
                    o.path("renewable").asBoolean());
        } catch (RuntimeException e) {
            throw new StorageCorruptedException(path, "token entry is malformed", e);
        }
    }

    /** The accessor index value. */
    record AccessorIndex(String saltedId, String accessor) {
    }

    static byte[] encodeAccessor(AccessorIndex index) {
        ObjectNode o = JSON.createObjectNode();
        o.put("salted_id", index.saltedId());
        o.put("accessor_id", index.accessor());
        return write(o);
    }

    static AccessorIndex decodeAccessor(String path, byte[] raw) {
        JsonNode o = read(path, raw);
        if (!o.path("salted_id").isTextual() || !o.path("accessor_id").isTextual()) {
            throw new StorageCorruptedException(path, "accessor index is malformed", null);
        }
        return new AccessorIndex(o.get("salted_id").asText(), o.get("accessor_id").asText());
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant instant(JsonNode o, String field) {
        String s = text(o, field);
        return s == null ? null : Instant.parse(s);
    }

    private static byte[] write(JsonNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new StrongroomException("cannot encode token store value", e);
        }
    }

    private static JsonNode read(String path, byte[] raw) {
        try {
            JsonNode o = JSON.readTree(raw);
            if (o == null || !o.isObject()) {
                throw new StorageCorruptedException(path, "not a JSON object", null);
            }
            return o;
        } catch (IOException e) {
            throw new StorageCorruptedException(path, "not valid JSON", e);
        }
    }
}
