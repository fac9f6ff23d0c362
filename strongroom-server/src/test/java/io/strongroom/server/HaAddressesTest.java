package io.strongroom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.core.ha.LeaderAdvertisement;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.ServerConfigLoader;
import io.strongroom.server.config.ServerConfigLoader.Source;
import io.strongroom.server.http.ListenerSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// vault-compat: api_addr and cluster_addr precedence (command/server.go)
class HaAddressesTest {

    private static ServerConfig config(String text) {
        return ServerConfigLoader.fromSources(List.of(new Source("c.hcl", "storage \"inmem\" {}\n" + text)), false);
    }

    private static final List<ListenerSettings> LISTENER = List.of(ListenerSettings.plain("127.0.0.1:8200"));

    @Test
    void resolve_envApiAddr_winsOverConfig_clusterAddrDefaultsToPortPlusOne() {
        LeaderAdvertisement a = HaAddresses.resolve(config("api_addr = \"http://cfg:8200\"\n"),
                Map.of("VAULT_API_ADDR", "http://env:9200"), LISTENER);
        assertThat(a.redirectAddr()).isEqualTo("http://env:9200");
        assertThat(a.clusterAddr()).isEqualTo("https://env:9201");
    }

    @Test
    void resolve_configAddresses_used() {
        LeaderAdvertisement a = HaAddresses.resolve(config("api_addr = \"http://n1:8200\"\ncluster_addr = \"https://n1:7000\"\n"),
                Map.of(), LISTENER);
        assertThat(a).isEqualTo(new LeaderAdvertisement("http://n1:8200", "https://n1:7000"));
    }

    @Test
    void resolve_noApiAddr_fallsBackToListener() {
        assertThat(HaAddresses.resolve(config(""), Map.of(), LISTENER).redirectAddr()).isEqualTo("http://127.0.0.1:8200");
    }

    @Test
    void resolve_sameApiAndClusterAddress_refused() {
        assertThatThrownBy(() -> HaAddresses.resolve(config("api_addr = \"https://n:1\"\ncluster_addr = \"https://n:1\"\n"),
                Map.of(), LISTENER)).hasMessageContaining("used for both API and cluster addresses");
    }
}
