package io.strongroom.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of the unpacked distribution as a child process, with a chosen folder and environment. */
final class Launch {

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Launch() {}

    /** A process builder with a clean environment: no VAULT_ or AWS_ variables of the machine, HOME as given. */
    static ProcessBuilder builder(Path cwd, Path home, Map<String, String> env, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("AWS_")
                || k.startsWith("STRONGROOM_") || k.equals("JAVA_HOME") || k.equals("XDG_CACHE_HOME"));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs to completion (at most {@code seconds}) and returns exit code and output. */
    static Result run(Path cwd, Path home, Map<String, String> env, int seconds, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("launch", ".out");
        Path err = Files.createTempFile("launch", ".err");
        try {
            Process p = builder(cwd, home, env, List.of(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
