package io.strongroom.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** vault-compat: {@code log_format = "json"} writes one object a line with hclog's keys. */
class LogSetupTest {

    @Test
    void jsonEncoder_writesOneObjectPerLineWithVaultKeys() throws Exception {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", ctx.getLogger("io.strongroom.core.lifecycle.CoreLifecycle"),
                Level.WARN, "core: failed to unseal core: {}", null, new Object[] {"KMS down"});
        byte[] line = new LogSetup.JsonLineEncoder().encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{");
        JsonNode node = new ObjectMapper().readTree(text);
        assertThat(node.get("@level").asText()).isEqualTo("warn");
        assertThat(node.get("@message").asText()).isEqualTo("core: failed to unseal core: KMS down");
        assertThat(node.get("@module").asText()).isEqualTo("CoreLifecycle");
        assertThat(node.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }
}
