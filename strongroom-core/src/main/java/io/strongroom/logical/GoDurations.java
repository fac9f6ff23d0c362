package io.strongroom.logical;

import io.strongroom.base.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Durations as Vault reads and prints them (vault-compat: Vault's {@code parseutil.ParseDurationSecond} and Go's
 * {@code time.Duration.String}). Input: a JSON number or a digit string means seconds; otherwise a Go duration
 * such as {@code 1h30m}, {@code 90s}, {@code 1.5h}, plus Vault's {@code d} suffix for days. Sub-second parts are
 * dropped (token TTLs are whole seconds).
 */
public final class GoDurations {

    private static final Map<String, BigDecimal> UNIT_NANOS = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "\u00b5s", BigDecimal.valueOf(1_000L), // micro sign
            "\u03bcs", BigDecimal.valueOf(1_000L), // Greek mu: Go accepts both
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L),
            "d", BigDecimal.valueOf(86_400_000_000_000L));

    private GoDurations() {
    }

    /**
     * Parses a duration field.
     *
     * @param value null, a number (seconds) or a string
     * @return whole seconds (may be negative: callers check the sign and answer with their own message); 0 for
     *     null or an empty string
     * @throws InvalidRequestException with Go's text {@code time: invalid duration "<value>"} when unparsable
     */
    public static long parseSeconds(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).longValue();
        }
        if (!(value instanceof String s)) {
            throw invalid(String.valueOf(value));
        }
        String in = s.trim();
        if (in.isEmpty()) {
            return 0;
        }
        if (in.matches("[-+]?\\d+")) {
            try {
                return Long.parseLong(in);
            } catch (NumberFormatException e) {
                throw invalid(s);
            }
        }
        return parseGo(in, s);
    }

    private static long parseGo(String in, String original) {
        int i = 0;
        boolean negative = false;
        if (in.charAt(0) == '-' || in.charAt(0) == '+') {
            negative = in.charAt(0) == '-';
            i = 1;
        }
        if (i >= in.length()) {
            throw invalid(original);
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < in.length()) {
            int start = i;
            while (i < in.length() && (Character.isDigit(in.charAt(i)) || in.charAt(i) == '.')) {
                i++;
            }
            String number = in.substring(start, i);
            int unitStart = i;
            while (i < in.length() && !Character.isDigit(in.charAt(i)) && in.charAt(i) != '.') {
                i++;
            }
            BigDecimal unit = UNIT_NANOS.get(in.substring(unitStart, i));
            if (number.isEmpty() || number.equals(".") || unit == null) {
                throw invalid(original);
            }
            try {
                total = total.add(new BigDecimal(number).multiply(unit));
            } catch (NumberFormatException e) {
                throw invalid(original);
            }
        }
        long seconds = total.divideToIntegralValue(UNIT_NANOS.get("s")).longValue();
        return negative ? -seconds : seconds;
    }

    private static InvalidRequestException invalid(String value) {
        return new InvalidRequestException("time: invalid duration \"" + value + "\"");
    }

    /** Formats whole seconds as Go's {@code time.Duration.String} does: {@code 0s}, {@code 45s}, {@code 1m30s}, {@code 768h0m0s}. */
    public static String format(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        String sign = seconds < 0 ? "-" : "";
        long s = Math.abs(seconds);
        if (s < 60) {
            return sign + s + "s";
        }
        if (s < 3600) {
            return sign + (s / 60) + "m" + (s % 60) + "s";
        }
        return sign + (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
