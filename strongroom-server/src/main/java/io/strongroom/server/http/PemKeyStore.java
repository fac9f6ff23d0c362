package io.strongroom.server.http;

import io.strongroom.base.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds in-memory key and trust stores from PEM files: Vault's {@code tls_cert_file} / {@code tls_key_file}
 * pair, {@code tls_client_ca_file}, and the CLI's {@code -ca-cert}, {@code -client-cert}, {@code -client-key}.
 *
 * <p>Keys: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519), PKCS#1 ({@code BEGIN RSA PRIVATE
 * KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}, named curves). The JDK reads only PKCS#8, so PKCS#1 and SEC1 are
 * wrapped into a PKCS#8 structure here: a few lines of DER (a SEQUENCE of the version, the algorithm identifier
 * and the original key as an OCTET STRING), far less than a BouncyCastle dependency. Encrypted keys are refused.
 * The key must match the certificate's public key, else start-up fails naming both files. Key bytes are zeroed
 * after use and never appear in messages.
 */
public final class PemKeyStore {

    /** The key store password: the store lives in memory only, so it protects nothing. */
    public static final char[] PASSWORD = "strongroom".toCharArray();

    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN (PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY|ENCRYPTED PRIVATE KEY)-----"
                    + "([A-Za-z0-9+/=\\s:,-]+?)-----END \\1-----");
    /** rsaEncryption, 1.2.840.113549.1.1.1, with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PemKeyStore() {}

    /** The listener's key store from {@code tls_cert_file} and {@code tls_key_file}. */
    static KeyStore load(String certFile, String keyFile) {
        if (certFile == null || keyFile == null) {
            throw new ConfigException(
                    "listener: tls_cert_file and tls_key_file are required unless tls_disable = true");
        }
        return load(certFile, keyFile, "tls_cert_file", "tls_key_file");
    }

    /**
     * A key store holding one entry: the key from {@code keyFile} with the chain from {@code certFile}.
     *
     * @param certLabel how the certificate file is named in errors ({@code tls_cert_file}, {@code -client-cert})
     * @param keyLabel how the key file is named in errors
     * @throws ConfigException naming the file that cannot be read, holds no certificate or key, or does not match
     */
    public static KeyStore load(String certFile, String keyFile, String certLabel, String keyLabel) {
        List<X509Certificate> chain = certificates(certFile, certLabel);
        PrivateKey key = readKey(keyFile, keyLabel);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new ConfigException(keyLabel + " " + keyFile + " does not match the certificate in " + certLabel
                    + " " + certFile + ": the private key is not the one of the certificate's public key");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, PASSWORD, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(certLabel + " " + certFile + ": cannot build the key store: " + e.getMessage(), e);
        }
    }

    /** A trust store of every certificate in the PEM file. */
    public static KeyStore trustStore(String caFile, String label) {
        return trustStore(certificates(caFile, label));
    }

    /** A trust store of the given certificates. */
    public static KeyStore trustStore(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM file, at least one. */
    public static List<X509Certificate> certificates(String file, String label) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new ConfigException(label + " " + file + ": cannot read the file (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        try {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            all.forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new ConfigException(label + " " + file + " holds no PEM certificate");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(label + " " + file + " is not a valid PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(String keyFile, String label) {
        String pem;
        try {
            pem = Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(label + " " + keyFile + ": cannot read the file (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        Matcher m = KEY.matcher(pem);
        if (!m.find()) {
            throw new ConfigException(label + " " + keyFile + " holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA"
                    + " PRIVATE KEY or BEGIN EC PRIVATE KEY)");
        }
        String type = m.group(1);
        if (type.equals("ENCRYPTED PRIVATE KEY") || m.group(2).contains("Proc-Type")) {
            throw new ConfigException(label + " " + keyFile + " is encrypted; decrypt it with: openssl pkcs8 -topk8"
                    + " -nocrypt -in OLD -out NEW");
        }
        byte[] der = null;
        byte[] pkcs8 = null;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).trim());
            pkcs8 = switch (type) {
                case "RSA PRIVATE KEY" -> sequence(hex("020100"), RSA_ALGORITHM, tlv(0x04, der));
                case "EC PRIVATE KEY" -> sequence(hex("020100"), sequence(EC_PUBLIC_KEY_OID, curveOid(der)),
                        tlv(0x04, der));
                default -> der.clone();
            };
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one; the DER does not say its algorithm in a way KeyFactory reads
                }
            }
            throw new ConfigException(label + " " + keyFile + " is not a valid RSA, EC or Ed25519 private key");
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new ConfigException(label + " " + keyFile + " is not a valid PEM private key", e);
        } finally {
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    /** True when {@code key} signs what {@code publicKey} verifies. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        try {
            byte[] probe = "strongroom key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The named-curve OID of a SEC1 {@code ECPrivateKey}: SEQUENCE { INTEGER 1, OCTET STRING key,
     * [0] OID parameters OPTIONAL, [1] BIT STRING publicKey OPTIONAL }.
     */
    private static byte[] curveOid(byte[] sec1) {
        int[] outer = header(sec1, 0);
        if (sec1[0] != 0x30) {
            throw new IllegalArgumentException("not a SEQUENCE");
        }
        int pos = outer[0];
        int end = outer[0] + outer[1];
        while (pos < end) {
            int[] h = header(sec1, pos);
            if ((sec1[pos] & 0xff) == 0xa0) {
                int[] oid = header(sec1, h[0]);
                if (sec1[h[0]] != 0x06) {
                    break;
                }
                return Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
            }
            pos = h[0] + h[1];
        }
        throw new IllegalArgumentException("EC private key without a named curve");
    }

    /** {content offset, content length} of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos) {
        int len = der[pos + 1] & 0xff;
        int offset = pos + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[offset + i] & 0xff);
            }
            offset += n;
        }
        if (offset + len > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new int[] {offset, len};
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
