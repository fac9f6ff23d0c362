package io.strongroom.server.config;

import io.strongroom.core.ConfigException;

/**
 * Splits HCL1 text into tokens, skipping whitespace and {@code #}, {@code //} and {@code /* *}{@code /} comments.
 * Strings and heredocs are decoded here so the parser sees values. Not thread-safe: one lexer per file.
 */
final class HclLexer {

    enum Kind { IDENT, STRING, INT, FLOAT, LBRACE, RBRACE, LBRACK, RBRACK, EQ, COMMA, EOF }

    /**
     * One token. {@code endLine} is the line the token ends on (heredocs span lines) so the parser can insist
     * that items are separated by newlines.
     */
    record Token(Kind kind, String text, Object value, Pos pos, int endLine) {
        /** How the token is shown in "found ..." messages. String contents are never shown: they may be secrets. */
        String describe() {
            return switch (kind) {
                case EOF -> "end of file";
                case STRING -> "a string";
                // Key-like words are echoed to help; anything else may be an unquoted credential.
                case IDENT -> text.matches("[a-z_][a-z0-9_.-]{0,40}") ? "\"" + text + "\"" : "an unquoted word";
                default -> "\"" + text + "\"";
            };
        }
    }

    private final String file;
    private final String src;
    private int i;
    private int line = 1;
    private int lineStart;

    HclLexer(String file, String src) {
        this.file = file;
        this.src = src;
    }

    private Pos here() {
        return new Pos(file, line, i - lineStart + 1);
    }

    private ConfigException error(Pos pos, String message) {
        return new ConfigException(pos.error(message));
    }

    private void newline() {
        line++;
        lineStart = i;
    }

    Token next() {
        skipSpaceAndComments();
        Pos start = here();
        if (i >= src.length()) {
            return new Token(Kind.EOF, "", null, start, line);
        }
        char c = src.charAt(i);
        switch (c) {
            case '{': return punct(Kind.LBRACE, start);
            case '}': return punct(Kind.RBRACE, start);
            case '[': return punct(Kind.LBRACK, start);
            case ']': return punct(Kind.RBRACK, start);
            case '=': return punct(Kind.EQ, start);
            case ',': return punct(Kind.COMMA, start);
            case '"': return string(start);
            default: break;
        }
        if (c == '<' && src.startsWith("<<", i)) {
            return heredoc(start);
        }
        if (Character.isDigit(c) || (c == '-' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1)))) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            int b = i;
            while (i < src.length() && isIdentPart(src.charAt(i))) {
                i++;
            }
            String text = src.substring(b, i);
            return new Token(Kind.IDENT, text, text, start, line);
        }
        throw error(start, "unexpected character \"" + new String(Character.toChars(src.codePointAt(i))) + "\"");
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private Token punct(Kind kind, Pos start) {
        i++;
        return new Token(kind, src.substring(i - 1, i), null, start, line);
    }

    private void skipSpaceAndComments() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                i++;
                newline();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                i++;
            } else if (c == '#' || src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                Pos start = here();
                i += 2;
                while (i < src.length() && !src.startsWith("*/", i)) {
                    if (src.charAt(i++) == '\n') {
                        newline();
                    }
                }
                if (i >= src.length()) {
                    throw error(start, "unterminated comment: expected \"*/\" before end of file");
                }
                i += 2;
            } else {
                return;
            }
        }
    }

    private Token string(Pos start) {
        i++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                // HCL1 strings end on the same line; pointing at the opening quote finds the real mistake.
                throw error(start, "unterminated string: expected a closing '\"' before end of "
                        + (i >= src.length() ? "file" : "line"));
            }
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                return new Token(Kind.STRING, sb.toString(), sb.toString(), start, line);
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            Pos escPos = here();
            char e = i + 1 < src.length() ? src.charAt(i + 1) : '\n';
            i += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'u' -> {
                    if (i + 4 > src.length() || !src.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                        throw error(escPos, "invalid escape: expected 4 hex digits after \"\\u\"");
                    }
                    sb.append((char) Integer.parseInt(src.substring(i, i + 4), 16));
                    i += 4;
                }
                case '\n' -> throw error(start, "unterminated string: expected a closing '\"' before end of line");
                default -> throw error(escPos, "invalid escape \"\\" + e
                        + "\" in string; expected one of \\\" \\\\ \\n \\t \\r \\uXXXX");
            }
        }
    }

    /** {@code <<EOF} keeps lines as written; {@code <<-EOF} removes the indentation common to all lines. */
    private Token heredoc(Pos start) {
        i += 2;
        boolean indented = i < src.length() && src.charAt(i) == '-';
        if (indented) {
            i++;
        }
        int b = i;
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        String anchor = src.substring(b, i);
        if (anchor.isEmpty()) {
            throw error(start, "expected a heredoc anchor like <<EOF");
        }
        while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t' || src.charAt(i) == '\r')) {
            i++;
        }
        if (i >= src.length() || src.charAt(i) != '\n') {
            throw error(here(), "expected end of line after heredoc anchor <<" + (indented ? "-" : "") + anchor);
        }
        i++;
        newline();
        java.util.List<String> lines = new java.util.ArrayList<>();
        while (true) {
            if (i >= src.length()) {
                throw error(start, "unterminated heredoc: expected a line \"" + anchor + "\" before end of file");
            }
            int eol = src.indexOf('\n', i);
            int end = eol < 0 ? src.length() : eol;
            String raw = src.substring(i, end);
            String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            i = eol < 0 ? src.length() : eol + 1;
            int thisLine = line;
            if (eol >= 0) {
                newline();
            }
            if ((indented ? l.strip() : l.stripTrailing()).equals(anchor)) {
                return new Token(Kind.STRING, "<<" + anchor, joinHeredoc(lines, indented), start, thisLine);
            }
            lines.add(l);
        }
    }

    private static String joinHeredoc(java.util.List<String> lines, boolean indented) {
        int strip = 0;
        if (indented) {
            strip = Integer.MAX_VALUE;
            for (String l : lines) {
                if (!l.isBlank()) {
                    int n = 0;
                    while (n < l.length() && (l.charAt(n) == ' ' || l.charAt(n) == '\t')) {
                        n++;
                    }
                    strip = Math.min(strip, n);
                }
            }
            strip = strip == Integer.MAX_VALUE ? 0 : strip;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.length() >= strip ? l.substring(strip) : "").append('\n');
        }
        return sb.toString();
    }

    private Token number(Pos start) {
        int b = i;
        if (src.charAt(i) == '-') {
            i++;
        }
        boolean isFloat = false;
        while (i < src.length() && Character.isDigit(src.charAt(i))) {
            i++;
        }
        if (i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
            isFloat = true;
            i++;
            while (i < src.length() && Character.isDigit(src.charAt(i))) {
                i++;
            }
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int save = i;
            i++;
            if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
                i++;
            }
            if (i < src.length() && Character.isDigit(src.charAt(i))) {
                isFloat = true;
                while (i < src.length() && Character.isDigit(src.charAt(i))) {
                    i++;
                }
            } else {
                i = save;
            }
        }
        while (i < src.length() && isIdentPart(src.charAt(i))) {
            i++;
        }
        String text = src.substring(b, i);
        if (!text.matches("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw error(start, "invalid number \"" + text + "\"");
        }
        try {
            return isFloat
                    ? new Token(Kind.FLOAT, text, Double.parseDouble(text), start, line)
                    : new Token(Kind.INT, text, Long.parseLong(text), start, line);
        } catch (NumberFormatException e) {
            throw error(start, "invalid number \"" + text + "\"");
        }
    }
}
