package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.server.StrongroomServer;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.StorageConfig;
import io.strongroom.server.http.ListenerSettings;
import io.strongroom.server.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and a Vault client library against a TLS listener that requires client certificates (spec 7):
 * VAULT_CACERT / VAULT_CAPATH / VAULT_CLIENT_CERT / VAULT_CLIENT_KEY / VAULT_SKIP_VERIFY / VAULT_TLS_SERVER_NAME
 * and their flags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTlsTest {

    @TempDir
    static Path dir;
    TestPki pki;
    StrongroomServer server;
    String root;
    String addr;

    @BeforeAll
    void start() throws Exception {
        pki = TestPki.create(dir);
        ServerConfig config = new ServerConfig(Optional.of(new StorageConfig.Inmem()), List.of(), List.of(), null,
                null, null, null, null, null, null, null, false, null, List.of());
        server = StrongroomServer.start(config, Map.of(), List.of(new ListenerSettings("127.0.0.1:0", false,
                pki.serverCert.toString(), pki.serverKey.toString(), null, null, List.of(), pki.caCert.toString(),
                true, false)));
        InitResult init = server.lifecycle().initialize(new InitRequest(1, 1, null, null, null, null, null));
        server.lifecycle().submitKeyShare(init.keys().get(0));
        root = init.rootToken();
        server.dataPlane().mounts().enable("secret/", "kv", "kv", Map.of("version", "2"), 0, 0);
        addr = "https://localhost:" + server.port(0);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A CLI with the root token, the CA and the client certificate in the environment. */
    private CliRunner trusted() {
        CliRunner cli = new CliRunner(addr);
        cli.env.put("HOME", dir.toString());
        cli.env.put("VAULT_TOKEN", root);
        cli.env.put("VAULT_CACERT", pki.caCert.toString());
        cli.env.put("VAULT_CLIENT_CERT", pki.clientCert.toString());
        cli.env.put("VAULT_CLIENT_KEY", pki.clientKey.toString());
        return cli;
    }

    @Test
    void status_vaultCacertAndClientCert_succeeds() {
        CliRunner.Result r = trusted().run("status");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Sealed").contains("false");
    }

    @Test
    void kvPutAndGet_vaultCacert_roundTrip() {
        CliRunner cli = trusted();
        assertThat(cli.run("kv", "put", "secret/app", "pw=s3cret").code()).isZero();
        CliRunner.Result r = cli.run("kv", "get", "-field=pw", "secret/app");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo("s3cret");
    }

    @Test
    void status_noCaCert_failsNamingTheOption() {
        CliRunner cli = trusted();
        cli.env.remove("VAULT_CACERT");
        CliRunner.Result r = cli.run("status");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("certificate signed by unknown authority").contains("-ca-cert")
                .contains("VAULT_CACERT");
    }

    @Test
    void status_otherCa_fails() {
        CliRunner cli = trusted();
        CliRunner.Result r = cli.run("status", "-ca-cert=" + pki.otherCaCert);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("-ca-cert");
    }

    @Test
    void status_caPathFlag_succeeds() throws Exception {
        Path cas = Files.createDirectory(dir.resolve("cas"));
        Files.copy(pki.caCert, cas.resolve("ca.pem"));
        CliRunner cli = trusted();
        cli.env.remove("VAULT_CACERT");
        CliRunner.Result r = cli.run("status", "-ca-path=" + cas);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void status_noClientCert_handshakeRefused() {
        CliRunner cli = trusted();
        cli.env.remove("VAULT_CLIENT_CERT");
        cli.env.remove("VAULT_CLIENT_KEY");
        CliRunner.Result r = cli.run("status");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("TLS failure");
    }

    @Test
    void status_clientCertFlags_succeed() {
        CliRunner cli = trusted();
        cli.env.remove("VAULT_CLIENT_CERT");
        cli.env.remove("VAULT_CLIENT_KEY");
        CliRunner.Result r = cli.run("status", "-client-cert=" + pki.clientCert, "-client-key=" + pki.clientKey);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void status_skipVerify_succeedsWithWarning() {
        CliRunner cli = trusted();
        cli.env.remove("VAULT_CACERT");
        cli.env.put("VAULT_SKIP_VERIFY", "true");
        CliRunner.Result r = cli.run("status");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("WARNING: TLS certificate verification is disabled");
    }

    @Test
    void status_tlsServerName_checksThatName() {
        CliRunner cli = trusted();
        cli.env.put("VAULT_ADDR", "https://127.0.0.1:" + server.port(0));
        assertThat(cli.run("status", "-tls-server-name=localhost").code()).isZero();
        CliRunner.Result wrong = cli.run("status", "-tls-server-name=elsewhere.example");
        assertThat(wrong.code()).isNotZero();
        assertThat(wrong.err()).contains("not valid for elsewhere.example");
    }

    @Test
    void clientKeyWithoutCert_isUsageError() {
        CliRunner cli = trusted();
        cli.env.remove("VAULT_CLIENT_CERT");
        CliRunner.Result r = cli.run("status");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("must be given together");
    }

    private Vault driver(boolean withCa) throws Exception {
        SslConfig ssl = new SslConfig().clientPemFile(pki.clientCert.toFile())
                .clientKeyPemFile(pki.clientKey.toFile());
        if (withCa) {
            ssl = ssl.pemFile(pki.caCert.toFile());
        }
        return Vault.create(new VaultConfig().address(addr).token(root).engineVersion(2)
                .sslConfig(ssl.build()).openTimeout(5).readTimeout(10).build());
    }

    @Test
    void vaultJavaDriver_caPem_readsSecret() throws Exception {
        assertThat(trusted().run("kv", "put", "secret/driver", "k=v").code()).isZero();
        assertThat(driver(true).logical().read("secret/driver").getData()).containsEntry("k", "v");
    }

    @Test
    void vaultJavaDriver_withoutCa_fails() throws Exception {
        Vault vault = driver(false);
        assertThatThrownBy(() -> vault.logical().read("secret/driver"))
                .isInstanceOf(io.github.jopenlibs.vault.VaultException.class);
    }
}
