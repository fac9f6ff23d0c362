package io.strongroom.token;

import io.strongroom.logical.GoDurations;

import io.strongroom.base.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request fields as loosely as Vault's weak decoding does (vault-compat: dataplane spec 2.1, the Go client's
 * empties {@code "display_name":""}, {@code "num_uses":0}, {@code "type":""} are accepted; numbers and booleans may
 * come as strings; {@code policies} as a list or a comma-separated string).
 */
final class TokenFields {

    private final Map<String, Object> data;

    TokenFields(Map<String, Object> data) {
        this.data = data == null ? Map.of() : data;
    }

    String string(String key) {
        Object v = data.get(key);
        if (v == null) {
            return "";
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw decoding("'" + key + "' expected type 'string', got unconvertible type");
    }

    boolean bool(String key, boolean absent) {
        Object v = data.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            switch (s.trim()) {
                case "":
                    return absent;
                case "1", "t", "T", "TRUE", "true", "True":
                    return true;
                case "0", "f", "F", "FALSE", "false", "False":
                    return false;
                default:
                    break;
            }
        }
        throw decoding("cannot parse '" + key + "' as bool");
    }

    int integer(String key) {
        Object v = data.get(key);
        try {
            if (v == null || (v instanceof String s && s.isBlank())) {
                return 0;
            }
            if (v instanceof Number || v instanceof String) {
                return new BigDecimal(v.toString().trim()).intValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the decoding error
        }
        throw decoding("cannot parse '" + key + "' as int");
    }

    List<String> stringList(String key) {
        Object v = data.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    out.add(o.toString());
                }
            }
            return out;
        }
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                out.add(part);
            }
            return out;
        }
        throw decoding("'" + key + "' expected a list of strings");
    }

    /** A string map, or null when absent (lookup then shows {@code "meta": null}). */
    Map<String, String> stringMap(String key) {
        Object v = data.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw decoding("'" + key + "' expected a map, got '" + typeName(v) + "'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : val.toString()));
        return out;
    }

    /** A duration in seconds (see {@link GoDurations}). */
    long seconds(String key) {
        return GoDurations.parseSeconds(data.get(key));
    }

    boolean present(String key) {
        Object v = data.get(key);
        return v != null && !(v instanceof String s && s.isEmpty());
    }

    private static String typeName(Object v) {
        return v instanceof List ? "slice" : v instanceof String ? "string" : v.getClass().getSimpleName();
    }

    private static InvalidRequestException decoding(String detail) {
        return new InvalidRequestException("Error decoding request: " + detail);
    }
}
