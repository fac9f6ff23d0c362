package io.strongroom.hcl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.strongroom.base.ConfigException;
import io.strongroom.hcl.ConfigNode.Item;
import io.strongroom.hcl.ConfigNode.ListNode;
import io.strongroom.hcl.ConfigNode.ObjNode;
import io.strongroom.hcl.ConfigNode.Scalar;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Vault JSON config into the same {@link ConfigNode} tree as {@link HclParser}, with Jackson's token
 * locations as positions. JSON objects become attribute items; the server's config reader accepts both the
 * block and the object/list shapes for stanzas, so {@code {"listener": {"tcp": {...}}}} and
 * {@code {"listener": [{"tcp": {...}}]}} both work. Stateless; safe to share.
 */
public final class JsonConfigParser {

    // Jackson may copy the input into locations and messages; a config holds credentials, so never.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonConfigParser() {
    }

    /**
     * @param file the name used in error messages
     * @param text the JSON text; its top level must be an object
     * @throws ConfigException {@code FILE:LINE:COL: ...} on malformed JSON or duplicate keys; the message never
     *                         quotes a value of the file
     */
    public static ObjNode parse(String file, String text) {
        JsonParser p = null;
        try {
            p = FACTORY.createParser(text);
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigException(pos(file, p.currentTokenLocation()).error(
                        "expected a JSON object at the top level, found " + describe(t)));
            }
            ObjNode root = object(file, p, 1);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new ConfigException(pos(file, p.currentTokenLocation()).error(
                        "expected end of file after the top-level object, found " + describe(extra)));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            throw new ConfigException(pos(file, at).error("invalid JSON: " + problem(e)), e);
        } catch (IOException e) {
            // Reading a String cannot fail with plain IO; kept for the signature, with a position all the same.
            throw new ConfigException(pos(file, p == null ? JsonLocation.NA : p.currentLocation()).error(
                    "cannot parse JSON (" + e.getClass().getSimpleName() + ")"), e);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    // reading from a String: nothing to release
                }
            }
        }
    }

    /**
     * Jackson's description of a syntax error, without anything it quotes from the input: an unrecognised
     * token, an escaped character or a number may be (part of) a credential. One character that is not
     * allowed is still named, as {@link SafeText#character(int)} shows it.
     */
    static String problem(JsonProcessingException e) {
        String msg = String.valueOf(e.getOriginalMessage()).split("\n", 2)[0];
        msg = msg.replaceAll("\\s*\\(start marker at .*$", "")
                .replaceAll("\\s*\\[Source: .*$", "");
        msg = msg.replaceAll("escape '.*?' \\(code \\d+\\)", "escape");
        StringBuilder sb = new StringBuilder();
        // One pass over quoted parts, left to right: a lone character with its code is named safely, Jackson's
        // keywords stay, anything else quoted (an unrecognised word: the value itself) is dropped.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\('.*?' \\(code (\\d+)\\)\\)|'(null|true|false)'|'[^']*'").matcher(msg);
        while (m.find()) {
            String replacement = m.group(1) != null ? SafeText.character(Integer.parseInt(m.group(1)))
                    : m.group(2) != null ? m.group() : "";
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString()
                .replaceAll("\\([^()]*[0-9][^()]*\\) out of range", "out of range")
                .replaceAll(" +", " ")
                .replaceAll(" ([:,)])", "$1")
                .trim();
    }

    private static Pos pos(String file, JsonLocation loc) {
        return new Pos(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    /** A token in "found ..." messages: punctuation and keywords as written, values by kind only. */
    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of file";
        }
        return switch (t) {
            case START_ARRAY -> "\"[\"";
            case START_OBJECT -> "\"{\"";
            case END_OBJECT -> "\"}\"";
            case END_ARRAY -> "\"]\"";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "\"true\"";
            case VALUE_FALSE -> "\"false\"";
            case VALUE_NULL -> "\"null\"";
            default -> "a " + t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Called with the parser on START_OBJECT; returns with it on the matching END_OBJECT. */
    private static ObjNode object(String file, JsonParser p, int depth) throws IOException {
        Pos open = pos(file, p.currentTokenLocation());
        if (depth > HclParser.MAX_DEPTH) {
            throw new ConfigException(open.error("nesting too deep: more than " + HclParser.MAX_DEPTH
                    + " levels of objects and lists"));
        }
        List<Item> items = new ArrayList<>();
        Map<String, Pos> seen = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Pos keyPos = pos(file, p.currentTokenLocation());
            Pos first = seen.putIfAbsent(key, keyPos);
            if (first != null) {
                throw new ConfigException(keyPos.error("duplicate key " + SafeText.quote(key) + ": already set at line "
                        + first.line()));
            }
            p.nextToken();
            items.add(new Item(key, keyPos, List.of(), value(file, p, depth), false));
        }
        return new ObjNode(items, open);
    }

    private static ConfigNode value(String file, JsonParser p, int depth) throws IOException {
        Pos at = pos(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return object(file, p, depth + 1);
            case START_ARRAY: {
                if (depth + 1 > HclParser.MAX_DEPTH) {
                    throw new ConfigException(at.error("nesting too deep: more than " + HclParser.MAX_DEPTH
                            + " levels of objects and lists"));
                }
                List<ConfigNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(file, p, depth + 1));
                }
                return new ListNode(items, at);
            }
            case VALUE_STRING:
                return new Scalar(p.getText(), at);
            case VALUE_NUMBER_INT:
                try {
                    return new Scalar(p.getLongValue(), at);
                } catch (IOException e) {
                    throw new ConfigException(at.error("number out of range for a 64-bit integer"));
                }
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) {
                    throw new ConfigException(at.error("number out of range"));
                }
                return new Scalar(d, at);
            }
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Scalar(p.getBooleanValue(), at);
            case VALUE_NULL:
                throw new ConfigException(at.error("null is not a valid config value"));
            default:
                throw new ConfigException(at.error("expected a value, found " + describe(t)));
        }
    }
}
