package io.strongroom.hcl;

import io.strongroom.base.ConfigException;
import io.strongroom.hcl.ConfigNode.Item;
import io.strongroom.hcl.ConfigNode.ListNode;
import io.strongroom.hcl.ConfigNode.ObjNode;
import io.strongroom.hcl.ConfigNode.Scalar;
import io.strongroom.hcl.HclLexer.Kind;
import io.strongroom.hcl.HclLexer.Token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the HCL1 that Vault server configs use. It accepts what Vault's HCL1 parser accepts
 * (vault-compat: hashicorp/hcl v1 {@code hcl/parser}) and rejects the rest with
 * {@code FILE:LINE:COL: expected ..., found ...}.
 *
 * <p>Grammar (newlines are whitespace, as in HCL1: several items may share a line):
 * <pre>
 * file   = { item [","] } EOF
 * item   = key "=" value | key { label } "{" body "}"
 * key    = IDENT | STRING              label = IDENT | STRING
 * body   = { item [","] }
 * value  = STRING | HEREDOC | INT | FLOAT | "true" | "false" | "[" [ value { "," value } [","] ] "]" | "{" body "}"
 * </pre>
 * Attribute keys must be unique within a body; blocks may repeat. Objects and lists nest at most
 * {@value #MAX_DEPTH} deep. Messages never quote a value, and quote keys only as {@link SafeText} allows.
 * Stateless; safe to share.
 */
public final class HclParser {

    /** Deeper nesting is refused rather than risking the stack; Vault configs nest three or four levels. */
    public static final int MAX_DEPTH = 100;

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
        private int depth;

        Run(HclLexer lexer) {
            this.lexer = lexer;
            this.peek = lexer.next();
        }

        private Token take() {
            Token taken = peek;
            peek = lexer.next();
            return taken;
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
                if (t.kind() != Kind.IDENT && t.kind() != Kind.STRING || t.isBool()) {
                    throw error(t, "expected a key, found " + t.describe());
                }
                Item item = item(take());
                if (!item.block()) {
                    Item first = attributes.putIfAbsent(item.key(), item);
                    if (first != null) {
                        throw new ConfigException(item.keyPos().error("duplicate key " + SafeText.quote(item.key())
                                + ": already set at line " + first.keyPos().line()));
                    }
                }
                items.add(item);
                // vault-compat: HCL1 items may be separated by one optional comma; newlines are not required.
                if (peek.kind() == Kind.COMMA) {
                    take();
                }
            }
        }

        private Item item(Token key) {
            String name = (String) key.value();
            String shown = SafeText.quote(name);
            Token t = peek;
            if (t.kind() == Kind.EQ) {
                take();
                ConfigNode value = value("after \"" + shown.substring(1, shown.length() - 1) + " =\"");
                return new Item(name, key.pos(), List.of(), value, false);
            }
            if (t.kind() != Kind.STRING && t.kind() != Kind.IDENT && t.kind() != Kind.LBRACE || t.isBool()) {
                throw error(t, "expected \"=\" or a block after " + shown + ", found " + t.describe());
            }
            // vault-compat: HCL1 block labels may be strings or bare words: listener "tcp" {} and listener tcp {}.
            List<String> labels = new ArrayList<>();
            StringBuilder what = new StringBuilder(shown.substring(1, shown.length() - 1));
            while ((peek.kind() == Kind.STRING || peek.kind() == Kind.IDENT) && !peek.isBool()) {
                String label = (String) take().value();
                labels.add(label);
                what.append(' ').append(SafeText.quote(label));
            }
            if (peek.kind() != Kind.LBRACE) {
                // This is usually a forgotten "=", and the "label" a value: labels are quoted only as keys are.
                throw error(peek, "expected \"{\" to open block " + what + ", found " + peek.describe()
                        + " (for an attribute write " + shown.substring(1, shown.length() - 1) + " = value)");
            }
            Token open = take();
            List<Item> body = nested(open, () -> body(open, what.toString()));
            return new Item(name, key.pos(), labels, new ObjNode(body, open.pos()), true);
        }

        private <T> T nested(Token open, java.util.function.Supplier<T> parse) {
            if (++depth > MAX_DEPTH) {
                throw error(open, "nesting too deep: more than " + MAX_DEPTH + " levels of blocks, objects and lists");
            }
            try {
                return parse.get();
            } finally {
                depth--;
            }
        }

        /** @param context "after \"region =\"" or "in list", for the error message */
        private ConfigNode value(String context) {
            Token t = take();
            switch (t.kind()) {
                case STRING, INT, FLOAT:
                    return new Scalar(t.value(), t.pos());
                case IDENT:
                    if (t.isBool()) {
                        return new Scalar(Boolean.parseBoolean(t.text()), t.pos());
                    }
                    // Never echoed: in value position the word is the value, and it may be a secret.
                    throw error(t, "expected a value " + context + ", found an unquoted word"
                            + " (strings need double quotes)");
                case LBRACK:
                    return nested(t, () -> list(t));
                case LBRACE:
                    return new ObjNode(nested(t, () -> body(t, "object")), t.pos());
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
