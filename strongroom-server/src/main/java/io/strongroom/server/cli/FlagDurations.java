package io.strongroom.server.cli;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration flags ({@code -ttl}, {@code -period}, {@code -increment} ...) as Vault's CLI reads them: a Go duration
 * ({@code 1h30m}, {@code 90s}, {@code 1.5h}) or a bare number of seconds ({@code 90}). Sent to the server as
 * whole seconds with an {@code s} suffix, which every Vault duration parser accepts.
 */
final class FlagDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, BigDecimal> UNIT_SECONDS = Map.of(
            "ns", new BigDecimal("0.000000001"), "us", new BigDecimal("0.000001"),
            "µs", new BigDecimal("0.000001"), "ms", new BigDecimal("0.001"), "s", BigDecimal.ONE,
            "m", BigDecimal.valueOf(60), "h", BigDecimal.valueOf(3600));

    private FlagDurations() {}

    /** Whole seconds of {@code text}; throws {@link ClientCommand.Failure} (exit 1) naming the flag. */
    static long seconds(String flag, String text) {
        String t = text.strip();
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        boolean negative = t.startsWith("-");
        String body = negative || t.startsWith("+") ? t.substring(1) : t;
        Matcher m = PART.matcher(body);
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            total = total.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(UNIT_SECONDS.get(m.group(2))));
            end = m.end();
        }
        if (body.isEmpty() || end != body.length()) {
            throw new ClientCommand.Failure(1, "invalid value \"" + text + "\" for flag -" + flag
                    + ": invalid duration");
        }
        long seconds = total.longValue();
        return negative ? -seconds : seconds;
    }

    /** The form sent to the server: {@code "<seconds>s"}. */
    static String wire(String flag, String text) {
        return seconds(flag, text) + "s";
    }
}
