package io.strongroom.server.http;

import io.strongroom.base.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an in-memory key store from Vault's {@code tls_cert_file} / {@code tls_key_file} PEM pair.
 *
 * <p>Supported: a certificate file with the leaf first, then any chain; an unencrypted PKCS#8 key
 * ({@code -----BEGIN PRIVATE KEY-----}) of type RSA, EC or Ed25519. PKCS#1 ({@code BEGIN RSA PRIVATE KEY}),
 * SEC1 ({@code BEGIN EC PRIVATE KEY}) and encrypted keys are refused with the openssl command that converts
 * them: parsing them needs ASN.1 code the JDK does not offer.
 */
final class PemKeyStore {

    /** The key store password: the store lives in memory only, so it protects nothing. */
    static final char[] PASSWORD = "strongroom".toCharArray();

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {}

    static KeyStore load(String certFile, String keyFile) {
        if (certFile == null || keyFile == null) {
            throw new ConfigException(
                    "listener: tls_cert_file and tls_key_file are required unless tls_disable = true");
        }
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(certFile))));
            if (chain.isEmpty()) {
                throw new ConfigException("listener: tls_cert_file " + certFile + " holds no certificate");
            }
            PrivateKey key = readKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, PASSWORD, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException e) {
            throw new ConfigException("listener: cannot read TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("listener: invalid TLS certificate or key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(String keyFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new ConfigException("listener: tls_key_file " + keyFile + " is not an unencrypted PKCS#8 PEM key"
                    + " (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        try {
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one; the DER does not say its algorithm in a way KeyFactory reads
                }
            }
            throw new ConfigException("listener: tls_key_file " + keyFile + " is not an RSA, EC or Ed25519 key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
