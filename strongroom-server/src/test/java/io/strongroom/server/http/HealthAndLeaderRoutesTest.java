package io.strongroom.server.http;

import static io.strongroom.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HealthAndLeaderRoutesTest {

    private static FakeLifecycle state(String state) {
        FakeLifecycle lc = FakeLifecycle.awsKms().unsealedWith5of3();
        switch (state) {
            case "uninit" -> { lc.initialized = false; lc.sealed = true; }
            case "sealed" -> lc.sealed = true;
            case "standby" -> lc.standby = true;
            case "active" -> { }
            default -> throw new IllegalArgumentException(state);
        }
        return lc;
    }

    // vault-compat: http/sys_health.go defaults, overrides and precedence uninit > sealed > standby
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "active,  '',                          200",
        "standby, '',                          429",
        "uninit,  '',                          501",
        "sealed,  '',                          503",
        "active,  ?activecode=204,             204",
        "standby, ?standbyok=true,             200",
        "standby, ?standbyok,                  200",
        "standby, ?standbyok=false,            429",
        "standby, ?standbyok=true&activecode=299, 299",
        "standby, ?standbycode=200,            200",
        "sealed,  ?sealedcode=200,             200",
        "sealed,  ?standbyok=true,             503",
        "uninit,  ?uninitcode=200,             200",
        "uninit,  ?sealedcode=200,             501",
        "active,  ?perfstandbyok=true&drsecondarycode=200&performancestandbycode=200, 200",
        "active,  ?activecode=abc,             400",
        "active,  ?sealedcode=1.5,             400",
        "active,  ?uninitcode=,                400",
        "active,  ?drsecondarycode=x,          400",
        "active,  ?standbyok=maybe,            400",
    })
    void health_statusCodes(String state, String query, int expected) throws Exception {
        try (HttpFixture f = new HttpFixture(state(state))) {
            assertThat(f.get("/v1/sys/health" + query).statusCode()).isEqualTo(expected);
        }
    }

    @Test
    void health_active_hasFullVaultFieldSet() throws Exception {
        try (HttpFixture f = new HttpFixture(state("active"))) {
            HttpResponse<String> r = f.get("/v1/sys/health");
            assertThat(json(r.body())).isEqualTo(json("{\"initialized\":true,\"sealed\":false,\"standby\":false,"
                    + "\"performance_standby\":false,\"replication_performance_mode\":\"disabled\","
                    + "\"replication_dr_mode\":\"disabled\",\"server_time_utc\":1700000000,\"version\":\"0.1.0\","
                    + "\"cluster_name\":\"strongroom-cluster\",\"cluster_id\":\"cluster-id-1\"}"));
        }
    }

    @Test
    void health_sealed_omitsClusterFields() throws Exception {
        try (HttpFixture f = new HttpFixture(state("sealed"))) {
            HttpResponse<String> r = f.get("/v1/sys/health");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r.body())).isEqualTo(json("{\"initialized\":true,\"sealed\":true,\"standby\":false,"
                    + "\"performance_standby\":false,\"replication_performance_mode\":\"disabled\","
                    + "\"replication_dr_mode\":\"disabled\",\"server_time_utc\":1700000000,\"version\":\"0.1.0\"}"));
        }
    }

    @Test
    void health_badCode_is400WithErrorBody() throws Exception {
        try (HttpFixture f = new HttpFixture(state("active"))) {
            HttpResponse<String> r = f.get("/v1/sys/health?activecode=abc");
            assertThat(json(r.body())).isEqualTo(json(
                    "{\"errors\":[\"bad code for activecode parameter: not an integer\"]}"));
        }
    }

    // vault-compat: HEAD carries the status only
    @Test
    void health_head_hasStatusAndNoBody() throws Exception {
        try (HttpFixture f = new HttpFixture(state("sealed"))) {
            HttpResponse<String> r = f.send("HEAD", "/v1/sys/health", null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void leader_unsealed_hasFullVaultFieldSet() throws Exception {
        try (HttpFixture f = new HttpFixture(state("active"))) {
            HttpResponse<String> r = f.get("/v1/sys/leader");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r.body())).isEqualTo(json("{\"ha_enabled\":false,\"is_self\":false,"
                    + "\"active_time\":\"0001-01-01T00:00:00Z\",\"leader_address\":\"\","
                    + "\"leader_cluster_address\":\"\",\"performance_standby\":false,"
                    + "\"performance_standby_last_remote_wal\":0,\"raft_committed_index\":0,"
                    + "\"raft_applied_index\":0}"));
        }
    }

    @Test
    void leader_sealed_is503() throws Exception {
        try (HttpFixture f = new HttpFixture(state("sealed"))) {
            HttpResponse<String> r = f.get("/v1/sys/leader");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r.body())).isEqualTo(json("{\"errors\":[\"Vault is sealed\"]}"));
        }
    }
}
