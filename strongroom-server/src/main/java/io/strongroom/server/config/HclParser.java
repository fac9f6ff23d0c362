package io.strongroom.server.config;

import io.strongroom.core.ConfigException;
import io.strongroom.server.config.ConfigNode.Item;
import io.strongroom.server.config.ConfigNode.ListNode;
import io.strongroom.server.config.ConfigNode.ObjNode;
import io.strongroom.server.config.ConfigNode.Scalar;
import io.strongroom.server.config.HclLexer.Kind;
import io.strongroom.server.config.HclLexer.Token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the HCL1 subset that Vault server configs use. Unlike lenient parsers it rejects anything
 * it does not understand, with {@code FILE:LINE:COL: expected ..., found ...}.
 *
 * <p>Grammar (items in a body are separated by newlines or commas):
 * <pre>
 * file   = { item } EOF
 * item   = key "=" value | key { STRING } "{" body "}"
 * key    = IDENT | STRING
 * body   = { item [","] }
 * value  = STRING | HEREDOC | INT | FLOAT | "true" | "false" | "[" [ value { "," value } [","] ] "]" | "{" body "}"
 * </pre>
 * Attribute keys must be unique within a body; blocks may repeat. Stateless; safe to share.
 */
public final class HclParser {

    private HclParser() {
    }

    /**
     * Parses one file's text.
     *
     * @param file the name used in error messages (a path or file name)
     * @param text the file content
     * @return the file as an object node positioned at 1:1
     * @throws ConfigException {@code FILE:LINE:COL: ...} on the first syntax error
     */
    public static ObjNode parse(String file, String text) {
        return new Run(new HclLexer(file, text)).file(file);
    }

    /** One parse: the lexer plus one token of look-ahead. */
    private static final class Run {
        private final HclLexer lexer;
        private Token peek;
        private Token last;

        Run(HclLexer lexer) {
            this.lexer = lexer;
            this.peek = lexer.next();
        }

        private Token take() {
            last = peek;
            peek = lexer.next();
            return last;
        }

        private static ConfigException error(Token at, String message) {
            return new ConfigException(at.pos().error(message));
        }

        ObjNode file(String file) {
            List<Item> items = body(null, null);
            return new ObjNode(items, new Pos(file, 1, 1));
        }

        /**
         * Items up to the closing brace (or EOF at top level).
         *
         * @param open the opening brace, null at top level
         * @param what how the enclosing construct is named in "missing }" errors
         */
        private List<Item> body(Token open, String what) {
            List<Item> items = new ArrayList<>();
            Map<String, Item> attributes = new HashMap<>();
            while (true) {
                Token t = peek;
                if (t.kind() == Kind.EOF) {
                    if (open == null) {
                        return items;
                    }
                    // Reported at the opening brace: the end of the file is rarely where the brace is missing.
                    throw error(open, "missing \"}\" to close " + what + " opened here; found end of file");
                }
                if (t.kind() == Kind.RBRACE) {
                    if (open == null) {
                        throw error(t, "expected a key, found \"}\" with no block open");
                    }
                    take();
                    return items;
                }
                if (t.kind() == Kind.COMMA && !items.isEmpty()) {
                    take();
                    continue;
                }
                if (t.kind() != Kind.IDENT && t.kind() != Kind.STRING) {
                    throw error(t, "expected a key, found " + t.describe());
                }
                Item item = item(take());
                if (!item.block()) {
                    Item first = attributes.putIfAbsent(item.key(), item);
                    if (first != null) {
                        throw new ConfigException(item.keyPos().error("duplicate key \"" + item.key()
                                + "\": already set at line " + first.keyPos().line()));
                    }
                }
                items.add(item);
                Kind k = peek.kind();
                if (k != Kind.COMMA && k != Kind.RBRACE && k != Kind.EOF && peek.pos().line() == last.endLine()) {
                    throw error(peek, "expected a newline after \"" + item.key() + "\", found " + peek.describe());
                }
            }
        }

        private Item item(Token key) {
            String name = (String) key.value();
            Token t = peek;
            if (t.kind() == Kind.EQ) {
                take();
                ConfigNode value = value("after \"" + name + " =\"");
                return new Item(name, key.pos(), List.of(), value, false);
            }
            if (t.kind() != Kind.STRING && t.kind() != Kind.LBRACE) {
                throw error(t, "expected \"=\" or a block after \"" + name + "\", found " + t.describe());
            }
            List<String> labels = new ArrayList<>();
            StringBuilder what = new StringBuilder(name);
            while (peek.kind() == Kind.STRING) {
                String label = (String) take().value();
                labels.add(label);
                what.append(" \"").append(label).append('"');
            }
            if (peek.kind() != Kind.LBRACE) {
                // Labels are not echoed: this is usually a forgotten "=", and the "label" a credential.
                throw error(peek, "expected \"{\" to open block \"" + name + "\", found " + peek.describe()
                        + " (for an attribute write " + name + " = value)");
            }
            Token open = take();
            List<Item> body = body(open, what.toString());
            return new Item(name, key.pos(), labels, new ObjNode(body, open.pos()), true);
        }

        /** @param context "after \"region =\"" or "in list", for the error message */
        private ConfigNode value(String context) {
            Token t = take();
            switch (t.kind()) {
                case STRING, INT, FLOAT:
                    return new Scalar(t.value(), t.pos());
                case IDENT:
                    if (t.text().equals("true") || t.text().equals("false")) {
                        return new Scalar(Boolean.parseBoolean(t.text()), t.pos());
                    }
                    // Never echoed: in value position the word is the value, and it may be a secret.
                    throw error(t, "expected a value " + context + ", found an unquoted word"
                            + " (strings need double quotes)");
                case LBRACK:
                    return list(t);
                case LBRACE:
                    return new ObjNode(body(t, "object"), t.pos());
                default:
                    throw error(t, "expected a value " + context + ", found " + t.describe());
            }
        }

        private ListNode list(Token open) {
            List<ConfigNode> items = new ArrayList<>();
            while (true) {
                if (peek.kind() == Kind.RBRACK) {
                    take();
                    return new ListNode(items, open.pos());
                }
                if (peek.kind() == Kind.EOF) {
                    throw error(open, "missing \"]\" to close list opened here; found end of file");
                }
                items.add(value("in list"));
                Token sep = peek;
                if (sep.kind() == Kind.COMMA) {
                    take();
                } else if (sep.kind() != Kind.RBRACK) {
                    if (sep.kind() == Kind.EOF) {
                        throw error(open, "missing \"]\" to close list opened here; found end of file");
                    }
                    throw error(sep, "expected \",\" or \"]\" after list item, found " + sep.describe());
                }
            }
        }
    }
}
