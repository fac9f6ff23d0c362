package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dev server process with a file audit device: after the log is rotated (renamed, a new file put in its place)
 * SIGHUP makes the server write to the new file (vault-compat: dataplane spec 6.2).
 */
class AuditReopenEndToEndTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("X-Vault-Token", "dev-root")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void sighup_afterLogRotation_entriesGoToTheNewFile() throws Exception {
        try (DevServer server = DevServer.start(dir, "dev-root")) {
            String addr = server.addr;
            Path log = server.log;
            Path audit = dir.resolve("audit.log");
            String enable = "{\"type\":\"file\",\"options\":{\"file_path\":\"" + audit + "\"}}";
            assertThat(send("PUT", addr + "/v1/sys/audit/file", enable)).as(server.log()).isEqualTo(204);
            assertThat(send("GET", addr + "/v1/secret/data/before", null)).isEqualTo(404);
            Path rotated = dir.resolve("audit.log.1");
            Files.move(audit, rotated);
            Files.createFile(audit); // exists: only a reopen moves the device to it

            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start();
            assertThat(hup.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(hup.exitValue()).isZero();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < until && !Files.readString(log).contains("reopening audit devices")) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).contains("reopening audit devices");
            assertThat(send("GET", addr + "/v1/secret/data/after", null)).isEqualTo(404);

            assertThat(Files.readString(rotated)).contains("secret/data/before").doesNotContain("secret/data/after");
            assertThat(Files.readString(audit)).contains("secret/data/after").doesNotContain("secret/data/before");
            assertThat(server.process.isAlive()).isTrue();
        }
    }
}
