package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument data (spec 8, vault-compat kvbuilder). */
class ArgDataTest {

    @TempDir
    Path dir;

    private ArgData data(String stdin) {
        return new ArgData(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), dir);
    }

    @Test
    void parse_keyValues_stringsSplitAtFirstEquals() {
        assertThat(data("").parse(List.of("a=1", "b=x=y", "c="))).containsExactly(Map.entry("a", "1"),
                Map.entry("b", "x=y"), Map.entry("c", ""));
    }

    @Test
    void parse_keyAtFile_valueIsFileContentVerbatim() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "line1\nline2\n");
        assertThat(data("").parse(List.of("cert=@cert.pem"))).containsEntry("cert", "line1\nline2\n");
    }

    @Test
    void parse_keyDash_valueIsAllOfStdin() {
        assertThat(data("from stdin\n").parse(List.of("password=-"))).containsEntry("password", "from stdin\n");
    }

    @Test
    void parse_atJsonFileAlone_mergesTheObjectWithTypes() throws Exception {
        Files.writeString(dir.resolve("d.json"), "{\"n\":3,\"flag\":true,\"list\":[1,2]}");
        Map<String, Object> parsed = data("").parse(List.of("@d.json", "extra=x"));
        assertThat(parsed).containsEntry("n", 3).containsEntry("flag", true).containsEntry("list", List.of(1, 2))
                .containsEntry("extra", "x");
    }

    @Test
    void parse_dashAlone_readsJsonObjectFromStdin() {
        assertThat(data("{\"a\":\"b\"}").parse(List.of("-"))).containsExactly(Map.entry("a", "b"));
    }

    // vault-compat: standard input is read once
    @Test
    void parse_stdinTwice_failsStdinAlreadyConsumed() {
        assertThatThrownBy(() -> data("{}").parse(List.of("-", "a=-"))).isInstanceOf(UsageException.class)
                .hasMessage("stdin already consumed");
        assertThatThrownBy(() -> data("x").parse(List.of("a=-", "b=-"))).hasMessage("stdin already consumed");
    }

    @Test
    void parse_repeatedKey_becomesList() {
        assertThat(data("").parse(List.of("p=a", "p=b", "p=c"))).containsEntry("p", List.of("a", "b", "c"));
    }

    @Test
    void parse_noEquals_failsWithVaultText() {
        assertThatThrownBy(() -> data("").parse(List.of("novalue"))).isInstanceOf(UsageException.class)
                .hasMessage("invalid key/value pair \"novalue\": format must be key=value");
    }

    @Test
    void parse_missingFileOrBadJson_failsNamingIt() throws Exception {
        assertThatThrownBy(() -> data("").parse(List.of("k=@nope.txt")))
                .hasMessage("error reading file \"nope.txt\": no such file");
        Files.writeString(dir.resolve("bad.json"), "[1,2]");
        assertThatThrownBy(() -> data("").parse(List.of("@bad.json")))
                .hasMessageContaining("it must hold one JSON object");
    }
}
