package io.strongroom.hcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parse tree shared by the HCL and the JSON reader: every value keeps its position so that validation,
 * which runs after parsing, can still say {@code FILE:LINE:COL} and the key. Immutable.
 */
public sealed interface ConfigNode permits ConfigNode.Scalar, ConfigNode.ListNode, ConfigNode.ObjNode {

    /** Where the value starts (for objects: the opening brace). */
    Pos pos();

    /** The value as plain Java: String, Long, Double, Boolean, List, LinkedHashMap (positions dropped). */
    Object toPlain();

    /** The HCL/JSON type name used in "must be a string, got number" messages. */
    String typeName();

    /** A string, integer (Long), float (Double) or bool. */
    record Scalar(Object value, Pos pos) implements ConfigNode {
        @Override
        public Object toPlain() {
            return value;
        }

        @Override
        public String typeName() {
            if (value instanceof String) {
                return "string";
            }
            return value instanceof Boolean ? "bool" : "number";
        }
    }

    /** {@code [a, b]}. */
    record ListNode(List<ConfigNode> items, Pos pos) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(i.toPlain()));
            return out;
        }

        @Override
        public String typeName() {
            return "list";
        }
    }

    /**
     * A block body, an object value or a whole file: the items in source order. Attribute keys are unique
     * (the parsers reject duplicates); blocks may repeat.
     */
    record ObjNode(List<Item> items, Pos pos) implements ConfigNode {
        public ObjNode {
            items = List.copyOf(items);
        }

        /**
         * Plain map. A labelled block {@code a "x" { } } becomes {@code a = { x = { } } }; repeated blocks of one
         * name become a list, as HCL1 decodes them.
         */
        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            java.util.Set<String> repeated = new java.util.HashSet<>();
            for (Item it : items) {
                Object v = it.value().toPlain();
                for (int i = it.labels().size() - 1; i >= 0; i--) {
                    Map<String, Object> wrap = new LinkedHashMap<>();
                    wrap.put(it.labels().get(i), v);
                    v = wrap;
                }
                if (it.block() && out.containsKey(it.key())) {
                    Object prev = out.get(it.key());
                    List<Object> list = repeated.contains(it.key())
                            ? new ArrayList<>((List<?>) prev) : new ArrayList<>(List.of(prev));
                    list.add(v);
                    repeated.add(it.key());
                    out.put(it.key(), list);
                } else {
                    out.put(it.key(), v);
                }
            }
            return out;
        }

        @Override
        public String typeName() {
            return "object";
        }
    }

    /**
     * One {@code key = value} attribute or one {@code key "label" ... { body }} block.
     *
     * @param block true for block syntax; then {@code value} is the body {@link ObjNode}
     */
    record Item(String key, Pos keyPos, List<String> labels, ConfigNode value, boolean block) {
        public Item {
            labels = List.copyOf(labels);
        }
    }
}
