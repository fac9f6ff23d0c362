package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.server.tls.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's TLS options (spec 7): versions, cipher suites, client certificates, key forms, reload. */
class TlsOptionsTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(dir);
    }

    private static ListenerSettings settings(Path cert, Path key, String min, String max, List<String> suites,
            boolean require, boolean disableClientCerts) {
        return new ListenerSettings("127.0.0.1:0", false, cert.toString(), key.toString(), min, max, suites,
                pki.caCert.toString(), require, disableClientCerts);
    }

    private static ApiServer start(ListenerSettings settings) throws Exception {
        ApiServer server = new ApiServer(FakeLifecycle.awsKms(), Clock.systemUTC(), List.of(settings), Duration.ZERO);
        server.start();
        return server;
    }

    private static HttpResponse<String> get(HttpClient client, ApiServer server) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port(0) + "/v1/sys/init"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String servedSubject(ApiServer server) throws Exception {
        HttpResponse<String> r = get(pki.client(pki.caCert, false), server);
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName();
    }

    @Test
    void requireClientCert_noClientCert_handshakeFails() throws Exception {
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, null, null, true, false))) {
            assertThatThrownBy(() -> get(pki.client(pki.caCert, false), server)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void requireClientCert_clientCertFromCa_answers200() throws Exception {
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, null, null, true, false))) {
            assertThat(get(pki.client(pki.caCert, true), server).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void defaults_noClientCert_answers200() throws Exception {
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, null, null, false, false))) {
            assertThat(get(pki.client(pki.caCert, false), server).statusCode()).isEqualTo(200);
            assertThat(get(pki.client(pki.caCert, true), server).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void defaults_tls11_neverOffered() throws Exception {
        ListenerSettings defaults = settings(pki.serverCert, pki.serverKey, null, null, null, false, false);
        assertThat(ApiServer.protocols(defaults)).containsExactly("TLSv1.3", "TLSv1.2");
        try (ApiServer server = start(defaults)) {
            assertThatThrownBy(() -> get(pki.client(pki.caCert, false, "TLSv1.1"), server))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void maxVersionTls12_tls13OnlyClient_refused() throws Exception {
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, "tls12", null, false, false))) {
            assertThat(get(pki.client(pki.caCert, false, "TLSv1.2"), server).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(pki.client(pki.caCert, false, "TLSv1.3"), server))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void maxVersionBelowMin_isConfigError() {
        assertThatThrownBy(() -> ApiServer.protocols(
                settings(pki.serverCert, pki.serverKey, "tls13", "tls12", null, false, false)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls_max_version");
    }

    @Test
    void cipherSuites_oneSuite_isTheOneNegotiatedOnTls12() throws Exception {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, null, List.of(suite), false,
                false))) {
            HttpResponse<String> r = get(pki.client(pki.caCert, false, "TLSv1.2"), server);
            assertThat(r.sslSession().orElseThrow().getCipherSuite()).isEqualTo(suite);
        }
    }

    @Test
    void cipherSuites_cbcSuiteJettyExcludesByDefault_isHonoured() throws Exception {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, null, List.of(suite), false,
                false))) {
            HttpResponse<String> r = get(pki.client(pki.caCert, false, "TLSv1.2"), server);
            assertThat(r.sslSession().orElseThrow().getCipherSuite()).isEqualTo(suite);
        }
    }

    @Test
    void pkcs1RsaKey_pemPair_servesHttps() throws Exception {
        assertThat(Files.readString(pki.server2Key)).contains("BEGIN RSA PRIVATE KEY");
        try (ApiServer server = start(settings(pki.server2Cert, pki.server2Key, null, null, null, false, false))) {
            assertThat(servedSubject(server)).isEqualTo("CN=swapped");
        }
    }

    @Test
    void sec1EcKey_pemPair_servesHttps() throws Exception {
        assertThat(Files.readString(pki.serverKey)).contains("BEGIN EC PRIVATE KEY");
        try (ApiServer server = start(settings(pki.serverCert, pki.serverKey, null, null, null, false, false))) {
            assertThat(servedSubject(server)).isEqualTo("CN=localhost");
        }
    }

    @Test
    void mismatchedKey_isConfigErrorNamingTheFiles() {
        assertThatThrownBy(() -> PemKeyStore.load(pki.serverCert.toString(), pki.server2Key.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_key_file " + pki.server2Key + " does not match")
                .hasMessageContaining(pki.serverCert.toString());
    }

    @Test
    void brokenCertificate_isConfigErrorNamingTheFile() throws Exception {
        Path broken = dir.resolve("broken-cert.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemKeyStore.load(broken.toString(), pki.serverKey.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls_cert_file " + broken);
    }

    @Test
    void brokenKey_isConfigErrorNamingTheFile() throws Exception {
        Path broken = dir.resolve("broken-key.pem");
        Files.writeString(broken, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemKeyStore.load(pki.serverCert.toString(), broken.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls_key_file " + broken);
    }

    @Test
    void missingKeyFile_isConfigErrorNamingTheFile() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> PemKeyStore.load(pki.serverCert.toString(), missing.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls_key_file " + missing);
    }

    @Test
    void reloadTls_swappedFiles_newHandshakesGetNewCertificate() throws Exception {
        Path cert = dir.resolve("live-cert.pem");
        Path key = dir.resolve("live-key.pem");
        Files.copy(pki.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        try (ApiServer server = start(settings(cert, key, null, null, null, false, false))) {
            assertThat(servedSubject(server)).isEqualTo("CN=localhost");
            Files.copy(pki.server2Cert, cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(pki.server2Key, key, StandardCopyOption.REPLACE_EXISTING);
            assertThat(server.reloadTls()).isEmpty();
            assertThat(servedSubject(server)).isEqualTo("CN=swapped");
        }
    }

    @Test
    void reloadTls_brokenNewKey_keepsOldCertificateAndReportsFile() throws Exception {
        Path cert = dir.resolve("keep-cert.pem");
        Path key = dir.resolve("keep-key.pem");
        Files.copy(pki.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        try (ApiServer server = start(settings(cert, key, null, null, null, false, false))) {
            Files.copy(pki.server2Cert, cert, StandardCopyOption.REPLACE_EXISTING);
            assertThat(server.reloadTls()).singleElement().asString().contains(key.toString());
            assertThat(servedSubject(server)).isEqualTo("CN=localhost");
        }
    }
}
