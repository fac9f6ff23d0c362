package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code sys/step-down} on a server without HA: sudo required, 204, GET refused (vault-compat). */
class StepDownHttpTest {

    @Test
    void stepDown_root_204_withoutSudo_403_get_405() {
        try (LiveServer s = LiveServer.start()) {
            assertThat(s.send("PUT", "sys/step-down", s.rootToken, null).status()).isEqualTo(204);
            s.policy("writer", "path \"sys/step-down\" { capabilities = [\"update\"] }");
            assertThat(s.send("PUT", "sys/step-down", s.token("writer"), null).status()).isEqualTo(403);
            s.policy("stepper", "path \"sys/step-down\" { capabilities = [\"update\", \"sudo\"] }");
            assertThat(s.send("PUT", "sys/step-down", s.token("stepper"), null).status()).isEqualTo(204);
            assertThat(s.get("sys/step-down", s.rootToken).status()).isEqualTo(405);
        }
    }
}
