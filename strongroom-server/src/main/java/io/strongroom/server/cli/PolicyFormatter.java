package io.strongroom.server.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code policy fmt}'s local work, without the server and without the server's policy parser (the CLI is an HTTP
 * client only): it checks the policy's <em>syntax</em> (strings closed; braces and brackets balanced, outside
 * strings and comments) and re-prints it in a canonical layout: two-space indentation by nesting depth, the
 * {@code =} of consecutive attribute lines aligned (as HCL's printer does), no trailing spaces, at most one blank
 * line in a row, one newline at the end. A JSON policy is re-printed as indented JSON. Whether the paths and
 * capabilities mean anything is for the server to say at {@code policy write}.
 */
final class PolicyFormatter {

    private PolicyFormatter() {}

    /** The formatted text; throws {@link IllegalArgumentException} with the first syntax error and its line. */
    static String format(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                Object json = ApiClient.JSON.readValue(trimmed, Object.class);
                return ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
            } catch (IOException e) {
                throw new IllegalArgumentException("invalid JSON policy: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
        }
        List<String> lines = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        int depth = 0;
        boolean inBlockComment = false;
        String[] raw = text.replace("\r\n", "\n").split("\n", -1);
        for (int n = 0; n < raw.length; n++) {
            String line = raw[n].strip();
            int lineDepth = depth;
            boolean leadingClose = true;
            boolean inString = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inBlockComment) {
                    if (c == '*' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                        inBlockComment = false;
                        i++;
                    }
                    continue;
                }
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                if (c == '"') {
                    inString = true;
                    leadingClose = false;
                } else if (c == '#' || (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/')) {
                    break;
                } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '*') {
                    inBlockComment = true;
                    i++;
                } else if (c == '{' || c == '[') {
                    depth++;
                    leadingClose = false;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth < 0) {
                        throw new IllegalArgumentException("line " + (n + 1) + ": unexpected '" + c + "'");
                    }
                    if (leadingClose) {
                        lineDepth = depth;
                    }
                } else if (!Character.isWhitespace(c)) {
                    leadingClose = false;
                }
            }
            if (inString) {
                throw new IllegalArgumentException("line " + (n + 1) + ": unterminated string");
            }
            lines.add(line);
            depths.add(lineDepth);
        }
        if (inBlockComment) {
            throw new IllegalArgumentException("unterminated comment");
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced braces: " + depth + " not closed");
        }
        return layout(lines, depths);
    }

    private static String layout(List<String> lines, List<Integer> depths) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean lastBlank = true;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                if (!lastBlank) {
                    out.append('\n');
                }
                lastBlank = true;
                i++;
                continue;
            }
            // a run of single-line attributes at one depth: align their '='
            int j = i;
            int keyWidth = 0;
            while (j < lines.size() && isAttribute(lines.get(j)) && depths.get(j).equals(depths.get(i))) {
                keyWidth = Math.max(keyWidth, key(lines.get(j)).length());
                j++;
            }
            if (j > i) {
                for (int k = i; k < j; k++) {
                    String l = lines.get(k);
                    String key = key(l);
                    String value = l.substring(l.indexOf('=') + 1).strip();
                    out.append("  ".repeat(depths.get(k))).append(key).append(" ".repeat(keyWidth - key.length()))
                            .append(" = ").append(value).append('\n');
                }
                i = j;
            } else {
                out.append("  ".repeat(depths.get(i))).append(line).append('\n');
                i++;
            }
            lastBlank = false;
        }
        String s = out.toString();
        while (s.endsWith("\n\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** {@code key = value} on one line, the value not opening a block. */
    private static boolean isAttribute(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0 || line.startsWith("#") || line.startsWith("//")) {
            return false;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        boolean opens = value.endsWith("{") || (value.endsWith("[") && !value.contains("]"));
        return key.matches("\"?[A-Za-z0-9_.\\-]+\"?") && !value.isEmpty() && !opens;
    }

    private static String key(String line) {
        return line.substring(0, line.indexOf('=')).strip();
    }
}
