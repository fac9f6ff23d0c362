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
     */
    record Postgresql(String connectionUrl, String table, boolean haEnabled, String haTable)
            implements StorageConfig {
        @Override
        public String type() {
            return "postgresql";
        }

        @Override
        public String toString() {
            return "Postgresql[connectionUrl=" + (connectionUrl == null ? "(unset)" : "********") + ", table="
                    + table + ", haEnabled=" + haEnabled + ", haTable=" + haTable + "]";
        }
    }
}
