package io.strongroom.kv;

import io.strongroom.logical.GoDurations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The few Go formats KV answers carry verbatim: RFC 3339 timestamps with nanoseconds ({@code time.RFC3339Nano}),
 * {@code time.Duration.String()}, {@code %q} quoting and hashicorp/go-multierror's text.
 */
final class GoFormat {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoFormat() {
    }

    /**
     * vault-compat: Go's RFC3339Nano in UTC, trailing zeros of the fraction dropped (and the dot when none remain),
     * {@code ""} for an unset time (dataplane spec 5.2).
     */
    static String time(Instant t) {
        if (t == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    /** vault-compat: {@code time.Duration.String()} for whole seconds: {@code 0s}, {@code 45s}, {@code 1h0m0s}. */
    static String duration(long seconds) {
        return GoDurations.format(seconds);
    }

    /** Go's {@code %q} for the strings KV quotes in messages (metadata keys): escapes quotes, backslashes, controls. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (printable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp <= 0xFFFF) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    static boolean printable(String s) {
        return s.codePoints().allMatch(GoFormat::printable);
    }

    /** vault-compat: hashicorp/go-multierror's {@code Error()} text (dataplane spec 1.4). */
    static String multiError(List<String> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size()).append(errors.size() == 1 ? " error occurred:" : " errors occurred:");
        for (String e : errors) {
            sb.append("\n\t* ").append(e);
        }
        return sb.append("\n\n").toString();
    }
}
