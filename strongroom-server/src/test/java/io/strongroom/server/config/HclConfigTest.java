package io.strongroom.server.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vault-config side of HCL: a config read through the loader. */
class HclConfigTest {

    // vault-compat: hashicorp/hcl v1 parser.objectList: newlines are whitespace, items need no separator.
    @Test
    void load_oneLineListenerBlock_accepted() {
        ServerConfig c = ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("c.hcl",
                "storage \"inmem\" {} listener \"tcp\" { address = \"127.0.0.1:8200\"  tls_disable = true }\n")), false);

        assertThat(c.listeners()).containsExactly(new ListenerConfig("127.0.0.1:8200", true, null, null, null));
    }
}
