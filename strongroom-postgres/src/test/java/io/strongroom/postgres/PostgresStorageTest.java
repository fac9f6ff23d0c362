package io.strongroom.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.storage.StorageException;
import io.strongroom.testkit.FreePorts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vault compatibility of the table layout, list escaping, and the start-up errors, on a real PostgreSQL. */
class PostgresStorageTest {

    private static String url;

    @BeforeAll
    static void database() {
        url = SharedPostgres.freshDatabase("layout");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void split_vaultExamples_matchSpecTable() {
        // vault-compat: ha-postgres spec 2.2
        assertThat(PostgresStorage.split("foo")).containsExactly("", "/", "foo");
        assertThat(PostgresStorage.split("core/keyring")).containsExactly("/", "/core/", "keyring");
        assertThat(PostgresStorage.split("core/leader/u1")).containsExactly("/core/", "/core/leader/", "u1");
        assertThat(PostgresStorage.split("logical/uuid/foo/bar"))
                .containsExactly("/logical/uuid/", "/logical/uuid/foo/", "bar");
    }

    @Test
    void open_manyNodesAtOnceOnAnEmptyDatabase_allStartAndShareTheTables() throws Exception {
        // two HA nodes started together both pass CREATE TABLE IF NOT EXISTS's test; one then hit the catalog's
        // unique index (23505) and failed its start (seen in PostgresHaEndToEndTest)
        for (int round = 0; round < 5; round++) {
            String db = SharedPostgres.freshDatabase("race");
            int nodes = 6;
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(nodes);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
            try {
                List<java.util.concurrent.Future<PostgresStorage>> opened = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    opened.add(pool.submit(() -> {
                        together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        return PostgresStorage.open(SharedPostgres.settings(db, true));
                    }));
                }
                List<PostgresStorage> all = new ArrayList<>();
                for (var f : opened) {
                    all.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS)); // throws if any start failed
                }
                all.get(0).put("k", utf8("v"));
                assertThat(all.get(nodes - 1).get("k")).isEqualTo(utf8("v"));
                for (PostgresStorage s : all) {
                    s.close();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // vault-compat: the statements of ha-postgres spec 2.3, run verbatim (with ? for pgx's $n) against our rows
    @Test
    void vaultSql_readsWhatStrongroomWrote() throws Exception {
        String db = SharedPostgres.freshDatabase("vaultsql");
        try (PostgresStorage s = PostgresStorage.open(SharedPostgres.settings(db, false))) {
            s.put("foo", utf8("1"));
            s.put("core/keyring", utf8("2"));
            s.put("core/leader/u1", utf8("3"));
            s.put("logical/uuid/foo/bar", utf8("4"));
        }
        try (Connection c = SharedPostgres.connect(db)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM vault_kv_store WHERE path = ? AND key = ?")) {
                ps.setString(1, "/core/");
                ps.setString(2, "keyring");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).isEqualTo(utf8("2"));
                }
            }
            assertThat(vaultList(c, "")).containsExactlyInAnyOrder("foo", "core/", "logical/");
            assertThat(vaultList(c, "core/")).containsExactlyInAnyOrder("keyring", "leader/");
            assertThat(vaultList(c, "logical/uuid/")).containsExactly("foo/");
        }
    }

    private static List<String> vaultList(Connection c, String prefix) throws Exception {
        String sql = "SELECT key FROM vault_kv_store WHERE path = ? UNION ALL SELECT DISTINCT "
                + "substring(substr(path, length(?)+1) from '^.*?/') FROM vault_kv_store WHERE parent_path LIKE ? || '%'";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            String p = "/" + prefix;
            ps.setString(1, p);
            ps.setString(2, p);
            ps.setString(3, p);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void list_underscoreAndPercentInPrefix_areNotWildcards() {
        try (PostgresStorage s = PostgresStorage.open(SharedPostgres.settings(url, false))) {
            s.put("a_b/c/d", utf8("1"));
            s.put("axb/q/r", utf8("2"));
            s.put("p%/x", utf8("3"));
            s.put("pzz/y", utf8("4"));
            // Vault's LIKE would also return q/ and y (spec 2.3 quirk)
            assertThat(s.list("a_b/")).containsExactly("c/");
            assertThat(s.list("p%/")).containsExactly("x");
        }
    }

    @Test
    void schema_validUntil_isTimestamptz() throws Exception {
        String db = SharedPostgres.freshDatabase("tz");
        try (PostgresStorage ignored = PostgresStorage.open(SharedPostgres.settings(db, true));
             Connection c = SharedPostgres.connect(db);
             ResultSet rs = c.createStatement().executeQuery("SELECT data_type FROM information_schema.columns "
                     + "WHERE table_name = 'vault_ha_locks' AND column_name = 'valid_until'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("timestamp with time zone");
        }
    }

    @Test
    void open_unreachableDatabase_failsSayingCannotReach() {
        int port = FreePorts.pick();
        PostgresSettings s = new PostgresSettings("postgres://postgres:secretpw@127.0.0.1:" + port + "/x?sslmode=disable",
                null, 4, 1, false, null, false, null);
        assertThatThrownBy(() -> PostgresStorage.open(s)).isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot reach PostgreSQL at 127.0.0.1:" + port)
                .hasMessageNotContaining("secretpw");
    }

    @Test
    void open_missingTableWithSkipCreate_failsNamingTable() {
        String db = SharedPostgres.freshDatabase("missing");
        PostgresSettings s = new PostgresSettings(db + "?user=postgres", "no_such", 4, 1, false, null, true, null);
        assertThatThrownBy(() -> PostgresStorage.open(s)).isInstanceOf(StorageException.class)
                .hasMessageContaining("table \"no_such\" does not exist");
    }

    @Test
    void open_roleWithoutRights_failsSayingGrant() throws Exception {
        String db = SharedPostgres.freshDatabase("rights");
        try (PostgresStorage ignored = PostgresStorage.open(SharedPostgres.settings(db, false))) {
            // creates the table as the superuser
        }
        SharedPostgres.exec(db, "CREATE ROLE weak LOGIN");
        PostgresSettings s = new PostgresSettings(db + "?user=weak", null, 4, 1, false, null, true, null);
        assertThatThrownBy(() -> PostgresStorage.open(s)).isInstanceOf(StorageException.class)
                .hasMessageContaining("lacks rights on \"vault_kv_store\"")
                .hasMessageContaining("grant SELECT, INSERT, UPDATE, DELETE");
    }

    @Test
    void open_customTableNames_twoTablesInOneSchemaCoexist() {
        String db = SharedPostgres.freshDatabase("twotables");
        try (PostgresStorage a = PostgresStorage.open(new PostgresSettings(db + "?user=postgres", "t_one", 4, 1, true,
                "h_one", false, null));
             PostgresStorage b = PostgresStorage.open(new PostgresSettings(db + "?user=postgres", "t_two", 4, 1, true,
                     "h_two", false, null))) {
            a.put("k", utf8("a"));
            b.put("k", utf8("b"));
            assertThat(a.get("k")).isEqualTo(utf8("a"));
            assertThat(b.get("k")).isEqualTo(utf8("b"));
        }
    }
}
