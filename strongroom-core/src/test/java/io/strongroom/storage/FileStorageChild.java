package io.strongroom.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link FileStoragePermissionsTest} and {@link FileStorageLockTest}. Modes:
 * <ul>
 *   <li>{@code write <dir> <control-file>}: opens storage at {@code dir} (creating it), writes entries in nested
 *       folders, deletes one, and creates {@code control-file} with no explicit mode, so the parent can see which
 *       umask the child really ran under. Prints {@code DONE}.</li>
 *   <li>{@code hold <dir>}: opens storage at {@code dir}, prints {@code LOCKED <pid>}, and keeps it open until its
 *       standard input ends.</li>
 *   <li>{@code try <dir>}: tries to open storage at {@code dir}; prints {@code OPENED} or
 *       {@code REFUSED <message>}.</li>
 * </ul>
 */
public final class FileStorageChild {

    private FileStorageChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> {
                try (FileStorage storage = new FileStorage(dir)) {
                    storage.put("core/hsm/barrier-unseal-keys", new byte[] {1, 2, 3});
                    storage.put("core/keyring", new byte[] {4});
                    storage.put("logical/abc/secret/deep/er", new byte[] {5});
                    storage.put("_escaped/x", new byte[] {6});
                    storage.put("top", new byte[] {7});
                    storage.put("gone/soon", new byte[] {8});
                    storage.delete("gone/soon");
                }
                Files.createFile(Path.of(args[2]));
                System.out.println("DONE");
            }
            case "hold" -> {
                try (FileStorage storage = new FileStorage(dir)) {
                    storage.put("held/by/child", new byte[] {1});
                    System.out.println("LOCKED " + ProcessHandle.current().pid());
                    System.out.flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    while (in.readLine() != null) {
                        // wait for the parent to close our stdin
                    }
                }
            }
            case "try" -> {
                try (FileStorage storage = new FileStorage(dir)) {
                    System.out.println("OPENED");
                } catch (StorageException e) {
                    System.out.println("REFUSED " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }

    /** The command line that runs this class in a fresh JVM with the test classpath. */
    static List<String> javaCommand(String... args) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), FileStorageChild.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
