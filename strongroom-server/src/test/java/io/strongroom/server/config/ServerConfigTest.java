package io.strongroom.server.config;

import io.strongroom.awskms.AwsKmsSealConfig;
import io.strongroom.hcl.Pos;
import io.strongroom.server.config.ServerConfigLoader.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {

    private static final String FULL_HCL = """
            # a full Vault-style config
            storage "file" {
              path = "/var/lib/strongroom"
            }

            listener "tcp" {
              address     = "0.0.0.0:8200"
              tls_disable = "true"   // vault-compat: lenient bool
            }

            listener "tcp" {
              address         = "127.0.0.1:8201"
              tls_cert_file   = "/etc/sr/cert.pem"
              tls_key_file    = "/etc/sr/key.pem"
              tls_min_version = "tls13"
            }

            seal "awskms" {
              region     = "eu-west-1"
              kms_key_id = "alias/strongroom"
            }

            api_addr          = "https://sr.example.com:8200"
            cluster_addr      = "https://sr.example.com:8201"
            cluster_name      = "prod"
            log_level         = "Info"
            log_format        = "json"
            default_lease_ttl = "768h"
            max_lease_ttl     = 86400
            ui                = true
            disable_mlock     = true
            pid_file          = "/run/sr.pid"
            """;

    private static final String FULL_JSON = """
            {
              "storage": {"file": {"path": "/var/lib/strongroom"}},
              "listener": [
                {"tcp": {"address": "0.0.0.0:8200", "tls_disable": "true"}},
                {"tcp": {"address": "127.0.0.1:8201", "tls_cert_file": "/etc/sr/cert.pem",
                         "tls_key_file": "/etc/sr/key.pem", "tls_min_version": "tls13"}}
              ],
              "seal": {"awskms": {"region": "eu-west-1", "kms_key_id": "alias/strongroom"}},
              "api_addr": "https://sr.example.com:8200",
              "cluster_addr": "https://sr.example.com:8201",
              "cluster_name": "prod",
              "log_level": "Info",
              "log_format": "json",
              "default_lease_ttl": "768h",
              "max_lease_ttl": 86400,
              "ui": true,
              "disable_mlock": true,
              "pid_file": "/run/sr.pid"
            }
            """;

    private static ServerConfig one(String name, String text) {
        return ServerConfigLoader.fromSources(List.of(new Source(name, text)), false);
    }

    @Test
    void load_fullHcl_everyField() {
        ServerConfig c = one("config.hcl", FULL_HCL);

        assertThat(c.storage()).contains(new StorageConfig.File("/var/lib/strongroom"));
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig("0.0.0.0:8200", true, null, null, null),
                new ListenerConfig("127.0.0.1:8201", false, "/etc/sr/cert.pem", "/etc/sr/key.pem", "tls13"));
        assertThat(c.seals()).hasSize(1);
        assertThat(c.seals().get(0).type()).isEqualTo("awskms");
        assertThat(c.seals().get(0).pos()).isEqualTo(new Pos("config.hcl", 18, 1));
        assertThat(c.seals().get(0).body()).containsEntry("region", "eu-west-1");
        assertThat(c.apiAddr()).isEqualTo("https://sr.example.com:8200");
        assertThat(c.clusterAddr()).isEqualTo("https://sr.example.com:8201");
        assertThat(c.clusterName()).isEqualTo("prod");
        assertThat(c.logLevel()).isEqualTo("info");
        assertThat(c.logFormat()).isEqualTo("json");
        assertThat(c.defaultLeaseTtl()).isEqualTo(Duration.ofHours(768));
        assertThat(c.maxLeaseTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(c.ui()).isTrue();
        assertThat(c.disableMlock()).isTrue();
        assertThat(c.pidFile()).isEqualTo("/run/sr.pid");
        // ui takes effect (the web UI), so it is no longer among the keys noted as having none
        assertThat(c.notes()).hasSize(4).allSatisfy(n -> assertThat(n).contains("no effect"))
                .noneSatisfy(n -> assertThat(n).startsWith("ui "));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).startsWith("disable_mlock"));
    }

    @Test
    void load_equivalentHclAndJson_equalConfigs() {
        assertThat(one("config.json", FULL_JSON)).isEqualTo(one("config.hcl", FULL_HCL));
    }

    @Test
    void load_jsonObjectListenerForm_sameAsListForm() {
        String obj = "{\"storage\": {\"inmem\": {}}, \"listener\": {\"tcp\": {\"tls_disable\": 1}}}";
        String list = "{\"storage\": [{\"inmem\": {}}], \"listener\": [{\"tcp\": {\"tls_disable\": 1}}]}";
        String hcl = "storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = 1\n}\n";

        assertThat(one("a.json", obj)).isEqualTo(one("b.json", list)).isEqualTo(one("c.hcl", hcl));
        assertThat(one("a.json", obj).listeners()).containsExactly(
                new ListenerConfig(ListenerConfig.DEFAULT_ADDRESS, true, null, null, null));
    }

    @Test
    void load_hclUnlabelledAndAttributeStanzaForms_sameAsBlockForm() {
        String block = "storage \"file\" {\n  path = \"/d\"\n}\n";

        assertThat(one("a.hcl", "storage {\n  file {\n    path = \"/d\"\n  }\n}\n")).isEqualTo(one("b.hcl", block));
        assertThat(one("a.hcl", "storage = { file = { path = \"/d\" } }\n")).isEqualTo(one("b.hcl", block));
    }

    @Test
    void load_postgresql_keysAccepted_urlMaskedInToString() {
        ServerConfig c = one("config.hcl", """
                storage "postgresql" {
                  connection_url = "postgres://vault:pa55word@db:5432/vault"
                  table          = "kv"
                  ha_enabled     = "true"
                  ha_table       = "locks"
                }
                """);

        assertThat(c.storage()).contains(new StorageConfig.Postgresql(
                "postgres://vault:pa55word@db:5432/vault", "kv", true, "locks"));
        assertThat(c.toString()).doesNotContain("pa55word");
    }

    @Test
    void load_devModeWithoutStorage_allowed() {
        ServerConfig c = ServerConfigLoader.fromSources(List.of(new Source("dev.hcl", "ui = true\n")), true);

        assertThat(c.storage()).isEmpty();
    }

    @Test
    void load_heredocInSealBody_keptVerbatim() {
        ServerConfig c = one("config.hcl", "storage \"inmem\" {}\nseal \"awskms\" {\n  kms_key_id = <<EOF\n"
                + "alias/x\nEOF\n}\n");

        assertThat(c.seals().get(0).body()).containsEntry("kms_key_id", "alias/x\n");
    }

    // vault-compat: server.Config.Merge: scalars override, storage and seals replace, listeners append.
    @Test
    void load_folder_mergedInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("10-base.hcl"), """
                storage "file" { path = "/a" }
                listener "tcp" {
                  tls_disable = true
                }
                seal "shamir" {}
                log_level = "info"
                ui = false
                """);
        Files.writeString(dir.resolve("20-override.json"), """
                {"storage": {"inmem": {}},
                 "listener": {"tcp": {"address": "0.0.0.0:9200", "tls_disable": true}},
                 "seal": {"awskms": {"kms_key_id": "k"}},
                 "log_level": "debug"}
                """);
        Files.writeString(dir.resolve("README.txt"), "not a config");

        ServerConfig c = ServerConfigLoader.load(List.of(dir), false);

        assertThat(ServerConfigLoader.expand(List.of(dir))).extracting(p -> p.getFileName().toString())
                .containsExactly("10-base.hcl", "20-override.json");
        assertThat(c.storage()).contains(new StorageConfig.Inmem());
        assertThat(c.listeners()).extracting(ListenerConfig::address)
                .containsExactly("127.0.0.1:8200", "0.0.0.0:9200");
        assertThat(c.seals()).extracting(SealBlock::type).containsExactly("awskms");
        assertThat(c.logLevel()).isEqualTo("debug");
        assertThat(c.ui()).isFalse();
    }

    @Test
    void load_fileThenFolderArguments_argumentOrder(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("conf.d"));
        Path first = Files.writeString(dir.resolve("main.hcl"), "storage \"inmem\" {}\napi_addr = \"http://a\"\n");
        Files.writeString(sub.resolve("x.hcl"), "api_addr = \"http://b\"\n");

        assertThat(ServerConfigLoader.load(List.of(first, sub), false).apiAddr()).isEqualTo("http://b");
        assertThat(ServerConfigLoader.load(List.of(sub, first), false).apiAddr()).isEqualTo("http://a");
    }

    @Test
    void load_errorInFolderFile_namesThatFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.hcl"), "storage \"inmem\" {}\n");
        Path bad = Files.writeString(dir.resolve("b.hcl"), "ui = maybe\n");

        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(dir), false))
                .hasMessageStartingWith(bad + ":1:6: expected a value after \"ui =\"");
    }

    @Test
    void load_missingPathOrEmptyFolder_fails(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(dir.resolve("nope.hcl")), false))
                .hasMessageContaining("nope.hcl does not exist");
        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(dir), false))
                .hasMessageContaining("holds no *.hcl or *.json file");
    }

    @Test
    void effectiveSeal_enabledAwsKmsStanza_awskmsMergedWithEnv() {
        ServerConfig c = one("config.hcl", FULL_HCL);

        SealSelection.EffectiveSeal s = SealSelection.effective(c, Map.of("AWS_REGION", "us-west-2"));

        assertThat(s.type()).isEqualTo("awskms");
        AwsKmsSealConfig kms = s.awskms().orElseThrow();
        assertThat(kms.kmsKeyId().value()).isEqualTo("alias/strongroom");
        assertThat(kms.region().value()).isEqualTo("us-west-2");
        assertThat(kms.region().source()).isEqualTo("env AWS_REGION");
    }

    @Test
    void effectiveSeal_noStanzaButVaultSealTypeEnv_awskmsFromEnvOnly() {
        ServerConfig c = one("config.hcl", "storage \"inmem\" {}\n");

        SealSelection.EffectiveSeal s = SealSelection.effective(c,
                Map.of("VAULT_SEAL_TYPE", "awskms", "VAULT_AWSKMS_SEAL_KEY_ID", "k1"));

        assertThat(s.type()).isEqualTo("awskms");
        assertThat(s.block()).isEmpty();
        assertThat(s.awskms().orElseThrow().kmsKeyId()).hasToString("k1 (env VAULT_AWSKMS_SEAL_KEY_ID)");
    }

    @Test
    void effectiveSeal_envActivationWithoutKeyId_failsNamingEnv() {
        ServerConfig c = one("config.hcl", "storage \"inmem\" {}\n");

        assertThatThrownBy(() -> SealSelection.effective(c, Map.of("VAULT_SEAL_TYPE", "awskms")))
                .hasMessage("VAULT_SEAL_TYPE=awskms: seal \"awskms\": \"kms_key_id\" is required (or set "
                        + "VAULT_AWSKMS_SEAL_KEY_ID)");
    }

    @Test
    void effectiveSeal_nothing_shamir() {
        SealSelection.EffectiveSeal s = SealSelection.effective(one("c.hcl", "storage \"inmem\" {}\n"), Map.of());

        assertThat(s.type()).isEqualTo("shamir");
        assertThat(s.awskms()).isEmpty();
    }

    // vault-compat: only disabled seal -> migration back to Shamir; VAULT_SEAL_TYPE does not re-enable it.
    @Test
    void effectiveSeal_onlyDisabledAwsKms_shamirEvenWithEnv() {
        ServerConfig c = one("c.hcl", "storage \"inmem\" {}\nseal \"awskms\" {\n  kms_key_id = \"k\"\n"
                + "  disabled = \"true\"\n}\n");

        SealSelection.EffectiveSeal s = SealSelection.effective(c, Map.of("VAULT_SEAL_TYPE", "awskms"));

        assertThat(s.type()).isEqualTo("shamir");
        assertThat(c.seals().get(0).disabled()).isTrue();
        assertThat(SealSelection.resolveAwsKms(c.seals().get(0), Map.of()).disabled()).isTrue();
    }

    @Test
    void effectiveSeal_disabledAwsKmsPlusNewAwsKms_usesEnabledOne() {
        ServerConfig c = one("c.hcl", "storage \"inmem\" {}\nseal \"awskms\" {\n  kms_key_id = \"old\"\n"
                + "  disabled = true\n}\nseal \"AWSKMS\" {\n  kms_key_id = \"new\"\n}\n");

        SealSelection.EffectiveSeal s = SealSelection.effective(c, Map.of());

        assertThat(s.awskms().orElseThrow().kmsKeyId().value()).isEqualTo("new");
        assertThat(s.block().map(SealBlock::pos)).isEqualTo(Optional.of(new Pos("c.hcl", 6, 1)));
    }

    @Test
    void effectiveSeal_shamirStanzaAndEnv_envSwitchesToAwsKms() {
        ServerConfig c = one("c.hcl", "storage \"inmem\" {}\nseal \"shamir\" {}\n");

        SealSelection.EffectiveSeal s = SealSelection.effective(c,
                Map.of("VAULT_SEAL_TYPE", "AWSKMS", "AWSKMS_WRAPPER_KEY_ID", "k"));

        assertThat(s.type()).isEqualTo("awskms");
    }

    @Test
    void sealBlock_toString_showsKeysNotValues() {
        ServerConfig c = one("c.hcl", "storage \"inmem\" {}\nseal \"awskms\" {\n  kms_key_id = \"k\"\n"
                + "  secret_key = \"wJalrXUtnFEMIsecret\"\n  access_key = \"AKIA\"\n}\n");

        assertThat(c.toString()).doesNotContain("wJalrXUtnFEMIsecret").contains("secret_key");
    }

    @Test
    void load_syntaxErrorsNearCredentials_neverEchoTheCredential() {
        String secret = "wJalrXUtnFEMIsecret";
        List<Source> broken = List.of(
                new Source("c.json", "{\"seal\": {\"awskms\": {\"secret_key\": " + secret + "}}}"),
                new Source("c.json", "{\"seal\": {\"awskms\": {\"secret_key\": \"" + secret + "\" \"x\"}}}"),
                new Source("c.hcl", "seal \"awskms\" {\n  secret_key = \"" + secret + "\n}\n"),
                new Source("c.hcl", "seal \"awskms\" {\n  secret_key \"" + secret + "\"\n}\n"),
                new Source("c.hcl", "seal \"awskms\" {\n  secret_key = " + secret + "\n}\n"),
                new Source("c.hcl", "seal \"awskms\" {\n  secret_key = \"a\" \"" + secret + "\"\n}\n"));
        for (Source s : broken) {
            assertThatThrownBy(() -> ServerConfigLoader.fromSources(List.of(s), true))
                    .satisfies(e -> assertThat(e.getMessage()).startsWith(s.name() + ":").doesNotContain(secret));
        }
    }

    // vault-compat: cache_size and disable_cache, the physical read cache's settings (default 131072 entries)
    @Test
    void load_cacheSettings_defaultSizeDisableAndErrors() {
        String base = "storage \"inmem\" {}\n";
        assertThat(one("c.hcl", base).cacheSize()).isEqualTo(131072);
        assertThat(one("c.hcl", base + "cache_size = 500\n").cacheSize()).isEqualTo(500);
        assertThat(one("c.hcl", base + "cache_size = \"700\"\n").cacheSize()).isEqualTo(700);
        assertThat(one("c.hcl", base + "disable_cache = true\ncache_size = 5\n").cacheSize()).isZero();
        assertThatThrownBy(() -> one("c.hcl", base + "cache_size = -1\n"))
                .hasMessageContaining("c.hcl:2:").hasMessageContaining("\"cache_size\" must be a whole number");
        assertThatThrownBy(() -> one("c.hcl", base + "cache_size = \"lots\"\n"))
                .hasMessageContaining("\"cache_size\"");
    }
}
