package io.strongroom.logical;

import io.strongroom.core.InvalidRequestException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's duration parameters: an integer (seconds) or a Go duration string ({@code 768h}, {@code 1h30m},
 * {@code 10s}, {@code 1.5h}); {@code ""} and {@code "0"} are 0. Fractions of a second are dropped.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @param field named in the error, e.g. {@code ttl}
     * @throws InvalidRequestException for anything else, naming the field
     */
    public static long seconds(Object value, String field) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            if (n.doubleValue() < 0) {
                throw new InvalidRequestException("\"" + field + "\" must not be negative");
            }
            return n.longValue();
        }
        if (!(value instanceof String s)) {
            throw new InvalidRequestException("\"" + field + "\" must be a duration (\"768h\") or a number of seconds");
        }
        String t = s.trim();
        if (t.isEmpty()) {
            return 0;
        }
        if (t.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("\"" + field + "\" is out of range");
            }
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        double total = 0;
        while (pos < t.length() && m.find(pos) && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "ns" -> v / 1e9;
                case "us", "µs" -> v / 1e6;
                case "ms" -> v / 1e3;
                case "s" -> v;
                case "m" -> v * 60;
                case "h" -> v * 3600;
                default -> v * 86400; // "d": accepted by Vault's parseutil
            };
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) {
            throw new InvalidRequestException("\"" + field + "\" must be a duration (\"768h\") or a number of seconds");
        }
        if (total > Long.MAX_VALUE / 2) {
            throw new InvalidRequestException("\"" + field + "\" is out of range");
        }
        return (long) total;
    }

    /** Go's {@code time.Duration} string of whole seconds, as Vault prints them ({@code 768h0m0s}, {@code 0s}). */
    public static String format(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        if (m > 0) {
            return m + "m" + s + "s";
        }
        return s + "s";
    }
}
