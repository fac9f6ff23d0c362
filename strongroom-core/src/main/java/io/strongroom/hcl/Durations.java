package io.strongroom.hcl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's duration strings ({@code parseutil.ParseDurationSecond}): an integer is seconds; otherwise Go duration
 * syntax ({@code 1h30m}, {@code 768h}, {@code 1.5h}, {@code 500ms}) plus {@code d} for days. Stateless.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @return the duration, or null when the text is not a valid non-negative duration
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.matches("[0-9]{1,18}")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            BigDecimal n = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
