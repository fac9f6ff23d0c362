package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/sys/capabilities-self} through the whole server (the web UI explains a 403 with it).
 * vault-compat: dataplane spec 3.7: one key per path, {@code capabilities} too for a single path, the same data
 * injected at the top level, {@code ["deny"]} when nothing is granted, {@code ["root"]} for a root token.
 */
class CapabilitiesSelfHttpTest {

    private static LiveServer live;

    @BeforeAll
    static void start() {
        live = LiveServer.start();
        live.policy("reader", "path \"secret/data/app/*\" { capabilities = [\"read\", \"list\"] }");
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @Test
    void capabilitiesSelf_onePath_listsCapabilitiesUnderPathAndCapabilities_injected() {
        String token = live.token("reader");
        LiveServer.Reply r = live.post("sys/capabilities-self", token,
                LiveServer.json(Map.of("paths", List.of("secret/data/app/db"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.path("data").path("secret/data/app/db").toString()).isEqualTo("[\"list\",\"read\"]");
        assertThat(json.path("data").path("capabilities").toString()).isEqualTo("[\"list\",\"read\"]");
        assertThat(json.path("capabilities").toString()).isEqualTo("[\"list\",\"read\"]");
    }

    @Test
    void capabilitiesSelf_pathNotGranted_deny_twoPaths_noCapabilitiesKey() {
        String token = live.token("reader");
        JsonNode json = live.post("sys/capabilities-self", token,
                LiveServer.json(Map.of("paths", List.of("sys/policies/acl", "secret/data/app/x")))).json();
        assertThat(json.path("data").path("sys/policies/acl").toString()).isEqualTo("[\"deny\"]");
        assertThat(json.path("data").has("capabilities")).isFalse();
    }

    @Test
    void capabilitiesSelf_rootToken_root() {
        JsonNode json = live.post("sys/capabilities-self", live.rootToken,
                LiveServer.json(Map.of("paths", List.of("anything/at/all")))).json();
        assertThat(json.path("capabilities").toString()).isEqualTo("[\"root\"]");
    }

    @Test
    void capabilitiesSelf_noPaths_badRequestWithVaultsText() {
        LiveServer.Reply r = live.post("sys/capabilities-self", live.rootToken, "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("paths must be supplied");
    }
}
