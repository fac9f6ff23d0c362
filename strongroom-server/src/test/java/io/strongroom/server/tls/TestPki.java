package io.strongroom.server.tls;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA with server and client certificates, made by openssl into PEM files (tests are skipped where
 * openssl is missing). Keys come in the three PEM forms the server reads: the first server key is SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}), the second PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}), the client key PKCS#8 RSA.
 */
public final class TestPki {

    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path server2Cert;
    public final Path server2Key;
    public final Path clientCert;
    public final Path clientKey;
    public final Path otherCaCert;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey.toString());
        openssl("req", "-x509", "-new", "-key", caKey.toString(), "-subj", "/CN=Strongroom Test CA", "-days", "2",
                "-out", caCert.toString());
        otherCaCert = dir.resolve("other-ca.pem");
        Path otherKey = dir.resolve("other-ca-key.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey.toString());
        openssl("req", "-x509", "-new", "-key", otherKey.toString(), "-subj", "/CN=Other CA", "-days", "2",
                "-out", otherCaCert.toString());

        serverKey = dir.resolve("server-key.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", serverKey.toString());
        serverCert = sign("server", serverKey, caCert, caKey, "localhost");

        server2Key = dir.resolve("server2-key.pem");
        openssl("genrsa", "-traditional", "-out", server2Key.toString(), "2048");
        server2Cert = sign("server2", server2Key, caCert, caKey, "swapped");

        clientKey = dir.resolve("client-key.pem");
        // RSA: vault-java-driver reads client keys as RSA only
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", clientKey.toString());
        clientCert = sign("client", clientKey, caCert, caKey, "client");
    }

    /** Makes the files in {@code dir}; skips the calling test when openssl is missing. */
    public static TestPki create(Path dir) throws Exception {
        try {
            int exit = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor();
            assumeThat(exit).as("openssl available").isZero();
        } catch (IOException noOpenssl) {
            assumeThat(false).as("openssl available").isTrue();
        }
        return new TestPki(dir);
    }

    private Path sign(String name, Path key, Path ca, Path caKey, String cn) throws Exception {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Path cert = dir.resolve(name + ".pem");
        Files.writeString(ext, "subjectAltName=DNS:localhost,DNS:" + cn + ".test,IP:127.0.0.1\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + cn, "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-set_serial", String.valueOf(System.nanoTime()), "-days", "1", "-extfile", ext.toString(),
                "-out", cert.toString());
        return cert;
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** An HTTP/1.1 client trusting {@code ca}, presenting the client certificate when {@code withClientCert}. */
    public HttpClient client(Path ca, boolean withClientCert, String... protocols) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCert) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(io.strongroom.server.http.PemKeyStore.load(clientCert.toString(), clientKey.toString(), "c", "k"),
                    io.strongroom.server.http.PemKeyStore.PASSWORD);
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLParameters params = new SSLParameters();
        if (protocols.length > 0) {
            params.setProtocols(protocols);
        }
        return HttpClient.newBuilder().sslContext(ssl).sslParameters(params).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }
}
