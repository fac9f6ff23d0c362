package io.strongroom.server.config;

import io.strongroom.server.config.ConfigNode.Item;
import io.strongroom.server.config.ConfigNode.ObjNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

    // vault-compat: parseutil.ParseDurationSecond: integers are seconds; Go units plus "d".
    @ParameterizedTest
    @CsvSource({"768h,2764800", "30m,1800", "90,90", "1h30m,5400", "1.5h,5400", "2d,172800", "500ms,0"})
    void durations_vaultStrings_parsed(String text, long seconds) {
        assertThat(Durations.parse(text)).isNotNull().extracting(Duration::getSeconds).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"forever", "10x", "h", "'' ", "-5s", "1h 30m"})
    void durations_garbage_null(String text) {
        assertThat(Durations.parse(text)).isNull();
    }
}
