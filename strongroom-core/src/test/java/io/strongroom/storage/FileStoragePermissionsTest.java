package io.strongroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data files are private to the server's user whatever the umask: folders 0700, files 0600, set when they are
 * created; a storage folder open to group or others is refused. Java cannot change its own umask, so the umask
 * case runs in a child JVM started by {@code sh -c 'umask 022; exec java ...'}.
 */
class FileStoragePermissionsTest {

    @TempDir
    Path tmp;

    // vault-compat: Vault's file backend creates folders 0700 and files 0600 (physical/file, os.MkdirAll 0700,
    // os.OpenFile 0600); this proves it for Strongroom under the common umask 022.
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writes_underUmask022_everyFolderIs0700_everyFileIs0600() throws Exception {
        Path root = tmp.resolve("missing-parent/data");
        Path control = tmp.resolve("control");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask 022; exec \"$0\" \"$@\""));
        cmd.addAll(FileStorageChild.javaCommand("write", root.toString(), control.toString()));
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(50, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("DONE");
        // the child really ran under umask 022: a file it created without a mode is 0644
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(control))).isEqualTo("rw-r--r--");

        List<String> wrongModes = new ArrayList<>();
        int folders = 0;
        int files = 0;
        try (Stream<Path> all = Files.walk(tmp.resolve("missing-parent"))) { // the parent was created too
            for (Path p : (Iterable<Path>) all::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                boolean dir = Files.isDirectory(p);
                if (dir) {
                    folders++;
                } else {
                    files++;
                }
                if (!mode.equals(dir ? "rwx------" : "rw-------")) {
                    wrongModes.add(tmp.relativize(p) + " " + mode);
                }
            }
        }
        assertThat(wrongModes).isEmpty();
        assertThat(root.resolve("core/hsm/_barrier-unseal-keys")).exists();
        assertThat(root.resolve(FileStorage.LOCK_FILE)).exists();
        assertThat(folders).as("folders checked").isGreaterThanOrEqualTo(9);
        assertThat(files).as("files checked (5 values and the lock file)").isEqualTo(6);
    }

    @Test
    void open_existingFolderMode0755_refusedNamingFolderModeAndChmod() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> new FileStorage(root)).isInstanceOf(StorageException.class)
                .hasMessage("storage folder " + root + " has mode 0755 (rwxr-xr-x): other local users could read or "
                        + "change the server's data. Run `chmod 700 " + root + "` (as the folder's owner) and start "
                        + "again.");
        assertThat(root.resolve(FileStorage.LOCK_FILE)).as("nothing written into a refused folder").doesNotExist();

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        try (FileStorage storage = new FileStorage(root)) {
            storage.put("k", new byte[] {1});
            assertThat(storage.get("k")).containsExactly(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwx-----x", "rwx--x---", "rwxrwx---", "rwx---r--", "rwx----w-"})
    void open_existingFolderWithAnyGroupOrOtherBit_refused(String mode) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString(mode));
        assertThatThrownBy(() -> new FileStorage(root)).isInstanceOf(StorageException.class)
                .hasMessageContaining("(" + mode + ")").hasMessageContaining("chmod 700 " + root + "`");
    }

    @Test
    void octal_formatsEveryBit() {
        assertThat(FileStorage.octal(PosixFilePermissions.fromString("rwxr-xr-x"))).isEqualTo("0755");
        assertThat(FileStorage.octal(PosixFilePermissions.fromString("rw-------"))).isEqualTo("0600");
        assertThat(FileStorage.octal(PosixFilePermissions.fromString("--------x"))).isEqualTo("0001");
        assertThat(FileStorage.octal(PosixFilePermissions.fromString("r--------"))).isEqualTo("0400");
    }
}
