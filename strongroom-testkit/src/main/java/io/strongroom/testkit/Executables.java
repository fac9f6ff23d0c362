package io.strongroom.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds external programs the harnesses start, on PATH and in extra directories. Stateless, thread-safe. */
final class Executables {

    private Executables() {}

    /** The first executable named {@code name} on PATH, then in {@code extraDirs} in order. */
    static Optional<Path> find(String name, List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.addAll(extraDirs);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The last {@code maxChars} characters of a log file, for error messages; never throws. */
    static String tail(Path log, int maxChars) {
        try {
            String text = Files.readString(log);
            return text.length() <= maxChars ? text : "..." + text.substring(text.length() - maxChars);
        } catch (Exception e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }

    /** Kills a process and all its descendants: polite first, then forcibly. */
    static void killTree(Process process, long graceMillis) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // descendants may have been re-parented when the parent died: kill what is left of them
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * Removes a shutdown hook registered to stop a child process, once the process was stopped by hand. During
     * JVM shutdown the hook may already be running; it then stops the process itself, and stopping twice is
     * harmless for every caller here.
     */
    static void removeShutdownHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or is about to run) and stops the process itself
        }
    }
}
