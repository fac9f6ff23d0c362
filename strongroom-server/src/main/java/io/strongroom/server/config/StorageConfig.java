package io.strongroom.server.config;

/** The {@code storage "TYPE" { ... }} stanza, one record per supported backend. Immutable. */
public sealed interface StorageConfig permits StorageConfig.File, StorageConfig.Inmem, StorageConfig.Postgresql {

    /** The Vault type name: {@code file}, {@code inmem}, {@code postgresql}. */
    String type();

    /** {@code storage "file" { path = "..." }}. */
    record File(String path) implements StorageConfig {
        @Override
        public String type() {
            return "file";
        }
    }

    /** {@code storage "inmem" {}}: nothing survives a restart. */
    record Inmem() implements StorageConfig {
        @Override
        public String type() {
            return "inmem";
        }
    }

    /**
     * {@code storage "postgresql" { ... }}. The connection URL may hold a password, so toString masks it.
     *
     * @param connectionUrl may be null here (Vault also reads {@code VAULT_PG_CONNECTION_URL} later)
     * @param table         null for Vault's default {@code vault_kv_store}
     * @param haTable       null for Vault's default {@code vault_ha_locks}
     * @param maxParallel   {@code max_parallel} as written (a number), null when unset
     * @param maxIdleConnections {@code max_idle_connections} as written, null when unset
     * @param skipCreateTable do not create missing tables at start
     */
    record Postgresql(String connectionUrl, String table, boolean haEnabled, String haTable, String maxParallel,
                      String maxIdleConnections, boolean skipCreateTable) implements StorageConfig {

        /** With the defaults of the optional keys. */
        public Postgresql(String connectionUrl, String table, boolean haEnabled, String haTable) {
            this(connectionUrl, table, haEnabled, haTable, null, null, false);
        }

        @Override
        public String type() {
            return "postgresql";
        }

        /** The stanza as the string map {@code PostgresSettings.resolve} reads. */
        public java.util.Map<String, String> raw() {
            java.util.Map<String, String> m = new java.util.HashMap<>();
            put(m, "connection_url", connectionUrl);
            put(m, "table", table);
            put(m, "ha_table", haTable);
            put(m, "max_parallel", maxParallel);
            put(m, "max_idle_connections", maxIdleConnections);
            m.put("ha_enabled", Boolean.toString(haEnabled));
            m.put("skip_create_table", Boolean.toString(skipCreateTable));
            return m;
        }

        private static void put(java.util.Map<String, String> m, String k, String v) {
            if (v != null) {
                m.put(k, v);
            }
        }

        @Override
        public String toString() {
            return "Postgresql[connectionUrl=" + (connectionUrl == null ? "(unset)" : "********") + ", table="
                    + table + ", haEnabled=" + haEnabled + ", haTable=" + haTable + ", maxParallel=" + maxParallel
                    + ", maxIdleConnections=" + maxIdleConnections + ", skipCreateTable=" + skipCreateTable + "]";
        }
    }
}
