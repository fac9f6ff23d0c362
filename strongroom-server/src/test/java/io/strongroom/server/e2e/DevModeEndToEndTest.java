package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strongroom server -dev} and the CLI as separate processes, as a user runs them: in memory, initialized
 * and unsealed, the chosen root token works, and {@code strongroom status} exits 0 unsealed, 2 sealed, 1 when
 * nothing answers (vault-compat: Vault's dev mode and status exit codes).
 */
class DevModeEndToEndTest {

    @TempDir
    Path dir;

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Process cli(Path log, String addr, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                "io.strongroom.server.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("AWS_"));
        pb.environment().put("VAULT_ADDR", addr);
        return pb.start();
    }

    private int run(String addr, String... args) throws Exception {
        Process p = cli(dir.resolve("cli-" + System.nanoTime() + ".log"), addr, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void devServer_unsealedWithChosenRootToken_statusExitCodesFollowSealState() throws Exception {
        int port = FreePorts.pick();
        String addr = "http://127.0.0.1:" + port;
        Path log = dir.resolve("dev.log");
        Process server = cli(log, addr, "server", "-dev", "-dev-listen-address=127.0.0.1:" + port,
                "-dev-root-token-id=dev-root");
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int health = -1;
            while (System.nanoTime() < deadline && health != 200) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create(addr + "/v1/sys/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).as(Files.readString(log)).isEqualTo(200);
            // the banner is printed after the unseal: wait for it, bounded (a fixed pause was too short on a busy machine)
            long bannerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < bannerDeadline && !Files.readString(log).contains("Root Token: ")) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).contains("dev mode is enabled").contains("Root Token: dev-root")
                    .contains("Unseal Key: ").contains("Storage: inmem");

            assertThat(run(addr, "status")).isZero();
            // vault-compat: -dev serves the web UI, and / redirects to it
            HttpResponse<Void> root = http.send(HttpRequest.newBuilder(URI.create(addr + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(root.statusCode()).isEqualTo(307);
            assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
            HttpResponse<String> seal = http.send(HttpRequest.newBuilder(URI.create(addr + "/v1/sys/seal"))
                    .header("X-Vault-Token", "dev-root").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(seal.statusCode()).isEqualTo(204);
            assertThat(run(addr, "status")).isEqualTo(2);
        } finally {
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.exitValue()).isZero();
        assertThat(run("http://127.0.0.1:" + FreePorts.pick(), "status")).isEqualTo(1);
    }
}
