package io.strongroom.hcl;

import io.strongroom.hcl.ConfigNode.Item;
import io.strongroom.hcl.ConfigNode.ObjNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic HCL1 parser: values, blocks, positions, comments, heredocs. */
class HclParserTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(String text) {
        return (Map<String, Object>) HclParser.parse("t.hcl", text).toPlain();
    }

    @Test
    void parse_scalarsOfEveryType_decoded() {
        Map<String, Object> m = plain("s = \"a\\\"b\\\\c\\nd\\te\\u00e9\"\ni = 8200\nneg = -3\nf = 1.5\ne = 2e3\n"
                + "t = true\nff = false\n");

        assertThat(m).containsExactly(Map.entry("s", "a\"b\\c\nd\teé"), Map.entry("i", 8200L),
                Map.entry("neg", -3L), Map.entry("f", 1.5d), Map.entry("e", 2000d), Map.entry("t", true),
                Map.entry("ff", false));
    }

    @Test
    void parse_listsAndObjects_trailingCommaAllowed() {
        Map<String, Object> m = plain("l = [\"a\", 2,\n  [true],\n]\no = { k = \"v\", n = 1 }\nempty = []\n");

        assertThat(m.get("l")).isEqualTo(List.of("a", 2L, List.of(true)));
        assertThat(m.get("o")).isEqualTo(Map.of("k", "v", "n", 1L));
        assertThat(m.get("empty")).isEqualTo(List.of());
    }

    @Test
    void parse_heredoc_keepsLinesAndTrailingNewline() {
        Map<String, Object> m = plain("policy = <<EOF\n  path \"x\" {\n    y = 1\n  }\nEOF\nafter = 1\n");

        assertThat(m.get("policy")).isEqualTo("  path \"x\" {\n    y = 1\n  }\n");
        assertThat(m.get("after")).isEqualTo(1L);
    }

    @Test
    void parse_indentedHeredoc_stripsCommonIndent() {
        Map<String, Object> m = plain("x {\n  pem = <<-PEM\n    line1\n      line2\n    PEM\n}\n");

        assertThat(m.get("x")).isEqualTo(Map.of("pem", "line1\n  line2\n"));
    }

    @Test
    void parse_commentsOfAllKinds_ignored() {
        Map<String, Object> m = plain("# hash\n// slashes\n/* block\n  comment */ a = 1 # trailing\n"
                + "b = \"# not a comment\" // trailing\nc = /* inline */ 2\n");

        assertThat(m).containsExactly(Map.entry("a", 1L), Map.entry("b", "# not a comment"), Map.entry("c", 2L));
    }

    @Test
    void parse_blocksWithLabels_keepPositionsAndLabels() {
        ObjNode root = HclParser.parse("t.hcl", "\n  seal \"awskms\" {\n    region = \"eu-west-1\"\n  }\n");

        Item seal = root.items().get(0);
        assertThat(seal.block()).isTrue();
        assertThat(seal.labels()).containsExactly("awskms");
        assertThat(seal.keyPos()).isEqualTo(new Pos("t.hcl", 2, 3));
        Item region = ((ObjNode) seal.value()).items().get(0);
        assertThat(region.keyPos()).isEqualTo(new Pos("t.hcl", 3, 5));
        assertThat(region.value().pos()).isEqualTo(new Pos("t.hcl", 3, 14));
    }

    @Test
    void parse_repeatedBlocks_becomeListInPlainForm() {
        Map<String, Object> m = plain("listener \"tcp\" { a = 1 }\nlistener \"tcp\" { a = 2 }\n");

        assertThat(m.get("listener")).isEqualTo(List.of(Map.of("tcp", Map.of("a", 1L)), Map.of("tcp", Map.of("a", 2L))));
    }

    @Test
    void parse_quotedKeysAndCommasBetweenItems_accepted() {
        assertThat(plain("\"a\" = 1, b = 2\n")).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
    }

    @Test
    void parse_emptyFile_emptyObject() {
        assertThat(plain("  # only a comment\n")).isEmpty();
    }

    @Test
    void parse_severalItemsOnOneLine_accepted() {
        assertThat(plain("ui = true log_level = \"info\" o = { a = 1 b = [2] } x { y = 3 }\n"))
                .containsExactly(Map.entry("ui", true), Map.entry("log_level", "info"),
                        Map.entry("o", Map.of("a", 1L, "b", List.of(2L))), Map.entry("x", Map.of("y", 3L)));
    }

    // vault-compat: HCL1 allows one optional comma after each item, also the last one in a block.
    @Test
    void parse_commasAfterItemsInBlocks_accepted() {
        assertThat(plain("b { x = 1, y = 2, }\n")).containsExactly(Map.entry("b", Map.of("x", 1L, "y", 2L)));
    }

    // vault-compat: HCL1 block labels are strings or bare words.
    @Test
    void parse_bareWordLabel_sameAsQuoted() {
        assertThat(plain("listener tcp { a = 1 }\n")).isEqualTo(plain("listener \"tcp\" { a = 1 }\n"));
    }

    @Test
    void parse_listAcrossLinesWithCommentsAndTrailingComma_accepted() {
        Map<String, Object> m = plain("l = [\n  \"a\", # one\n  /* two */ \"b\", // three\n  { k = 1 },\n]\n");

        assertThat(m.get("l")).isEqualTo(List.of("a", "b", Map.of("k", 1L)));
    }

    // vault-compat: HCL1 numbers: 0x hex, leading-0 octal, floats with fraction and/or exponent.
    @Test
    void parse_hcl1NumberForms_decoded() {
        assertThat(plain("h = 0x1F\no = 017\nz = 0\nf = .5\ng = 1.\ne = 1e3\nn = -0x10\n"))
                .containsExactly(Map.entry("h", 31L), Map.entry("o", 15L), Map.entry("z", 0L), Map.entry("f", 0.5d),
                        Map.entry("g", 1.0d), Map.entry("e", 1000d), Map.entry("n", -16L));
    }

    // vault-compat: HCL1 takes Go's escapes.
    @Test
    void parse_goEscapes_decoded() {
        assertThat(plain("s = \"\\x41\\101\\a\\v\\U0001F600\"\n").get("s"))
                .isEqualTo("AA\u0007\u000B" + new String(Character.toChars(0x1F600)));
    }

    // vault-compat: HCL1 keeps ${...} as written; quotes inside the braces do not end the string.
    @Test
    void parse_interpolationWithQuotes_keptLiterally() {
        assertThat(plain("s = \"a${lookup(\"x\")}b\"\n").get("s")).isEqualTo("a${lookup(\"x\")}b");
    }

    // vault-compat: HCL1 unindentHeredoc: <<- strips the closing line's indentation when every line has it.
    @Test
    void parse_indentedHeredoc_stripsClosingIndent() {
        assertThat(plain("p = <<-PEM\n    a\n      b\n  PEM\n").get("p")).isEqualTo("  a\n    b\n");
        assertThat(plain("p = <<-PEM\n    a\n b\n  PEM\n").get("p")).isEqualTo("    a\n b\n");
    }

    @Test
    void parse_leadingByteOrderMark_ignored() {
        assertThat(plain("\uFEFFa = 1\n")).containsExactly(Map.entry("a", 1L));
    }
}
