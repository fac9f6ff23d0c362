package io.strongroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One storage folder, one server: a second {@link FileStorage} on the same folder is refused, whether it is in
 * this JVM (OS locks cannot see that case) or in another process (checked with a real child JVM).
 */
class FileStorageLockTest {

    @TempDir
    Path tmp;

    @Test
    void open_secondInstanceInThisJvm_refused_firstKeepsWorking_thenOpensAfterClose() {
        Path root = tmp.resolve("data");
        FileStorage first = new FileStorage(root);
        try {
            first.put("a", new byte[] {1});
            assertThatThrownBy(() -> new FileStorage(root)).isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("storage folder " + root + " is in use by another open FileStorage in "
                            + "this process (pid " + ProcessHandle.current().pid() + ")");
            first.put("b", new byte[] {2});
            assertThat(first.list("")).containsExactly("a", "b");
        } finally {
            first.close();
        }
        try (FileStorage second = new FileStorage(root)) {
            assertThat(second.get("b")).containsExactly(2);
        }
    }

    @Test
    void open_sameFolderThroughASymlink_refused() throws Exception {
        Path root = tmp.resolve("data");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), root.getFileName());
        try (FileStorage first = new FileStorage(root)) {
            assertThatThrownBy(() -> new FileStorage(link)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("is in use by another open FileStorage in this process");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void open_whileAnotherProcessHoldsTheFolder_refusedNamingItsPid_opensOnceItExits() throws Exception {
        Path root = tmp.resolve("data");
        Process holder = new ProcessBuilder(FileStorageChild.javaCommand("hold", root.toString()))
                .redirectErrorStream(true).start();
        try {
            String locked = awaitLine(holder, "LOCKED ");
            assertThat(locked).isEqualTo("LOCKED " + holder.pid());

            assertThatThrownBy(() -> new FileStorage(root)).isInstanceOf(StorageException.class)
                    .hasMessage("storage folder " + root + " is in use by another Strongroom process (pid "
                            + holder.pid() + "): two servers on one file storage folder would corrupt it. Stop the "
                            + "other server, or give this one its own storage \"file\" path.");

            holder.getOutputStream().close(); // the holder closes its storage and exits
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
        try (FileStorage mine = new FileStorage(root)) {
            assertThat(mine.get("held/by/child")).containsExactly(1);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void open_afterTheHoldingProcessIsKilled_succeeds() throws Exception {
        Path root = tmp.resolve("data");
        Process holder = new ProcessBuilder(FileStorageChild.javaCommand("hold", root.toString()))
                .redirectErrorStream(true).start();
        try {
            awaitLine(holder, "LOCKED ");
            assertThatThrownBy(() -> new FileStorage(root)).hasMessageContaining("another Strongroom process");
        } finally {
            holder.destroyForcibly(); // SIGKILL: no close(), the OS drops the lock
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        try (FileStorage mine = new FileStorage(root)) {
            assertThat(mine.get("held/by/child")).containsExactly(1);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void refusedSecondInstanceInThisJvm_doesNotDropTheFirstOnesLock_forOtherProcesses() throws Exception {
        Path root = tmp.resolve("data");
        try (FileStorage first = new FileStorage(root)) {
            assertThatThrownBy(() -> new FileStorage(root)).isInstanceOf(StorageException.class);
            Process other = new ProcessBuilder(FileStorageChild.javaCommand("try", root.toString()))
                    .redirectErrorStream(true).start();
            try {
                String answer = awaitLine(other, "");
                assertThat(answer).isEqualTo("REFUSED storage folder " + root + " is in use by another Strongroom "
                        + "process (pid " + ProcessHandle.current().pid() + "): two servers on one file storage "
                        + "folder would corrupt it. Stop the other server, or give this one its own storage "
                        + "\"file\" path.");
                assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                other.destroyForcibly();
            }
        }
    }

    @Test
    void lockFile_isNeverListed_andIsNotAKey() {
        try (FileStorage storage = new FileStorage(tmp.resolve("data"))) {
            assertThat(storage.root().resolve(FileStorage.LOCK_FILE)).exists();
            assertThat(storage.list("")).isEmpty();
            storage.put(".lock/x", new byte[] {1}); // a key segment named like the lock file is escaped
            storage.put("lock", new byte[] {2});
            assertThat(storage.list("")).containsExactly(".lock/", "lock");
            assertThat(storage.get("lock")).containsExactly(2);
        }
    }

    @Test
    void close_thenAnyOperation_failsClearly_closeIsIdempotent() {
        Path root = tmp.resolve("data");
        FileStorage storage = new FileStorage(root);
        storage.close();
        storage.close();
        assertThatThrownBy(() -> storage.put("k", new byte[0])).isInstanceOf(StorageException.class)
                .hasMessage("file storage at " + root + " is closed");
        assertThatThrownBy(() -> storage.get("k")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.delete("k")).isInstanceOf(StorageException.class);
    }

    /** The first line of the child's output that starts with {@code prefix}; fails if it exits first. */
    private static String awaitLine(Process child, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child exited without printing '" + prefix + "'; output:\n" + seen);
    }
}
