package io.strongroom.kv;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.GoDurations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads typed fields from a request's data the way Vault's framework converts them (weakly: numbers may arrive
 * as strings from a query string or a form body). A value that does not convert is a 400 whose message follows
 * Vault's {@code error converting input <v> for field "<name>": <reason>}; the fields read here are settings and
 * version numbers, never secret values, so echoing them is safe.
 */
final class Params {

    private Params() {
    }

    /** The raw value, with a one-element query list unwrapped; null when absent or JSON null. */
    static Object raw(Map<String, Object> data, String field) {
        Object v = data.get(field);
        if (v instanceof List<?> list && list.size() == 1 && list.get(0) instanceof String) {
            return list.get(0);
        }
        return v;
    }

    static boolean present(Map<String, Object> data, String field) {
        return data.containsKey(field);
    }

    /** An integer field ({@code TypeInt}); {@code dflt} when absent. */
    static long integer(Map<String, Object> data, String field, long dflt) {
        Object v = raw(data, field);
        if (v == null) {
            return dflt;
        }
        Long parsed = toLong(v);
        if (parsed == null) {
            throw conversion(field, v, "expected an integer");
        }
        return parsed;
    }

    /** A boolean field ({@code TypeBool}, Go's {@code strconv.ParseBool} for strings). */
    static boolean bool(Map<String, Object> data, String field, boolean dflt) {
        Object v = raw(data, field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            switch (s) {
                case "1", "t", "T", "TRUE", "true", "True":
                    return true;
                case "0", "f", "F", "FALSE", "false", "False":
                    return false;
                default:
                    break;
            }
        }
        throw conversion(field, v, "expected a boolean");
    }

    /**
     * A duration in whole seconds ({@code TypeDurationSecond}): a number of seconds, a numeric string, or a Go
     * duration string ({@code 90s}, {@code 1h30m}, {@code 2d}).
     */
    static long durationSeconds(Map<String, Object> data, String field) {
        Object v = raw(data, field);
        if (v == null) {
            return 0;
        }
        Long parsed = toLong(v);
        if (parsed != null) {
            return parsed;
        }
        if (v instanceof String s) {
            Long d = parseGoDurationSeconds(s.trim());
            if (d != null) {
                return d;
            }
            throw conversion(field, v, "time: invalid duration " + GoFormat.quote(s));
        }
        throw conversion(field, v, "expected a duration");
    }

    /** A list of version numbers ({@code TypeCommaIntSlice}): a JSON list, a comma-separated string, or a number. */
    static List<Long> versions(Map<String, Object> data, String field) {
        Object v = data.get(field);
        List<Long> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<?> items;
        if (v instanceof List<?> list) {
            items = list;
        } else {
            items = List.of(v);
        }
        for (Object item : items) {
            if (item instanceof String s) {
                for (String part : s.split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    Long n = toLong(part.trim());
                    if (n == null) {
                        throw conversion(field, v, "expected a list of integers");
                    }
                    out.add(n);
                }
            } else {
                Long n = toLong(item);
                if (n == null) {
                    throw conversion(field, v, "expected a list of integers");
                }
                out.add(n);
            }
        }
        return out;
    }

    /** A map field ({@code TypeMap}); null when absent or JSON null. Never echoes the value (it may be secret). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> data, String field) {
        Object v = data.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new InvalidRequestException("error converting input for field " + GoFormat.quote(field)
                + ": expected a map");
    }

    /** An integer from a JSON number or a numeric string, or null if it is neither. Fractions are refused. */
    static Long toLong(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? bi.longValue() : null;
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            BigDecimal bd = v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).doubleValue());
            try {
                return bd.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.matches("[+-]?\\d{1,18}")) {
                return Long.parseLong(t);
            }
        }
        return null;
    }

    /**
     * Go's {@code time.ParseDuration} plus Vault's {@code d} (days) suffix, truncated to seconds; null when
     * invalid. An empty string is 0 (vault-compat: parseutil.ParseDurationSecond).
     */
    static Long parseGoDurationSeconds(String s) {
        try {
            return GoDurations.parseSeconds(s);
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    static InvalidRequestException conversion(String field, Object value, String reason) {
        return new InvalidRequestException("error converting input " + value + " for field "
                + GoFormat.quote(field) + ": " + reason);
    }
}
