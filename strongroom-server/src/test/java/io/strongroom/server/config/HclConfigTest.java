package io.strongroom.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vault-config side of HCL: a config read through the loader, and Vault's duration strings. */
class HclConfigTest {

    // vault-compat: hashicorp/hcl v1 parser.objectList: newlines are whitespace, items need no separator.
    @Test
    void load_oneLineListenerBlock_accepted() {
        ServerConfig c = ServerConfigLoader.fromSources(List.of(new ServerConfigLoader.Source("c.hcl",
                "storage \"inmem\" {} listener \"tcp\" { address = \"127.0.0.1:8200\"  tls_disable = true }\n")), false);

        assertThat(c.listeners()).containsExactly(new ListenerConfig("127.0.0.1:8200", true, null, null, null));
    }

    // vault-compat: parseutil.ParseDurationSecond: integers are seconds; Go units plus "d".
    @ParameterizedTest
    @CsvSource({"768h,2764800", "30m,1800", "90,90", "1h30m,5400", "1.5h,5400", "2d,172800", "500ms,0"})
    void durations_vaultStrings_parsed(String text, long seconds) {
        assertThat(Durations.parse(text)).isNotNull().extracting(Duration::getSeconds).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"forever", "10x", "h", "'' ", "-5s", "1h 30m"})
    void durations_garbage_null(String text) {
        assertThat(Durations.parse(text)).isNull();
    }
}
