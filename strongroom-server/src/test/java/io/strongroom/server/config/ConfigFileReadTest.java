package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files that are not config text fail naming the file and where, never with a bare Java decoding exception. */
class ConfigFileReadTest {

    @TempDir
    Path dir;

    @Test
    void load_binaryFile_failsNamingFileLineAndByteOffset() throws Exception {
        byte[] head = "storage \"inmem\" {}\nui = ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3; // a UTF-8 lead byte ...
        bytes[head.length + 1] = (byte) 0x28; // ... followed by a byte that cannot continue it
        bytes[head.length + 2] = (byte) 0xFF;
        Path f = Files.write(dir.resolve("config.hcl"), bytes);

        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(f), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":2:6: not UTF-8 text: invalid byte at byte offset 24; a config file is text, is this "
                        + "a binary file?")
                .hasNoCause();
    }

    @Test
    void load_emptyFile_failsNamingFile() throws Exception {
        Path f = Files.write(dir.resolve("empty.hcl"), new byte[0]);

        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(f), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":1:1: the config file is empty");
    }

    @Test
    void load_fileWithNul_failsNamingFileLineColumnAndOffset() throws Exception {
        Path f = Files.write(dir.resolve("config.json"), "{\"ui\": true,\n\u0000}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(f), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":2:1: NUL byte (U+0000) at byte offset 13: a config file is text; is this a binary "
                        + "file?");
    }

    @Test
    void decode_validUtf8_keptAsText() {
        assertThat(ServerConfigLoader.decode("c.hcl", "a = \"é€\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a = \"é€\"");
    }
}
