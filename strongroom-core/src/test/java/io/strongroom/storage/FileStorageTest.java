package io.strongroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest extends StorageContract {

    @TempDir
    Path tmp;

    private int counter;

    @Override
    protected Storage newStorage() {
        return new FileStorage(tmp.resolve("s" + counter++));
    }

    @AfterEach
    void closeStorage() {
        ((FileStorage) storage).close();
    }

    private Path root() {
        return ((FileStorage) storage).root();
    }

    @Test
    void onDiskLayout_valueFilesPrefixedWithUnderscore_foldersEscaped() throws Exception {
        storage.put("a/b/c", "x".getBytes(StandardCharsets.UTF_8));
        storage.put("_u/v", "y".getBytes(StandardCharsets.UTF_8));
        assertThat(root().resolve("a/b/_c")).hasContent("x");
        // vault-compat: value files carry the "_" prefix like Vault's file backend; folders starting with "_"
        // are escaped with "~" so they cannot collide with a value file.
        assertThat(root().resolve("~_u/_v")).hasContent("y");
    }

    @Test
    void delete_lastValue_removesEmptyParentFolders() {
        storage.put("p/q/r/s", new byte[] {1});
        storage.put("p/keep", new byte[] {2});
        storage.delete("p/q/r/s");
        assertThat(root().resolve("p/q")).doesNotExist();
        assertThat(root().resolve("p")).isDirectory();
    }

    @Test
    void put_manyWrites_leaveNoTempFiles() throws Exception {
        for (int i = 0; i < 50; i++) {
            storage.put("t/k" + (i % 5), new byte[i]);
        }
        try (Stream<Path> all = Files.walk(root())) {
            assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-"))).isEmpty();
        }
    }

    @Test
    void open_removesStaleTempFiles_andNeverListsThem() throws Exception {
        storage.put("d/k", new byte[] {1});
        Path stale = root().resolve("d/.tmp-deadbeef");
        Files.write(stale, new byte[] {9});
        assertThat(storage.list("d/")).containsExactly("k");
        ((FileStorage) storage).close();
        try (FileStorage reopened = new FileStorage(root())) {
            assertThat(stale).doesNotExist();
            assertThat(reopened.get("d/k")).containsExactly(1);
        }
    }

    @Test
    void reopen_seesPreviousWrites() {
        storage.put("persist/me", new byte[] {4, 2});
        ((FileStorage) storage).close();
        try (FileStorage reopened = new FileStorage(root())) {
            assertThat(reopened.get("persist/me")).containsExactly(4, 2);
        }
    }

    @Test
    void put_segmentLongerThanAFileName_rejected() {
        String longSegment = "x".repeat(255);
        assertThatThrownBy(() -> storage.put(longSegment, new byte[0])).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> storage.put(longSegment + "/a", new byte[0]))
                .isInstanceOf(InvalidRequestException.class);
        storage.put("y".repeat(254), new byte[0]);
        assertThat(storage.list("")).isEqualTo(List.of("y".repeat(254)));
    }

    @Test
    void get_whereAFolderIsExpectedAFileExists_returnsNull() {
        storage.put("leaf", new byte[] {1});
        assertThat(storage.get("leaf/child")).isNull();
        assertThat(storage.list("leaf/")).isEmpty();
    }
}
