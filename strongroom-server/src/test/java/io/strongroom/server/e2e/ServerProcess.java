package io.strongroom.server.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Strongroom server as a real child process ({@code java -cp <test class path> io.strongroom.server.Main server
 * -config=...}), its stdout and stderr captured to a file, stopped with SIGTERM like an operator would.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final Path log;
    private final URI address;

    private ServerProcess(Process process, Path log, URI address) {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    static ServerProcess start(Path config, Path log, URI address, Map<String, String> extraEnv) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.strongroom.server.Main", "server", "-config=" + config));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // a clean AWS environment: nothing from the machine running the tests may leak in
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().putAll(extraEnv);
        return new ServerProcess(pb.start(), log, address);
    }

    long pid() {
        return process.pid();
    }

    URI address() {
        return address;
    }

    /** The HTTP status of GET /v1/sys/health, or -1 when nothing answers. */
    int health() {
        try {
            return HTTP.send(HttpRequest.newBuilder(address.resolve("/v1/sys/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until sys/health answers {@code code}; returns the time it took. */
    Duration awaitHealth(int code, Duration max) throws IOException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + " while waiting for health "
                        + code + "; log:\n" + log());
            }
            last = health();
            if (last == code) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleep(50);
        }
        throw new AssertionError("sys/health did not answer " + code + " within " + max + " (last " + last + "); log:\n" + log());
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit by itself (a failed start); returns its exit code. */
    int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server did not exit within " + max);
        }
        return process.exitValue();
    }

    /** SIGTERM, as an operator or a service manager stops it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("server did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
