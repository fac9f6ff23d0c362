package io.strongroom.hcl;

import java.util.Collection;
import java.util.Locale;

/**
 * How parse and config errors quote what the operator wrote. A config file holds credentials, and a stray line, a
 * forgotten {@code =} or a value pasted into the wrong place turns a credential into a "key", a "label" or an
 * "unknown word". So error messages quote:
 *
 * <ul>
 *   <li>values (strings, numbers, heredocs, escapes): never, only their kind ("a string", "a number");</li>
 *   <li>keys, block labels and bare words: in full only when they look like a config key (lower-case letters
 *       and underscores, at most 24 characters, e.g. {@code tls_disable}), or when they are a known key;
 *       otherwise only the first {@value #PREFIX} characters: {@code "AKI..."}, {@code "hvs..."}.</li>
 * </ul>
 * Stateless.
 */
public final class SafeText {

    /** How many leading characters of a word that does not look like a key may be shown. */
    public static final int PREFIX = 3;

    private static final int MAX_KEY_LIKE = 24;

    private SafeText() {
    }

    /** True when {@code word} may be shown in full: it has the shape of a config key. */
    public static boolean keyLike(String word) {
        return word.length() <= MAX_KEY_LIKE && word.matches("[a-z]+(_[a-z]+)*");
    }

    /**
     * A key, label or bare word in double quotes, shortened to its first characters unless it looks like a key.
     *
     * @param known words shown in full whatever their shape (the valid keys of the block)
     */
    public static String quote(String word, Collection<String> known) {
        if (keyLike(word) || known.contains(word)) {
            return "\"" + word + "\"";
        }
        int end = word.offsetByCodePoints(0, Math.min(PREFIX, word.codePointCount(0, word.length())));
        // Control characters in a quoted fragment would garble a terminal; a key can hold none that matter.
        String head = word.substring(0, end).replaceAll("\\p{Cntrl}", "?");
        return "\"" + head + (end < word.length() ? "...\"" : "\"");
    }

    /** {@link #quote(String, Collection)} with no known words. */
    public static String quote(String word) {
        return quote(word, java.util.List.of());
    }

    /**
     * {@code " (did you mean \"address\"?)"} when one valid key is within two edits of {@code key}, else empty.
     * Only valid keys are named, so this leaks nothing of what was written.
     */
    public static String suggestion(String key, Collection<String> valid) {
        String lower = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String v : valid) {
            int d = distance(lower, v, bestDistance);
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        return best == null || best.equals(key) ? "" : " (did you mean \"" + best + "\"?)";
    }

    /** Levenshtein distance, or {@code limit} as soon as it is clear the distance is at least that. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], limit);
    }

    /**
     * A character outside strings, for "unexpected character" messages: printable ASCII in quotes, anything
     * else by code point ({@code U+0000}), so a control or binary byte never reaches the terminal raw.
     */
    public static String character(int codePoint) {
        if (codePoint > 0x20 && codePoint < 0x7f) {
            return "\"" + (char) codePoint + "\"";
        }
        String name = codePoint == 0 ? " (NUL)" : "";
        return String.format(Locale.ROOT, "U+%04X%s", codePoint, name);
    }
}
