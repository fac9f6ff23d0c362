package io.strongroom.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's TLS keys of spec 7: tls_max_version, tls_cipher_suites and the client certificate options. */
class ListenerTlsConfigTest {

    private static ListenerConfig listener(String body) {
        String text = "storage \"inmem\" {}\nlistener \"tcp\" {\n" + body + "}\n";
        return ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("config.hcl", text)), false)
                .listeners().get(0);
    }

    @Test
    void tlsKeys_allSet_parsedWithJsseSuiteNames() {
        ListenerConfig l = listener("""
                  tls_cert_file = "/c.pem"
                  tls_key_file = "/k.pem"
                  tls_max_version = "tls12"
                  tls_cipher_suites = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"
                  tls_client_ca_file = "/ca.pem"
                  tls_require_and_verify_client_cert = true
                """);
        assertThat(l.tlsMaxVersion()).isEqualTo("tls12");
        assertThat(l.tlsCipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(l.tlsClientCaFile()).isEqualTo("/ca.pem");
        assertThat(l.tlsRequireAndVerifyClientCert()).isTrue();
        assertThat(l.tlsDisableClientCerts()).isFalse();
    }

    @Test
    void tlsKeys_unset_vaultDefaults() {
        ListenerConfig l = listener("  tls_cert_file = \"/c.pem\"\n  tls_key_file = \"/k.pem\"\n");
        assertThat(l.tlsMaxVersion()).isNull();
        assertThat(l.tlsCipherSuites()).isEmpty();
        assertThat(l.tlsRequireAndVerifyClientCert()).isFalse();
        assertThat(l.tlsDisableClientCerts()).isFalse();
    }

    @Test
    void cipherSuites_unknownName_errorNamesFileLineAndKey() {
        assertThatThrownBy(() -> listener("  tls_disable = true\n"
                + "  tls_cipher_suites = \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_NO_SUCH_SUITE\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.hcl:4:")
                .hasMessageContaining("\"tls_cipher_suites\" in listener \"tcp\": entry 2 is not a supported")
                .hasMessageNotContaining("TLS_NO_SUCH_SUITE");
    }

    @Test
    void maxVersion_unknown_errorNamesFileLineAndKey() {
        assertThatThrownBy(() -> listener("  tls_disable = true\n  tls_max_version = \"tls11\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.hcl:4:")
                .hasMessageContaining("\"tls_max_version\"");
    }

    @Test
    void maxVersion_belowMin_isConfigError() {
        assertThatThrownBy(() -> listener("  tls_disable = true\n  tls_min_version = \"tls13\"\n"
                + "  tls_max_version = \"tls12\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lower than tls_min_version");
    }

    @Test
    void requireAndDisableClientCerts_together_isConfigError() {
        assertThatThrownBy(() -> listener("  tls_disable = true\n  tls_require_and_verify_client_cert = true\n"
                + "  tls_disable_client_certs = true\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mutually exclusive");
    }
}
