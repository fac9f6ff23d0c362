package io.strongroom.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import io.strongroom.server.config.ServerConfigLoader.Source;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener's request limits: {@code max_request_size}, {@code max_request_duration}, {@code http_*_timeout}. */
class ListenerLimitsConfigTest {

    private static ListenerLimits limits(String listenerBody) {
        String text = "storage \"inmem\" {}\nlistener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n  tls_disable = true\n"
                + listenerBody + "}\n";
        return ServerConfigLoader.fromSources(List.of(new Source("t.hcl", text)), false).listeners().get(0).limits();
    }

    @Test
    void limits_absent_areVaultsDefaults() {
        assertThat(limits("")).isEqualTo(ListenerLimits.DEFAULTS);
        assertThat(ListenerLimits.DEFAULTS.maxRequestSize()).isEqualTo(33554432L);
        assertThat(ListenerLimits.DEFAULTS.maxRequestDuration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void limits_allSet_readAsGiven() {
        ListenerLimits l = limits("""
                  max_request_size = 1048576
                  max_request_duration = "30s"
                  http_idle_timeout = "2m"
                  http_read_header_timeout = 5
                  http_read_timeout = "15s"
                """);
        assertThat(l).isEqualTo(new ListenerLimits(1048576, Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofSeconds(5), Duration.ofSeconds(15)));
    }

    @Test
    void maxRequestSize_zeroOrString_defaultOrParsed_negativeKept() {
        assertThat(limits("max_request_size = 0\n").maxRequestSize()).isEqualTo(33554432L);
        assertThat(limits("max_request_size = \"2048\"\n").maxRequestSize()).isEqualTo(2048);
        assertThat(limits("max_request_size = -1\n").maxRequestSize()).isEqualTo(-1);
        assertThat(limits("max_request_duration = 0\n").maxRequestDuration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void maxRequestSize_notANumber_errorNamesKeyAndLine() {
        assertThatThrownBy(() -> limits("max_request_size = \"32MB\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:5:")
                .hasMessageContaining("\"max_request_size\" in listener \"tcp\"")
                .hasMessageContaining("whole number of bytes");
    }

    @Test
    void timeout_zeroOrBad_errorNamesKeyAndLine() {
        assertThatThrownBy(() -> limits("http_read_timeout = \"0s\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:5:")
                .hasMessageContaining("\"http_read_timeout\"")
                .hasMessageContaining("positive duration");
        assertThatThrownBy(() -> limits("http_idle_timeout = \"soon\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.hcl:5:")
                .hasMessageContaining("\"http_idle_timeout\" must be a duration");
    }
}
