package io.strongroom.hcl;

import io.strongroom.base.ConfigException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits HCL1 text into tokens, skipping whitespace and {@code #}, {@code //} and {@code /* *}{@code /} comments.
 * Strings, numbers and heredocs are decoded here so the parser sees values. Follows the HCL1 scanner that Vault
 * uses (vault-compat: hashicorp/hcl v1 {@code hcl/scanner}) for what it accepts; refuses the rest with
 * {@code FILE:LINE:COL}. No message quotes the text of a string, number, heredoc or escape: any of them may be
 * a credential. Not thread-safe: one lexer per file.
 */
public final class HclLexer {

    enum Kind { IDENT, STRING, INT, FLOAT, LBRACE, RBRACE, LBRACK, RBRACK, EQ, COMMA, EOF }

    /**
     * One token. {@code text} is the source text for identifiers and punctuation; for strings, numbers and
     * heredocs only the parser's {@code value} matters and neither is ever put in a message.
     */
    record Token(Kind kind, String text, Object value, Pos pos) {
        /** How the token is shown in "found ..." messages. Values are named by kind only: they may be secrets. */
        String describe() {
            return switch (kind) {
                case EOF -> "end of file";
                case STRING -> text.startsWith("<<") ? "a heredoc" : "a string";
                case INT, FLOAT -> "a number";
                // Key-like words are echoed to help; anything else may be an unquoted credential.
                case IDENT -> text.equals("true") || text.equals("false") || SafeText.keyLike(text)
                        ? "\"" + text + "\"" : "an unquoted word";
                default -> "\"" + text + "\"";
            };
        }

        boolean isBool() {
            return kind == Kind.IDENT && (text.equals("true") || text.equals("false"));
        }
    }

    private final String file;
    private final String src;
    private int i;
    private int line = 1;
    private int lineStart;

    /**
     * @throws ConfigException when the text holds a NUL character (vault-compat: HCL1 refuses it anywhere)
     */
    HclLexer(String file, String src) {
        this.file = file;
        this.src = src;
        int nul = src.indexOf('\0');
        if (nul >= 0) {
            throw nulError(file, src, nul);
        }
        // A byte-order mark is tolerated at the very start only (editors on Windows write one).
        if (src.startsWith("\uFEFF")) {
            i = 1;
            lineStart = 1;
        }
    }

    /** The error for a NUL at {@code index}: line, column and byte offset, since a NUL means a binary file. */
    public static ConfigException nulError(String file, String text, int index) {
        int line = 1;
        int start = 0;
        for (int k = 0; k < index; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                start = k + 1;
            }
        }
        long offset = text.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
        return new ConfigException(new Pos(file, line, index - start + 1).error(
                "NUL byte (U+0000) at byte offset " + offset + ": a config file is text; is this a binary file?"));
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

    /** The line the lexer is on: after a heredoc, the line of its closing anchor. */
    int line() {
        return line;
    }

    Token next() {
        skipSpaceAndComments();
        Pos start = here();
        if (i >= src.length()) {
            return new Token(Kind.EOF, "", null, start);
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
        if (isDecimal(c) || (c == '-' || c == '.') && i + 1 < src.length() && isDecimal(src.charAt(i + 1))
                || c == '-' && src.startsWith("-.", i) && i + 2 < src.length() && isDecimal(src.charAt(i + 2))) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            int b = i;
            while (i < src.length() && isIdentPart(src.charAt(i))) {
                i++;
            }
            String text = src.substring(b, i);
            return new Token(Kind.IDENT, text, text, start);
        }
        throw error(start, "unexpected character " + SafeText.character(src.codePointAt(i)));
    }

    private static boolean isDecimal(char c) {
        return c >= '0' && c <= '9';
    }

    // vault-compat: HCL1 identifiers are a letter or "_", then letters, digits, "_", "-" and ".".
    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private Token punct(Kind kind, Pos start) {
        i++;
        return new Token(kind, src.substring(i - 1, i), null, start);
    }

    private void skipSpaceAndComments() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                i++;
                newline();
            } else if (c == ' ' || c == '\t' || c == '\r') {
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
            } else if (c == '/') {
                throw error(here(), "unexpected character \"/\": a comment starts with \"//\", \"/*\" or \"#\"");
            } else {
                return;
            }
        }
    }

    private Token string(Pos start) {
        i++; // opening quote
        StringBuilder sb = new StringBuilder();
        int braces = 0;
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n' && braces == 0) {
                // HCL1 strings end on the same line; pointing at the opening quote finds the real mistake.
                throw error(start, "unterminated string: expected a closing '\"' before end of "
                        + (i >= src.length() ? "file" : "line"));
            }
            char c = src.charAt(i);
            if (c == '\n') {
                i++;
                newline();
                sb.append(c);
                continue;
            }
            if (c == '"' && braces == 0) {
                i++;
                return new Token(Kind.STRING, "\"", sb.toString(), start);
            }
            // vault-compat: HCL1 keeps "${...}" as written (Vault does not interpolate); quotes and newlines
            // inside the braces do not end the string.
            if (braces == 0 && c == '$' && src.startsWith("${", i)) {
                braces = 1;
                sb.append("${");
                i += 2;
                continue;
            }
            if (braces > 0 && c == '{') {
                braces++;
            } else if (braces > 0 && c == '}') {
                braces--;
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            escape(sb);
        }
    }

    /**
     * One escape, {@code i} on the backslash. vault-compat: HCL1 takes Go's escapes: {@code \a \b \f \n \r \t \v
     * \\ \"}, three octal digits, {@code \xHH}, backslash-u and four hex digits, backslash-U and eight. The message never names the
     * character after the backslash: it is part of the value.
     */
    private void escape(StringBuilder sb) {
        Pos escPos = here();
        char e = i + 1 < src.length() ? src.charAt(i + 1) : '\n';
        i += 2;
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'v' -> sb.append('\u000B');
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                i--;
                sb.appendCodePoint(digits(escPos, 8, 3, 0377));
            }
            case 'x' -> sb.appendCodePoint(digits(escPos, 16, 2, 0xFF));
            case 'u' -> sb.appendCodePoint(digits(escPos, 16, 4, 0xFFFF));
            case 'U' -> sb.appendCodePoint(digits(escPos, 16, 8, Character.MAX_CODE_POINT));
            case '\n' -> throw error(escPos, "unterminated string: a backslash at the end of a line");
            default -> throw error(escPos, "invalid escape in string: a backslash must be followed by one of "
                    + "\\\" \\\\ \\n \\t \\r \\a \\b \\f \\v, three octal digits, \\xHH, \\uHHHH or \\UHHHHHHHH");
        }
    }

    private int digits(Pos escPos, int radix, int count, int max) {
        long v = 0;
        for (int n = 0; n < count; n++) {
            int d = i < src.length() ? Character.digit(src.charAt(i), radix) : -1;
            if (d < 0 || src.charAt(i) > 0x7f) {
                throw error(escPos, "invalid escape in string: expected " + count
                        + (radix == 8 ? " octal" : " hexadecimal") + " digits after the backslash");
            }
            v = v * radix + d;
            i++;
        }
        if (v > max || v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE && count == 8) {
            throw error(escPos, "invalid escape in string: not a valid Unicode code point");
        }
        return (int) v;
    }

    /**
     * {@code <<EOF}: the lines up to a line that is the anchor. vault-compat: HCL1 allows spaces before the closing
     * anchor in both forms and requires a newline after it. {@code <<EOF} keeps the lines as written (HCL1 also
     * keeps the closing line's indentation at the end); {@code <<-EOF} removes the closing line's indentation
     * from every line when every line starts with it.
     */
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
        // Short anchors (EOF, EOT, END) are shown whole; a longer one may be a pasted secret: a few characters only
        // (found by ConfigParserFuzzTest: secret text merged into an anchor was quoted in full).
        String shown = anchor.matches("[A-Za-z_]{1,5}") ? "\"" + anchor + "\"" : SafeText.quote(anchor);
        if (i < src.length() && src.charAt(i) == '\r') {
            i++;
        }
        if (i >= src.length() || src.charAt(i) != '\n') {
            throw error(here(), "expected end of line after the heredoc anchor " + shown);
        }
        i++;
        newline();
        List<String> lines = new ArrayList<>();
        while (true) {
            int eol = src.indexOf('\n', i);
            if (eol < 0) {
                throw error(start, "unterminated heredoc: expected a line " + shown
                        + " followed by a newline before end of file");
            }
            String raw = src.substring(i, eol);
            String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            i = eol + 1;
            newline();
            int ws = 0;
            while (ws < l.length() && isSpace(l.charAt(ws))) {
                ws++;
            }
            if (l.substring(ws).replaceAll("\r+$", "").equals(anchor)) {
                return new Token(Kind.STRING, "<<", joinHeredoc(lines, l.substring(0, ws), indented), start);
            }
            lines.add(l);
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String joinHeredoc(List<String> lines, String closingIndent, boolean indented) {
        boolean strip = indented && lines.stream().allMatch(l -> l.startsWith(closingIndent));
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(strip ? l.substring(closingIndent.length()) : l).append('\n');
        }
        if (!indented) {
            sb.append(closingIndent);
        }
        return sb.toString();
    }

    /**
     * vault-compat: HCL1 numbers: decimal, {@code 0x} hexadecimal and leading-{@code 0} octal integers; floats with a
     * fraction and/or an exponent. A number runs into letters ({@code 1234abc}) is refused as one invalid number:
     * it is usually an unquoted value, and its text is not shown.
     */
    private Token number(Pos start) {
        int b = i;
        i++; // a digit, "-" or "."
        while (i < src.length()) {
            char c = src.charAt(i);
            char prev = src.charAt(i - 1);
            boolean sign = (c == '+' || c == '-') && (prev == 'e' || prev == 'E')
                    && !src.substring(b, i).matches("-?0[xX].*");
            if (!isIdentPart(c) && !sign) {
                break;
            }
            i++;
        }
        String text = src.substring(b, i);
        boolean negative = text.startsWith("-");
        String body = negative ? text.substring(1) : text;
        try {
            if (body.matches("0[xX][0-9a-fA-F]+")) {
                return integer(negative, body.substring(2), 16, start);
            }
            if (body.matches("0[0-7]+")) {
                return integer(negative, body.substring(1), 8, start);
            }
            if (body.matches("0|[1-9][0-9]*")) {
                return integer(negative, body, 10, start);
            }
            if (body.matches("([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+")) {
                double d = Double.parseDouble(text);
                if (Double.isInfinite(d)) {
                    throw error(start, "number out of range");
                }
                return new Token(Kind.FLOAT, "", d, start);
            }
        } catch (NumberFormatException e) {
            throw error(start, "number out of range for a 64-bit integer");
        }
        if (body.matches("0[0-9]+")) {
            throw error(start, "invalid octal number: a leading 0 means octal, whose digits are 0 to 7");
        }
        throw error(start, "invalid number: expected digits with an optional fraction and exponent, or 0x and hex "
                + "digits (strings need double quotes)");
    }

    private Token integer(boolean negative, String digits, int radix, Pos start) {
        java.math.BigInteger v = new java.math.BigInteger(digits, radix);
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            throw error(start, "number out of range for a 64-bit integer");
        }
        return new Token(Kind.INT, "", v.longValue(), start);
    }
}
