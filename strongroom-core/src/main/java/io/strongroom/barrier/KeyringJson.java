package io.strongroom.barrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The keyring's persisted JSON, the plaintext inside {@code core/keyring}, and the root-key entry JSON inside
 * {@code core/root-key}. // vault-compat: vault-seal-spec 4.3, field for field:
 *
 * <pre>{@code
 * {"MasterKey": "<base64 root key>",
 *  "Keys": [{"Term": 1, "Version": 1, "Value": "<base64 32 bytes>",
 *            "InstallTime": "2026-01-02T03:04:05.123456789Z", "encryptions": 123}],
 *  "RotationConfig": {"Disabled": false, "MaxOperations": 3865470566, "Interval": 0}}
 * }</pre>
 *
 * <ul>
 *   <li>The root key keeps Vault's historical name {@code MasterKey}.
 *   <li>Base64 is standard with padding (Go's {@code []byte} encoding).
 *   <li>{@code InstallTime} is RFC 3339 (Go {@code time.Time}); any offset is accepted when reading.
 *   <li>{@code encryptions} is lower-case and omitted when 0.
 *   <li>{@code Interval} is a Go duration in nanoseconds.
 *   <li>There is no active-term field: the active term is the highest term. Unknown fields are ignored when
 *       reading, as Go's decoder does, and a missing {@code RotationConfig} (older Vault) means the defaults.
 * </ul>
 *
 * The root-key entry is one {@code Key} object: {@code {"Term": 1, "Version": 1, "Value": "<root key>",
 * "InstallTime": ...}}.
 */
public final class KeyringJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KeyringJson() {
    }

    /** Serializes a keyring. The result holds key material: the caller should wipe it after use. */
    public static byte[] encode(Keyring keyring) {
        return encode(keyring, keyring.activeKey().encryptions());
    }

    /**
     * Serializes a keyring with the active key's encryption count taken from {@code activeEncryptions} (the barrier
     * counts in memory and persists the count with each keyring write).
     */
    public static byte[] encode(Keyring keyring, long activeEncryptions) {
        int active = keyring.activeTerm();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("MasterKey", b64(keyring.rawRootKey()));
        ArrayNode keys = root.putArray("Keys");
        for (BarrierKey k : keyring.keys()) {
            keys.add(keyNode(k.term(), k.version(), k.rawValue(), k.installTime(),
                    k.term() == active ? activeEncryptions : k.encryptions()));
        }
        ObjectNode rc = root.putObject("RotationConfig");
        rc.put("Disabled", keyring.rotationConfig().disabled());
        rc.put("MaxOperations", keyring.rotationConfig().maxOperations());
        rc.put("Interval", keyring.rotationConfig().intervalNanos());
        return write(root);
    }

    /**
     * Parses a keyring.
     *
     * @throws BarrierDecryptionException if the JSON is malformed or a required field is missing
     */
    public static Keyring decode(byte[] json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            byte[] rootKey = requireBytes(root, "MasterKey");
            JsonNode keysNode = root.get("Keys");
            if (keysNode == null || !keysNode.isArray()) {
                throw new BarrierDecryptionException("keyring has no Keys");
            }
            List<BarrierKey> keys = new ArrayList<>();
            for (JsonNode k : keysNode) {
                keys.add(new BarrierKey(k.path("Term").asInt(0), k.path("Version").asInt(BarrierKey.VERSION),
                        requireBytes(k, "Value"), parseTime(k.path("InstallTime").asText("")),
                        k.path("encryptions").asLong(0)));
            }
            RotationConfig rc = RotationConfig.defaults();
            JsonNode rcNode = root.get("RotationConfig");
            if (rcNode != null && rcNode.isObject()) {
                rc = new RotationConfig(rcNode.path("Disabled").asBoolean(false),
                        rcNode.path("MaxOperations").asLong(RotationConfig.MAX_OPERATIONS),
                        rcNode.path("Interval").asLong(0));
            }
            return Keyring.of(rootKey, keys, rc);
        } catch (IOException | IllegalArgumentException e) {
            throw new BarrierDecryptionException("keyring is malformed", e);
        }
    }

    /** Serializes one data key as a {@code Key} object (the plaintext of a {@code core/upgrade/<term>} entry). */
    public static byte[] encodeKey(BarrierKey key) {
        return write(keyNode(key.term(), key.version(), key.rawValue(), key.installTime(), 0));
    }

    /**
     * Parses one {@code Key} object.
     *
     * @throws BarrierDecryptionException if malformed
     */
    public static BarrierKey decodeKey(byte[] json) {
        try {
            JsonNode k = MAPPER.readTree(json);
            return new BarrierKey(k.path("Term").asInt(0), k.path("Version").asInt(BarrierKey.VERSION),
                    requireBytes(k, "Value"), parseTime(k.path("InstallTime").asText("")), 0);
        } catch (IOException | IllegalArgumentException e) {
            throw new BarrierDecryptionException("key entry is malformed", e);
        }
    }

    /** Serializes the root-key entry. */
    public static byte[] encodeRootKeyEntry(byte[] rootKey, Instant installTime) {
        return write(keyNode(1, BarrierKey.VERSION, rootKey, installTime, 0));
    }

    /**
     * Parses a root-key entry and returns the root key.
     *
     * @throws BarrierDecryptionException if malformed
     */
    public static byte[] decodeRootKeyEntry(byte[] json) {
        try {
            return requireBytes(MAPPER.readTree(json), "Value");
        } catch (IOException | IllegalArgumentException e) {
            throw new BarrierDecryptionException("root key entry is malformed", e);
        }
    }

    private static ObjectNode keyNode(int term, int version, byte[] value, Instant installTime, long encryptions) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Term", term);
        n.put("Version", version);
        n.put("Value", b64(value));
        n.put("InstallTime", installTime.toString()); // ISO-8601 in UTC with 'Z' is valid RFC 3339
        if (encryptions != 0) {
            n.put("encryptions", encryptions);
        }
        return n;
    }

    private static byte[] requireBytes(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return Base64.getDecoder().decode(v.asText());
    }

    private static Instant parseTime(String text) {
        if (text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad InstallTime", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("JSON serialization of a tree cannot fail", e);
        }
    }
}
