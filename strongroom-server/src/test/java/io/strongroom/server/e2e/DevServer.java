package io.strongroom.server.e2e;

import io.strongroom.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code strongroom server -dev} as a child process on a free port, ready when it returns: unsealed, KV v2 at
 * {@code secret/}, and the chosen root token created. Dev mode creates that token just after the unseal that makes
 * {@code sys/health} answer 200, so readiness waits for the banner line that follows it.
 */
final class DevServer implements AutoCloseable {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String addr;
    final Path log;
    final Process process;

    private DevServer(String addr, Path log, Process process) {
        this.addr = addr;
        this.log = log;
        this.process = process;
    }

    /** Starts one and waits (at most 60 s) until it serves with {@code rootToken}. */
    static DevServer start(Path dir, String rootToken) throws IOException, InterruptedException {
        int port = FreePorts.pick();
        Path log = dir.resolve("dev-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                "io.strongroom.server.Main", "server", "-dev", "-dev-listen-address=127.0.0.1:" + port,
                "-dev-root-token-id=" + rootToken).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("AWS_"));
        DevServer server = new DevServer("http://127.0.0.1:" + port, log, pb.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !(server.health() == 200 && server.log().contains("Root Token:"))) {
            if (!server.process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        if (server.health() != 200 || !server.log().contains("Root Token:")) {
            String text = server.log();
            server.close();
            throw new IllegalStateException("the dev server did not become ready within 60 s:\n" + text);
        }
        return server;
    }

    /** The status of {@code GET /v1/sys/health}, or -1 when nothing answers. */
    int health() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(addr + "/v1/sys/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
