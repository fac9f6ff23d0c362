package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vault's table layouts (spec 8), as pure functions. */
class TablesTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    // vault-compat: the header padding rule of spec 8
    @Test
    void header_specExamples_matchVault() throws Exception {
        assertThat(Tables.header("Secret Path", "secret/data/creds".length())).isEqualTo("== Secret Path ==");
        JsonNode metadata = json("{\"created_time\":\"t\",\"custom_metadata\":null,\"deletion_time\":\"\","
                + "\"destroyed\":false,\"version\":1}");
        assertThat(Tables.headerForMap("Metadata", metadata)).isEqualTo("======= Metadata =======");
        assertThat(Tables.headerForMap("Data", json("{\"password\":\"s3cr3t\"}"))).isEqualTo("====== Data ======");
    }

    @Test
    void header_titleWiderThanWidth_fourSignsTwoEachSide() {
        assertThat(Tables.header("Secret Path", 3)).isEqualTo("== Secret Path ==");
        assertThat(Tables.header("Data", 6)).isEqualTo("== Data ==");
    }

    @Test
    void header_oddRemainder_roundedUpToEven() {
        // 12 - (4 + 2) = 6 -> 3 each; 11 - 6 = 5 -> 6 -> 3 each
        assertThat(Tables.header("Data", 12)).isEqualTo("=== Data ===");
        assertThat(Tables.header("Data", 11)).isEqualTo("=== Data ===");
    }

    // vault-compat: the kv get metadata table of spec 8, byte for byte
    @Test
    void keyValues_metadata_sortedKeysFourSpaceGlueNaAndNil() throws Exception {
        JsonNode metadata = json("{\"version\":1,\"destroyed\":false,\"deletion_time\":\"\","
                + "\"custom_metadata\":null,\"created_time\":\"2018-03-22T02:24:06.945319214Z\"}");
        assertThat(String.join("\n", Tables.keyValues(metadata))).isEqualTo(String.join("\n",
                "Key                Value",
                "---                -----",
                "created_time       2018-03-22T02:24:06.945319214Z",
                "custom_metadata    <nil>",
                "deletion_time      n/a",
                "destroyed          false",
                "version            1"));
    }

    @Test
    void keyValues_shortKeys_keyColumnAsWideAsHeader() throws Exception {
        assertThat(Tables.keyValues(json("{\"a\":\"b\"}"))).containsExactly("Key    Value", "---    -----",
                "a      b");
        assertThat(Tables.keyValues(json("{}"))).isEmpty();
    }

    // vault-compat: TTL-like keys holding seconds print as Go durations
    @Test
    void cell_ttlKeys_humanDurations() throws Exception {
        assertThat(Tables.cell("ttl", json("2764800"))).isEqualTo("768h");
        assertThat(Tables.cell("creation_ttl", json("90"))).isEqualTo("1m30s");
        assertThat(Tables.cell("explicit_max_ttl", json("0"))).isEqualTo("0s");
        assertThat(Tables.cell("period", json("3660"))).isEqualTo("1h1m");
        assertThat(Tables.cell("token_duration", json("3605"))).isEqualTo("1h5s");
        assertThat(Tables.cell("ttl", json("\"1h\""))).isEqualTo("1h");
        assertThat(Tables.cell("num_uses", json("3600"))).isEqualTo("3600");
    }

    @Test
    void goValue_listsAndMaps_likeGoPercentV() throws Exception {
        assertThat(Tables.goValue(json("[\"default\",\"dev\"]"))).isEqualTo("[default dev]");
        assertThat(Tables.goValue(json("{\"b\":1,\"a\":{\"x\":null}}"))).isEqualTo("map[a:map[x:<nil>] b:1]");
        assertThat(Tables.goValue(json("1.5"))).isEqualTo("1.5");
        assertThat(Tables.quotedList(json("[\"default\",\"dev\"]"))).isEqualTo("[\"default\" \"dev\"]");
        assertThat(Tables.quotedList(null)).isEqualTo("[]");
    }

    // vault-compat: OutputSecret: refresh_interval for a lease without an id, then the data
    @Test
    void secret_kvV1Read_refreshIntervalThenData() throws Exception {
        JsonNode envelope = json("{\"lease_id\":\"\",\"lease_duration\":2764800,\"renewable\":false,"
                + "\"data\":{\"foo\":\"bar\"},\"auth\":null}");
        assertThat(Tables.secret(envelope)).containsExactly(
                "Key                 Value",
                "---                 -----",
                "refresh_interval    768h",
                "foo                 bar");
    }

    // vault-compat: the auth rows of token create / login; a 0 lease is shown as infinity
    @Test
    void secret_authBlock_tokenRowsQuotedPolicies() throws Exception {
        JsonNode envelope = json("{\"lease_duration\":0,\"data\":null,\"auth\":{\"client_token\":\"hvs.x\","
                + "\"accessor\":\"acc\",\"policies\":[\"root\"],\"token_policies\":[\"root\"],"
                + "\"lease_duration\":0,\"renewable\":false}}");
        assertThat(Tables.secret(envelope)).containsExactly(
                "Key                  Value",
                "---                  -----",
                "token                hvs.x",
                "token_accessor       acc",
                "token_duration       ∞",
                "token_renewable      false",
                "token_policies       [\"root\"]",
                "identity_policies    []",
                "policies             [\"root\"]");
    }

    @Test
    void keys_listOutput_keysHeaderAndDashes() throws Exception {
        assertThat(Tables.keys(json("[\"a\",\"dir/\"]"))).containsExactly("Keys", "----", "a", "dir/");
    }

    @Test
    void table_emptyCellsAndLastColumnUnpadded() {
        assertThat(Tables.table(List.of(List.of("Path", "Type", "Description"),
                List.of("secret/", "kv", ""), List.of("sys/", "system", "system endpoints"))))
                .containsExactly(
                        "Path       Type      Description",
                        "----       ----      -----------",
                        "secret/    kv        n/a",
                        "sys/       system    system endpoints");
    }
}
