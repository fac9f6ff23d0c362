package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token helper file ~/.vault-token (spec 7, 8). */
class TokenHelperTest {

    @TempDir
    Path home;

    // vault-compat: the token file is mode 0600, without a newline
    @Test
    void store_newFile_mode0600ExactContent() throws Exception {
        TokenHelper helper = new TokenHelper(home);
        helper.store("hvs.secret-token");
        Path file = home.resolve(".vault-token");
        assertThat(Files.readString(file)).isEqualTo("hvs.secret-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(helper.get()).isEqualTo("hvs.secret-token");
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".vault-token");
        }
    }

    @Test
    void store_existingWorldReadableFile_replacedWithMode0600() throws Exception {
        Path file = home.resolve(".vault-token");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        new TokenHelper(home).store("new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void get_missingOrBlank_null_trimsWhitespace() throws Exception {
        TokenHelper helper = new TokenHelper(home);
        assertThat(helper.get()).isNull();
        Files.writeString(home.resolve(".vault-token"), "  \n");
        assertThat(helper.get()).isNull();
        Files.writeString(home.resolve(".vault-token"), "hvs.a\n");
        assertThat(helper.get()).isEqualTo("hvs.a");
    }
}
