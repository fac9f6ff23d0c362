package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.tls.TestPki;
import io.strongroom.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server process with a TLS listener: SIGHUP makes it serve the certificate now on disk (spec 7). */
class TlsReloadEndToEndTest {

    @TempDir
    Path dir;

    /**
     * The subject of the certificate the server presents to a new connection, or null while nothing answers. A
     * fresh client each time: a kept-alive connection keeps the certificate of its handshake.
     */
    private static String subject(TestPki pki, URI uri) {
        try {
            HttpClient client = pki.client(pki.caCert, false);
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        } catch (Exception notYet) {
            return null;
        }
    }

    private static String awaitSubject(TestPki pki, URI uri, String expected, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String seen = subject(pki, uri);
        while (!expected.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = subject(pki, uri);
        }
        return seen;
    }

    @Test
    void sighup_certificateSwappedOnDisk_servesNewCertificate() throws Exception {
        TestPki pki = TestPki.create(dir);
        Path cert = dir.resolve("live-cert.pem");
        Path key = dir.resolve("live-key.pem");
        Files.copy(pki.serverCert, cert);
        Files.copy(pki.serverKey, key);
        int port = FreePorts.pick();
        Path config = dir.resolve("server.hcl");
        Files.writeString(config, "storage \"inmem\" {}\nlistener \"tcp\" {\n  address = \"127.0.0.1:" + port
                + "\"\n  tls_cert_file = \"" + cert + "\"\n  tls_key_file = \"" + key + "\"\n}\n");
        Path log = dir.resolve("server.log");
        URI uri = URI.create("https://localhost:" + port + "/v1/sys/seal-status");
        try (ServerProcess server = ServerProcess.start(config, log, uri, Map.of())) {
            assertThat(awaitSubject(pki, uri, "CN=localhost", 60)).as(() -> read(log)).isEqualTo("CN=localhost");

            Files.copy(pki.server2Cert, cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(pki.server2Key, key, StandardCopyOption.REPLACE_EXISTING);
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start();
            assertThat(hup.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(hup.exitValue()).isZero();

            assertThat(awaitSubject(pki, uri, "CN=swapped", 20)).as(() -> read(log))
                    .isEqualTo("CN=swapped");
            assertThat(read(log)).contains("TLS certificates reloaded");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
