package io.strongroom.kv;

import io.strongroom.base.InvalidRequestException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key's {@code custom_metadata}: conversion of the request's map to strings and Vault's validation limits
 * (vault-compat: dataplane spec 5.2: at most 64 keys, keys up to 128 bytes, values up to 512 bytes, printable;
 * every error is prefixed {@value #PREFIX} and, for the limits, wrapped in go-multierror's text).
 */
final class CustomMetadata {

    static final String PREFIX = "custom_metadata validation failed";
    static final int MAX_KEYS = 64;
    static final int MAX_KEY_BYTES = 128;
    static final int MAX_VALUE_BYTES = 512;

    private CustomMetadata() {
    }

    /**
     * Converts values to strings as Go's weak decoding does (numbers as written, booleans as {@code 1}/{@code 0},
     * null as {@code ""}), then validates.
     *
     * @param skipNulls true for a PATCH, where a null means "remove this key" and is not validated
     * @return the converted map, sorted by key
     * @throws InvalidRequestException with Vault's text when a value does not convert or a limit is broken
     */
    static Map<String, String> parse(Map<String, Object> raw, boolean skipNulls) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            if (v == null && skipNulls) {
                continue;
            }
            out.put(e.getKey(), weakString(v));
        }
        validate(out);
        return out;
    }

    private static String weakString(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof BigDecimal bd) {
            return bd.toPlainString();
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        String goType = v instanceof Map<?, ?> ? "map[string]interface {}" : "[]interface {}";
        throw new InvalidRequestException(PREFIX + ": '' expected type 'string', got unconvertible type '"
                + goType + "'");
    }

    static void validate(Map<String, String> metadata) {
        List<String> errors = new ArrayList<>();
        if (metadata.size() > MAX_KEYS) {
            errors.add(PREFIX + ": payload must contain at most " + MAX_KEYS + " keys, provided "
                    + metadata.size());
            throw new InvalidRequestException(GoFormat.multiError(errors));
        }
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            int keyLen = key.getBytes(StandardCharsets.UTF_8).length;
            int valueLen = value.getBytes(StandardCharsets.UTF_8).length;
            if (keyLen == 0 || keyLen > MAX_KEY_BYTES) {
                errors.add(PREFIX + ": length of key " + GoFormat.quote(key) + " is " + keyLen
                        + " but must be 0 < len(key) <= " + MAX_KEY_BYTES);
            }
            if (valueLen == 0 || valueLen > MAX_VALUE_BYTES) {
                errors.add(PREFIX + ": length of value for key " + GoFormat.quote(key) + " is " + valueLen
                        + " but must be 0 < len(value) <= " + MAX_VALUE_BYTES);
            }
            if (!GoFormat.printable(key)) {
                errors.add(PREFIX + ": key " + GoFormat.quote(key) + " (" + key + ") contains unprintable characters");
            }
            if (!GoFormat.printable(value)) {
                errors.add(PREFIX + ": value for key " + GoFormat.quote(key) + " contains unprintable characters");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(GoFormat.multiError(errors));
        }
    }
}
