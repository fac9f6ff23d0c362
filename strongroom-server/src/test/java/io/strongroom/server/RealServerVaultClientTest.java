package io.strongroom.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.SealResponse;
import io.strongroom.core.lifecycle.InitRequest;
import io.strongroom.core.lifecycle.InitResult;
import io.strongroom.server.config.ServerConfigLoader;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.MotoServer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vault-compat: the real vault-java-driver against a real Strongroom server (config loaded from HCL, awskms seal on
 * moto through the AWS SDK, file storage): seal status, health, seal and unseal with recovery key shares.
 */
@SuppressWarnings("deprecation") // Vault#seal() is the entry point most existing code uses
class RealServerVaultClientTest {

    @Test
    void vaultJavaDriver_statusHealthSealAndRecoveryUnseal() throws Exception {
        MotoServer moto = MotoServer.shared();
        String key = moto.createKey();
        int port = FreePorts.pick();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strongroom-driver");
        var config = ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("server.hcl", """
                storage "file" { path = "%s" }
                listener "tcp" {
                  address = "127.0.0.1:%d"
                  tls_disable = true
                }
                seal "awskms" {
                  region = "us-east-1"
                  access_key = "a"
                  secret_key = "b"
                  kms_key_id = "%s"
                  endpoint = "%s"
                }
                """.formatted(dir.resolve("data"), port, key, moto.endpoint()))), false);
        try (StrongroomServer server = StrongroomServer.start(config, Map.of("AWS_EC2_METADATA_DISABLED", "true"), null)) {
            InitResult init = server.lifecycle().initialize(new InitRequest(null, null, 3, 2, null, null, null));
            Vault vault = Vault.create(new VaultConfig().address("http://127.0.0.1:" + port).token(init.rootToken())
                    .engineVersion(1).openTimeout(5).readTimeout(30).build());

            SealResponse status = vault.seal().sealStatus();
            assertThat(status.getSealed()).isFalse();
            assertThat(status.getThreshold()).isEqualTo(2L);
            assertThat(status.getNumberOfShares()).isEqualTo(3L);
            HealthResponse health = vault.debug().health();
            assertThat(health.getRestResponse().getStatus()).isEqualTo(200);
            assertThat(health.getInitialized()).isTrue();

            vault.seal().seal();
            assertThat(vault.seal().sealStatus().getSealed()).isTrue();
            assertThat(vault.debug().health().getRestResponse().getStatus()).isEqualTo(503);

            SealResponse first = vault.seal().unseal(HexFormat.of().formatHex(init.recoveryKeys().get(0)));
            assertThat(first.getSealed()).isTrue();
            assertThat(first.getProgress()).isEqualTo(1L);
            SealResponse second = vault.seal().unseal(java.util.Base64.getEncoder().encodeToString(init.recoveryKeys().get(2)));
            assertThat(second.getSealed()).isFalse();
            assertThat(vault.debug().health().getRestResponse().getStatus()).isEqualTo(200);
        }
    }
}
