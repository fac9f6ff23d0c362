package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.strongroom.base.ConfigException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS listeners from a PEM pair made by openssl (skipped where openssl is missing). */
class TlsListenerTest {

    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void makeCertificate() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        int exit;
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                    "-days", "1", "-subj", "/CN=localhost").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            exit = p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException noOpenssl) {
            exit = -1;
        }
        assumeThat(exit).as("openssl available").isZero();
    }

    private static HttpClient client(String... protocols) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        SSLParameters params = new SSLParameters();
        params.setProtocols(protocols);
        return HttpClient.newBuilder().sslContext(ssl).sslParameters(params).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private static ApiServer start(String minVersion) throws Exception {
        ApiServer server = new ApiServer(FakeLifecycle.awsKms(), Clock.systemUTC(),
                List.of(new ListenerSettings("127.0.0.1:0", false, cert.toString(), key.toString(), minVersion)), Duration.ZERO);
        server.start();
        return server;
    }

    @Test
    void tlsListener_pemPair_servesHttps() throws Exception {
        try (ApiServer server = start(null)) {
            HttpResponse<String> r = client("TLSv1.2").send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port(0) + "/v1/sys/init")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"initialized\":false}");
        }
    }

    @Test
    void tlsListener_tls13Minimum_refusesTls12Client() throws Exception {
        try (ApiServer server = start("tls13")) {
            URI uri = URI.create("https://localhost:" + server.port(0) + "/v1/sys/init");
            assertThat(client("TLSv1.3").send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> client("TLSv1.2").send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void tlsListener_brokenPkcs1Key_refusedNamingTheFile() throws Exception {
        Path pkcs1 = dir.resolve("rsa.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new ApiServer(FakeLifecycle.awsKms(), Clock.systemUTC(),
                List.of(new ListenerSettings("127.0.0.1:0", false, cert.toString(), pkcs1.toString(), null))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls_key_file " + pkcs1);
    }

    @Test
    void tlsListener_unknownMinVersion_isConfigError() {
        assertThatThrownBy(() -> new ApiServer(FakeLifecycle.awsKms(), Clock.systemUTC(),
                List.of(new ListenerSettings("127.0.0.1:0", false, cert.toString(), key.toString(), "tls11"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls_min_version \"tls11\"");
    }

    @Test
    void listener_addressParsing() {
        assertThat(ListenerSettings.plain("127.0.0.1:8201").host()).isEqualTo("127.0.0.1");
        assertThat(ListenerSettings.plain("127.0.0.1:8201").port()).isEqualTo(8201);
        assertThat(ListenerSettings.plain("[::1]:0").host()).isEqualTo("::1");
        assertThat(ListenerSettings.plain(":8200").host()).isNull();
        assertThat(ListenerSettings.plain("localhost").port()).isEqualTo(8200);
        assertThatThrownBy(() -> ListenerSettings.plain("host:abc").port()).isInstanceOf(ConfigException.class);
    }
}
