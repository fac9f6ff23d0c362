package io.strongroom.server.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.strongroom.core.ConfigException;
import io.strongroom.server.config.ConfigNode.Item;
import io.strongroom.server.config.ConfigNode.ListNode;
import io.strongroom.server.config.ConfigNode.ObjNode;
import io.strongroom.server.config.ConfigNode.Scalar;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Vault JSON config into the same {@link ConfigNode} tree as {@link HclParser}, with Jackson's token
 * locations as positions. JSON objects become attribute items; {@link ServerConfigReader} accepts both the
 * block and the object/list shapes for stanzas, so {@code {"listener": {"tcp": {...}}}} and
 * {@code {"listener": [{"tcp": {...}}]}} both work. Stateless; safe to share.
 */
public final class JsonConfigParser {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonConfigParser() {
    }

    /**
     * @param file the name used in error messages
     * @param text the JSON text; its top level must be an object
     * @throws ConfigException {@code FILE:LINE:COL: ...} on malformed JSON or duplicate keys
     */
    public static ObjNode parse(String file, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigException(pos(file, p.currentTokenLocation()).error(
                        "expected a JSON object at the top level, found " + describe(t, p)));
            }
            ObjNode root = object(file, p);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new ConfigException(pos(file, p.currentTokenLocation()).error(
                        "expected end of file after the top-level object, found " + describe(extra, p)));
            }
            return root;
        } catch (JsonParseException e) {
            // Jackson's own message quotes input; keep only its first line, which names the problem.
            String msg = e.getOriginalMessage().split("\n", 2)[0]
                    // an unquoted token may be a pasted credential: name the problem, not the token
                    .replaceAll("token '[^']*'", "token");
            throw new ConfigException(pos(file, e.getLocation()).error("invalid JSON: " + msg), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot parse JSON: " + e.getMessage(), e);
        }
    }

    private static Pos pos(String file, JsonLocation loc) {
        return new Pos(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        if (t == null) {
            return "end of file";
        }
        return switch (t) {
            case START_ARRAY -> "\"[\"";
            case END_OBJECT -> "\"}\"";
            case END_ARRAY -> "\"]\"";
            case VALUE_STRING -> "a string";
            default -> "\"" + p.getText() + "\"";
        };
    }

    /** Called with the parser on START_OBJECT; returns with it on the matching END_OBJECT. */
    private static ObjNode object(String file, JsonParser p) throws IOException {
        Pos open = pos(file, p.currentTokenLocation());
        List<Item> items = new ArrayList<>();
        Map<String, Pos> seen = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Pos keyPos = pos(file, p.currentTokenLocation());
            Pos first = seen.putIfAbsent(key, keyPos);
            if (first != null) {
                throw new ConfigException(keyPos.error("duplicate key \"" + key + "\": already set at line "
                        + first.line()));
            }
            p.nextToken();
            items.add(new Item(key, keyPos, List.of(), value(file, p), false));
        }
        return new ObjNode(items, open);
    }

    private static ConfigNode value(String file, JsonParser p) throws IOException {
        Pos at = pos(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return object(file, p);
            case START_ARRAY: {
                List<ConfigNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(file, p));
                }
                return new ListNode(items, at);
            }
            case VALUE_STRING:
                return new Scalar(p.getText(), at);
            case VALUE_NUMBER_INT:
                try {
                    return new Scalar(p.getLongValue(), at);
                } catch (IOException e) {
                    throw new ConfigException(at.error("number out of range"));
                }
            case VALUE_NUMBER_FLOAT:
                return new Scalar(p.getDoubleValue(), at);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Scalar(p.getBooleanValue(), at);
            case VALUE_NULL:
                throw new ConfigException(at.error("null is not a valid config value"));
            default:
                throw new ConfigException(at.error("expected a value, found " + describe(t, p)));
        }
    }
}
