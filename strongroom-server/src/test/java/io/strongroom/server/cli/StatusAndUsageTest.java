package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.server.http.FakeLifecycle;
import io.strongroom.server.http.HttpFixture;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class StatusAndUsageTest {

    // vault-compat: status exits 0 when unsealed
    @Test
    void status_autoSealUnsealed_exit0AndVaultTable() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            CliRunner.Result r = new CliRunner(f.address).run("status");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(String.join("\n",
                    "Key                      Value",
                    "---                      -----",
                    "Seal Type                awskms",
                    "Recovery Seal Type       shamir",
                    "Initialized              true",
                    "Sealed                   false",
                    "Total Recovery Shares    5",
                    "Threshold                3",
                    "Version                  0.1.0",
                    "Build Date               2026-01-01T00:00:00Z",
                    "Storage Type             inmem",
                    "Cluster Name             strongroom-cluster",
                    "Cluster ID               cluster-id-1",
                    "HA Enabled               false", ""));
        }
    }

    // vault-compat: status exits 2 when sealed
    @Test
    void status_shamirSealed_exit2WithProgressRows() throws Exception {
        FakeLifecycle lc = FakeLifecycle.shamir().unsealedWith5of3();
        lc.sealed = true;
        try (HttpFixture f = new HttpFixture(lc)) {
            CliRunner.Result r = new CliRunner(null).run("status", "-address=" + f.address);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).containsPattern("Seal Type\\s+shamir\n").containsPattern("Total Shares\\s+5\n")
                    .containsPattern("Unseal Progress\\s+0/3\n").containsPattern("Unseal Nonce\\s+n/a\n")
                    .doesNotContain("Recovery Seal Type").doesNotContain("HA Enabled");
        }
    }

    @Test
    void status_formatJson_parsesWithSealStatusFields() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            CliRunner.Result r = new CliRunner(f.address).run("status", "-format", "json");
            assertThat(r.code()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.get("type").asText()).isEqualTo("awskms");
            assertThat(json.get("recovery_seal").asBoolean()).isTrue();
            assertThat(json.get("n").asInt()).isEqualTo(5);
            assertThat(json.get("ha_enabled").asBoolean()).isFalse();
        }
    }

    @Test
    void status_vaultFormatEnv_selectsJson() throws Exception {
        try (HttpFixture f = new HttpFixture(FakeLifecycle.awsKms().unsealedWith5of3())) {
            CliRunner cli = new CliRunner(f.address);
            cli.env.put("VAULT_FORMAT", "json");
            assertThat(new ObjectMapper().readTree(cli.run("status").out()).get("sealed").asBoolean()).isFalse();
        }
    }

    // vault-compat: status exits 1 on error, and the message names the address
    @Test
    void status_serverDown_exit1NamingAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String address = "http://127.0.0.1:" + port;
        CliRunner.Result r = new CliRunner(address).run("status");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error checking seal status: ").contains("cannot reach " + address + ": connection refused");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void status_badFormat_exit1() {
        CliRunner.Result r = new CliRunner("http://127.0.0.1:1").run("status", "-format=yaml2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("invalid -format \"yaml2\"");
    }

    // vault-compat: usage errors exit 1
    @Test
    void unknownFlag_isUsageErrorExit1() {
        CliRunner.Result r = new CliRunner("http://127.0.0.1:1").run("status", "-bogus");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Unknown option").contains("-bogus").contains("Usage:");
    }

    @Test
    void unknownSubcommandOrNone_isUsageErrorExit1() {
        CliRunner cli = new CliRunner(null);
        assertThat(cli.run("frobnicate").code()).isEqualTo(1);
        assertThat(cli.run().code()).isEqualTo(1);
        assertThat(cli.run("operator").code()).isEqualTo(1);
    }

    @Test
    void server_flagsAndEnvReachRunner() {
        CliRunner cli = new CliRunner(null);
        cli.env.put("VAULT_DEV_ROOT_TOKEN_ID", "from-env");
        CliRunner.Result r = cli.run("server", "-config=/etc/a.hcl", "-config", "/etc/conf.d", "-log-level=DEBUG");
        assertThat(r.code()).as(r.err()).isZero();
        ServerOptions o = cli.serverCalls.get(0);
        assertThat(o.configPaths()).containsExactly("/etc/a.hcl", "/etc/conf.d");
        assertThat(o.dev()).isFalse();
        assertThat(o.devRootTokenId()).isEqualTo("from-env");
        assertThat(o.devListenAddress()).isEqualTo("127.0.0.1:8200");
        assertThat(o.logLevel()).isEqualTo("debug");
        assertThat(o.toString()).doesNotContain("from-env");
    }

    // vault-compat: -log-level > VAULT_LOG_LEVEL > the config's log_level > info
    @Test
    void server_logLevel_flagBeatsEnv_neitherLeavesItToTheConfig() {
        CliRunner cli = new CliRunner(null);
        cli.run("server", "-config=/etc/a.hcl");
        assertThat(cli.serverCalls.get(0).logLevel()).isNull();
        cli.env.put("VAULT_LOG_LEVEL", "WARNING");
        cli.run("server", "-config=/etc/a.hcl");
        assertThat(cli.serverCalls.get(1).logLevel()).isEqualTo("warn");
        cli.run("server", "-config=/etc/a.hcl", "-log-level=trace");
        assertThat(cli.serverCalls.get(2).logLevel()).isEqualTo("trace");
        assertThat(cli.run("server", "-config=/etc/a.hcl", "-log-level=loud").code()).isEqualTo(1);
    }

    @Test
    void server_devFlags() {
        CliRunner cli = new CliRunner(null);
        cli.run("server", "-dev", "-dev-root-token-id=root", "-dev-listen-address=127.0.0.1:0");
        ServerOptions o = cli.serverCalls.get(0);
        assertThat(o.dev()).isTrue();
        assertThat(o.devRootTokenId()).isEqualTo("root");
        assertThat(o.devListenAddress()).isEqualTo("127.0.0.1:0");
        assertThat(o.configPaths()).isEmpty();
    }

    // vault-compat: server needs -config or -dev; bad log level refused
    @Test
    void server_noConfigOrBadLogLevel_exit1WithoutRunning() {
        CliRunner cli = new CliRunner(null);
        CliRunner.Result r = cli.run("server");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("-config");
        assertThat(cli.run("server", "-dev", "-log-level=loud").code()).isEqualTo(1);
        assertThat(cli.serverCalls).isEmpty();
    }

    @Test
    void diagnose_configReachesDiagnoser() {
        CliRunner cli = new CliRunner(null);
        assertThat(cli.run("operator", "diagnose", "-config=/etc/s.hcl").code()).isZero();
        assertThat(cli.diagnoseCalls.get(0).configPaths()).containsExactly("/etc/s.hcl");
        assertThat(cli.run("operator", "diagnose").code()).isEqualTo(1);
    }
}
