package io.strongroom.postgres;

import io.strongroom.base.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of {@code storage "postgresql" { ... }}, resolved (environment applied, defaults filled). Immutable.
 * The connection URL may hold a password: {@link #toString()} never shows it.
 *
 * @param connectionUrl libpq URL ({@code postgres://user:pass@host:port/db?sslmode=disable}), key=value DSN, or a
 *     {@code jdbc:postgresql:} URL
 * @param table the data table (vault-compat: one quoted identifier, default {@code vault_kv_store})
 * @param maxParallel data connections at most (vault-compat: {@code max_parallel}, default 128)
 * @param maxIdleConnections idle data connections kept (vault-compat: {@code max_idle_connections}, Go's default 2)
 * @param haEnabled whether the leader lock is used
 * @param haTable the lock table (vault-compat: default {@code vault_ha_locks})
 * @param skipCreateTable when false (the default) missing tables are created at start
 * @param timings the lock's lease, renew and retry intervals
 */
public record PostgresSettings(String connectionUrl, String table, int maxParallel, int maxIdleConnections,
        boolean haEnabled, String haTable, boolean skipCreateTable, io.strongroom.storage.LeaderLock.Timings timings) {

    public static final String DEFAULT_TABLE = "vault_kv_store";
    public static final String DEFAULT_HA_TABLE = "vault_ha_locks";
    public static final int DEFAULT_MAX_PARALLEL = 128;
    public static final int DEFAULT_MAX_IDLE = 2;
    /** The environment variable that overrides {@code connection_url} (vault-compat: env first). */
    public static final String ENV_URL = "VAULT_PG_CONNECTION_URL";
    /**
     * Lease 2 s, renew every 0.5 s, standbys retry every 0.2 s. Vault uses 15 s / 5 s / 1 s, which makes a crash
     * take 10 to 16 s to fail over; fencing (the database refuses a deposed holder's writes) is what makes a short
     * lease safe, and four renewals per lease keep a busy node from losing it by accident.
     */
    public static final io.strongroom.storage.LeaderLock.Timings DEFAULT_TIMINGS = new io.strongroom.storage.LeaderLock.Timings(
            Duration.ofMillis(2000), Duration.ofMillis(500), Duration.ofMillis(200));

    public PostgresSettings {
        Objects.requireNonNull(connectionUrl, "connectionUrl");
        table = table == null || table.isEmpty() ? DEFAULT_TABLE : table;
        haTable = haTable == null || haTable.isEmpty() ? DEFAULT_HA_TABLE : haTable;
        timings = timings == null ? DEFAULT_TIMINGS : timings;
        if (maxParallel < 1) {
            throw new ConfigException("max_parallel must be at least 1");
        }
        if (maxIdleConnections < 0) {
            throw new ConfigException("max_idle_connections must not be negative");
        }
    }

    /**
     * Resolves the stanza's raw values (strings as written, null when absent) with the environment.
     *
     * @throws ConfigException with Vault's texts for a missing URL or a bad number
     */
    public static PostgresSettings resolve(Map<String, String> raw, Map<String, String> env) {
        String url = env.get(ENV_URL);
        if (url == null || url.isEmpty()) {
            url = raw.get("connection_url"); // vault-compat: VAULT_PG_CONNECTION_URL wins over the config
        }
        if (url == null || url.isEmpty()) {
            throw new ConfigException("missing connection_url");
        }
        int maxParallel = number(raw.get("max_parallel"), "max_parallel", DEFAULT_MAX_PARALLEL);
        int maxIdle = number(raw.get("max_idle_connections"), "max_idle_connections", DEFAULT_MAX_IDLE);
        // vault-compat: ha_enabled is on only for exactly "true" (HCL true arrives as "true" too)
        boolean ha = "true".equals(raw.get("ha_enabled"));
        boolean skip = "true".equals(raw.get("skip_create_table"));
        return new PostgresSettings(url, raw.get("table"), maxParallel, maxIdle, ha, raw.get("ha_table"), skip, null);
    }

    private static int number(String value, String name, int dflt) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            // vault-compat: "failed parsing max_parallel parameter: strconv.Atoi: parsing ...: invalid syntax"
            throw new ConfigException("failed parsing " + name + " parameter: not a whole number");
        }
    }

    /** With other lock timings (tests, benchmarks). */
    public PostgresSettings withTimings(io.strongroom.storage.LeaderLock.Timings t) {
        return new PostgresSettings(connectionUrl, table, maxParallel, maxIdleConnections, haEnabled, haTable,
                skipCreateTable, t);
    }

    /** With HA on or off. */
    public PostgresSettings withHa(boolean on) {
        return new PostgresSettings(connectionUrl, table, maxParallel, maxIdleConnections, on, haTable,
                skipCreateTable, timings);
    }

    @Override
    public String toString() {
        return "PostgresSettings[connectionUrl=********, table=" + table + ", maxParallel=" + maxParallel
                + ", maxIdleConnections=" + maxIdleConnections + ", haEnabled=" + haEnabled + ", haTable=" + haTable
                + ", skipCreateTable=" + skipCreateTable + ", timings=" + timings + "]";
    }
}
