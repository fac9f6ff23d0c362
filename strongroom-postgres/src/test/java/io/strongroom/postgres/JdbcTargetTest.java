package io.strongroom.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void parse_libpqUrl_splitsCredentialsAndOptions() {
        JdbcTarget t = JdbcTarget.parse("postgres://vault:p%40ss@db.example:6543/vaultdb?sslmode=disable");
        assertThat(t.url()).isEqualTo("jdbc:postgresql://db.example:6543/vaultdb");
        assertThat(t.properties()).containsEntry("user", "vault").containsEntry("password", "p@ss")
                .containsEntry("sslmode", "disable");
        assertThat(t.toString()).doesNotContain("p@ss");
    }

    @Test
    void parse_dsn_readsKeyValuePairs() {
        JdbcTarget t = JdbcTarget.parse("host=127.0.0.1 port=5433 dbname=v user=u password='x y' sslmode=disable");
        assertThat(t.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/v");
        assertThat(t.properties()).containsEntry("user", "u").containsEntry("sslmode", "disable");
    }

    @Test
    void parse_jdbcUrl_keptAsIs() {
        assertThat(JdbcTarget.parse("jdbc:postgresql://h:1/d").url()).isEqualTo("jdbc:postgresql://h:1/d");
    }

    @Test
    void parse_garbage_failsWithoutEchoingIt() {
        assertThatThrownBy(() -> JdbcTarget.parse("mysecret")).isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("mysecret");
    }

    // vault-compat: VAULT_PG_CONNECTION_URL overrides the config (TestConnectionURL)
    @Test
    void resolve_envUrl_overridesConfig() {
        PostgresSettings s = PostgresSettings.resolve(Map.of("connection_url", "postgres://a@h/d"),
                Map.of(PostgresSettings.ENV_URL, "postgres://b@h/d"));
        assertThat(s.connectionUrl()).isEqualTo("postgres://b@h/d");
        assertThat(s.toString()).doesNotContain("postgres://");
    }

    @Test
    void resolve_noUrl_failsMissingConnectionUrl() {
        assertThatThrownBy(() -> PostgresSettings.resolve(Map.of(), Map.of())).hasMessage("missing connection_url");
    }

    @Test
    void resolve_badMaxParallel_failsWithVaultText() {
        assertThatThrownBy(() -> PostgresSettings.resolve(Map.of("connection_url", "postgres://h/d",
                "max_parallel", "bad param"), Map.of())).hasMessageStartingWith("failed parsing max_parallel parameter");
    }

    // vault-compat: only exactly "true" turns HA on
    @Test
    void resolve_haEnabledTrueCapitalized_isOff() {
        assertThat(PostgresSettings.resolve(Map.of("connection_url", "postgres://h/d", "ha_enabled", "True"), Map.of())
                .haEnabled()).isFalse();
        assertThat(PostgresSettings.resolve(Map.of("connection_url", "postgres://h/d", "ha_enabled", "true"), Map.of())
                .haEnabled()).isTrue();
    }
}
