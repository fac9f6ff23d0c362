package io.strongroom.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL several times and checks that every value left behind is whole. This proves
 * the write path (temp file, force, atomic rename) against process crashes; power loss is not simulated.
 */
class FileStorageCrashTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sigkillDuringWrites_everyPresentValueIsWhole_noTempFilesListed() throws Exception {
        Path root = tmp.resolve("store");
        Random rnd = new Random();
        for (int round = 0; round < 4; round++) {
            Process child = startWriter(root, round);
            try {
                awaitReady(child);
                Thread.sleep(300 + rnd.nextInt(500));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }

        // A kill between creating and renaming a temp file leaves it behind; reopening must clean it up, and
        // listing (checked by name below) must never show it.
        long strayTemps;
        try (Stream<Path> all = Files.walk(root)) {
            strayTemps = all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count();
        }
        System.out.println("stray temp files after kills: " + strayTemps);

        FileStorage fresh = new FileStorage(root);
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (String folder : fresh.list("crash/")) {
            assertThat(folder).matches("d[0-7]/");
            for (String leaf : fresh.list("crash/" + folder)) {
                if (!leaf.matches("k\\d+")) {
                    problems.add("unexpected name " + leaf);
                    continue;
                }
                byte[] v = fresh.get("crash/" + folder + leaf);
                if (v == null || !StorageContract.isWhole(v)) {
                    problems.add("broken value crash/" + folder + leaf);
                }
                checked++;
            }
        }
        System.out.println("whole values checked: " + checked);
        assertThat(problems).isEmpty();
        assertThat(checked).as("values written before the kills").isPositive();
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith(".tmp-")))
                    .as("stale temp files are removed on open").isEmpty();
        }
    }

    private static Process startWriter(Path root, int seed) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                FileStorageCrashWriter.class.getName(), root.toString(), Integer.toString(seed));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("READY")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("writer JVM did not start writing; last output: " + line);
    }
}
