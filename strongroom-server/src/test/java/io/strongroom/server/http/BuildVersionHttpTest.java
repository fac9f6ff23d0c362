package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.build.BuildInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sys/seal-status and sys/health carry the version and build date that {@code strongroom version} prints. */
class BuildVersionHttpTest {

    private static LiveServer live;

    @BeforeAll
    static void start() {
        live = LiveServer.start();
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @Test
    void sealStatus_running_carriesBuildVersionAndDate() {
        LiveServer.Reply r = live.get("sys/seal-status", null);
        assertThat(r.json().path("version").asText()).isEqualTo(BuildInfo.VERSION).isNotEqualTo("unknown");
        assertThat(r.json().path("build_date").asText()).isEqualTo(BuildInfo.BUILD_DATE).isNotEqualTo("unknown");
        assertThat(BuildInfo.versionLine()).contains("v" + r.json().path("version").asText() + " (");
    }

    @Test
    void health_running_carriesBuildVersion() {
        LiveServer.Reply r = live.get("sys/health", null);
        assertThat(r.json().path("version").asText()).isEqualTo(BuildInfo.VERSION);
    }
}
