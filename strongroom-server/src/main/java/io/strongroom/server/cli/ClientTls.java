package io.strongroom.server.cli;

import io.strongroom.base.ConfigException;
import io.strongroom.server.http.PemKeyStore;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The CLI's TLS settings (Vault's {@code VAULT_CACERT}, {@code VAULT_CAPATH}, {@code VAULT_CLIENT_CERT},
 * {@code VAULT_CLIENT_KEY}, {@code VAULT_SKIP_VERIFY}, {@code VAULT_TLS_SERVER_NAME} and their flags) turned into
 * an {@link SSLContext} and {@link SSLParameters} for the JDK's HTTP client.
 *
 * @param caCert PEM file of trusted CAs, or null
 * @param caPath directory of PEM files of trusted CAs, or null
 * @param clientCert PEM client certificate, or null
 * @param clientKey PEM client key, or null
 * @param skipVerify true to accept any server certificate
 * @param serverName the name to send as SNI and to check the server's certificate against, or null for the host
 */
record ClientTls(String caCert, String caPath, String clientCert, String clientKey, boolean skipVerify,
        String serverName) {

    /** The context; a {@link UsageException} names the option whose file is broken. */
    SSLContext context() {
        try {
            KeyManagerFactory kmf = null;
            if (clientCert != null || clientKey != null) {
                if (clientCert == null || clientKey == null) {
                    throw new UsageException("-client-cert (VAULT_CLIENT_CERT) and -client-key (VAULT_CLIENT_KEY)"
                            + " must be given together");
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(PemKeyStore.load(clientCert, clientKey, "-client-cert", "-client-key"), PemKeyStore.PASSWORD);
            }
            TrustManager trust;
            if (skipVerify) {
                trust = new TrustAll();
            } else {
                X509TrustManager base = baseTrust();
                trust = serverName == null ? base : new NamedTrust(base, serverName);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {trust}, null);
            return ssl;
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageException("cannot set up TLS: " + e.getMessage());
        }
    }

    /** SNI for {@code -tls-server-name}; the JDK's defaults otherwise. */
    SSLParameters parameters() {
        SSLParameters params = new SSLParameters();
        if (serverName != null) {
            params.setServerNames(List.of(new SNIHostName(serverName)));
        }
        return params;
    }

    private X509TrustManager baseTrust() throws GeneralSecurityException {
        KeyStore store = null;
        if (caCert != null) {
            // vault-compat: VAULT_CACERT wins over VAULT_CAPATH, as in the Go client
            store = PemKeyStore.trustStore(caCert, "-ca-cert");
        } else if (caPath != null) {
            List<X509Certificate> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(Path.of(caPath))) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    all.addAll(PemKeyStore.certificates(f.toString(), "-ca-path"));
                }
            } catch (IOException e) {
                throw new UsageException("-ca-path " + caPath + ": cannot list the directory ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (all.isEmpty()) {
                throw new UsageException("-ca-path " + caPath + " holds no PEM certificate");
            }
            store = PemKeyStore.trustStore(all);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** A trust manager of the client side: it never judges client certificates. */
    private abstract static class ServerTrust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client side only");
        }
    }

    /** Checks the chain with the CAs, then the certificate's names against {@code -tls-server-name}. */
    private static final class NamedTrust extends ServerTrust {
        private final X509TrustManager base;
        private final String name;

        NamedTrust(X509TrustManager base, String name) {
            this.base = base;
            this.name = name.toLowerCase(Locale.ROOT);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            base.checkServerTrusted(chain, authType);
            List<String> names = new ArrayList<>();
            try {
                if (chain[0].getSubjectAlternativeNames() != null) {
                    chain[0].getSubjectAlternativeNames().forEach(san -> names.add(String.valueOf(san.get(1))));
                }
            } catch (CertificateParsingException e) {
                throw new CertificateException("cannot read the certificate's names", e);
            }
            for (String n : names) {
                String candidate = n.toLowerCase(Locale.ROOT);
                if (candidate.equals(name) || (candidate.startsWith("*.") && name.indexOf('.') > 0
                        && name.substring(name.indexOf('.')).equals(candidate.substring(1)))) {
                    return;
                }
            }
            throw new CertificateException("the server's certificate is not valid for " + name + " (it names "
                    + names + ")");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return base.getAcceptedIssuers();
        }
    }

    /** {@code -tls-skip-verify}: accepts any certificate for any name. */
    private static final class TrustAll extends ServerTrust {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // skip-verify: accepted on purpose
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // skip-verify: accepted on purpose
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // skip-verify: accepted on purpose
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
