package io.strongroom.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.server.ServerLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VAULT_LOCAL_CONFIG}: configuration text in the environment, read after the config files. */
class LocalConfigEnvTest {

    @TempDir
    Path dir;

    @Test
    void localConfig_unsetOrBlank_noSource() {
        assertThat(ServerConfigLoader.localConfig(Map.of())).isEmpty();
        assertThat(ServerConfigLoader.localConfig(Map.of("VAULT_LOCAL_CONFIG", "  \n"))).isEmpty();
    }

    @Test
    void localConfig_json_readAfterTheFiles_andMergedWithThem() throws Exception {
        Path file = Files.writeString(dir.resolve("storage.hcl"), "storage \"inmem\" {}\n");
        List<ServerConfigLoader.Source> local = ServerConfigLoader.localConfig(Map.of("VAULT_LOCAL_CONFIG",
                "{\"listener\": [{\"tcp\": {\"address\": \"127.0.0.1:8300\", \"tls_disable\": true}}], \"ui\": true}"));
        assertThat(local).extracting(ServerConfigLoader.Source::name).containsExactly("VAULT_LOCAL_CONFIG.json");
        ServerConfig config = ServerConfigLoader.load(List.of(file), local, false);
        assertThat(config.storage()).containsInstanceOf(StorageConfig.Inmem.class);
        assertThat(config.listeners()).extracting(ListenerConfig::address).containsExactly("127.0.0.1:8300");
        assertThat(config.ui()).isTrue();
    }

    @Test
    void localConfig_hcl_aloneIsAWholeConfig() {
        ServerConfig config = ServerConfigLoader.load(List.of(), ServerConfigLoader.localConfig(Map.of(
                "VAULT_LOCAL_CONFIG", "storage \"inmem\" {}\nlistener \"tcp\" {\n  address = \"127.0.0.1:8301\"\n"
                        + "  tls_disable = true\n}\n")), false);
        assertThat(config.listeners()).extracting(ListenerConfig::address).containsExactly("127.0.0.1:8301");
    }

    @Test
    void localConfig_broken_errorNamesTheVariableLineAndKey() {
        List<ServerConfigLoader.Source> local = ServerConfigLoader.localConfig(Map.of("VAULT_LOCAL_CONFIG",
                "{\"storage\": {\"inmem\": {}},\n \"listner\": {}}"));
        assertThatThrownBy(() -> ServerConfigLoader.load(List.of(), local, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("VAULT_LOCAL_CONFIG.json:2:")
                .hasMessageContaining("listner");
    }

    @Test
    void serverLauncher_brokenLocalConfig_exits1NamingIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ServerLauncher launcher = new ServerLauncher(Map.of("VAULT_LOCAL_CONFIG", "storage \"nosuch\" {}\n"),
                new PrintWriter(out, true), new PrintWriter(err, true));
        int code = launcher.run(new ServerLauncher.Options(List.of(), false, null, null, null));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("VAULT_LOCAL_CONFIG.hcl:1:");
    }
}
