package io.strongroom.postgres;

import io.strongroom.storage.StorageException;
import java.sql.SQLException;

/**
 * The SQL text of the storage and the lock, in one place, and the translation of driver errors into messages an
 * operator can act on.
 *
 * <p>Table layout (vault-compat: Vault's {@code physical/postgresql}, ha-postgres spec 2.1; a Vault server can
 * read what Strongroom writes):
 * <pre>
 * CREATE TABLE vault_kv_store (parent_path TEXT COLLATE "C" NOT NULL, path TEXT COLLATE "C", key TEXT COLLATE "C",
 *                              value BYTEA, CONSTRAINT pkey PRIMARY KEY (path, key));
 * CREATE INDEX parent_path_idx ON vault_kv_store (parent_path);
 * CREATE TABLE vault_ha_locks (ha_key TEXT COLLATE "C" NOT NULL, ha_identity TEXT COLLATE "C" NOT NULL,
 *                              ha_value TEXT COLLATE "C", valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
 *                              CONSTRAINT ha_key PRIMARY KEY (ha_key));
 * </pre>
 * The constraint and index names are derived from the table name here ({@code <table>_pkey}), because Vault's
 * fixed names collide for a second table in one schema. Every time column is {@code timestamptz}: a lease written
 * from a session in another time zone must not look valid for hours longer.
 */
final class Sql {

    private Sql() {
    }

    /** vault-compat: {@code dbutil.QuoteIdentifier}: the whole name is one identifier, {@code "} doubled. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String createData(String t) {
        String q = quote(t);
        return "CREATE TABLE IF NOT EXISTS " + q + " (parent_path TEXT COLLATE \"C\" NOT NULL, path TEXT COLLATE \"C\", "
                + "key TEXT COLLATE \"C\", value BYTEA, CONSTRAINT " + quote(t + "_pkey") + " PRIMARY KEY (path, key))";
    }

    static String createDataIndex(String t) {
        return "CREATE INDEX IF NOT EXISTS " + quote(t + "_parent_path_idx") + " ON " + quote(t) + " (parent_path)";
    }

    static String createLocks(String h) {
        return "CREATE TABLE IF NOT EXISTS " + quote(h) + " (ha_key TEXT COLLATE \"C\" NOT NULL, "
                + "ha_identity TEXT COLLATE \"C\" NOT NULL, ha_value TEXT COLLATE \"C\", "
                + "valid_until TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT " + quote(h + "_ha_key") + " PRIMARY KEY (ha_key))";
    }

    static String get(String t) {
        return "SELECT value FROM " + quote(t) + " WHERE path = ? AND key = ?";
    }

    /** vault-compat: Vault's upsert. Binds parent_path, path, key, value. */
    static String put(String t) {
        return "INSERT INTO " + quote(t) + " (parent_path, path, key, value) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (path, key) DO UPDATE SET parent_path = EXCLUDED.parent_path, value = EXCLUDED.value";
    }

    static String delete(String t) {
        return "DELETE FROM " + quote(t) + " WHERE path = ? AND key = ?";
    }

    /**
     * The lock-row check shared by fenced writes: the row of this node's lock identity, unexpired by the database's
     * clock, locked FOR SHARE until the write commits. A steal (an UPDATE of that row) therefore waits for every
     * write that passed the check, and a write that starts after the steal re-reads the row and finds another
     * identity: the database itself refuses a deposed holder's write. Binds ha_key, ha_identity.
     */
    private static String fence(String h) {
        return "WITH l AS (SELECT 1 FROM " + quote(h) + " WHERE ha_key = ? AND ha_identity = ? AND valid_until > NOW() "
                + "FOR SHARE)";
    }

    /** Fenced put: one statement; the result (a count) is 1 when the lock held and the value was written, else 0. */
    static String fencedPut(String t, String h) {
        return fence(h) + ", w AS (INSERT INTO " + quote(t) + " (parent_path, path, key, value) SELECT ?, ?, ?, ? FROM l "
                + "ON CONFLICT (path, key) DO UPDATE SET parent_path = EXCLUDED.parent_path, value = EXCLUDED.value "
                + "RETURNING 1) SELECT count(*) FROM l";
    }

    /** Fenced delete; result 1 when the lock held (the row is then gone), else 0. */
    static String fencedDelete(String t, String h) {
        return fence(h) + ", d AS (DELETE FROM " + quote(t) + " WHERE path = ? AND key = ? AND EXISTS (SELECT 1 FROM l) "
                + "RETURNING 1) SELECT count(*) FROM l";
    }

    /**
     * vault-compat: Vault's two-branch list (direct keys, then the first segment of deeper rows as folders), but the
     * prefix match is a range ({@code parent_path >= '/a/' AND parent_path < '/a0'}, '0' being '/' + 1) instead of
     * {@code LIKE $1 || '%'}: {@code _} and {@code %} in a prefix are no wildcards (Vault's are, spec 2.3), and the
     * range uses {@code parent_path}'s index in every plan, also a generic prepared one. Binds: path, prefix
     * length, lower bound, upper bound.
     */
    static String list(String t) {
        String q = quote(t);
        return "SELECT key FROM " + q + " WHERE path = ? UNION ALL SELECT DISTINCT substring(substr(path, ? + 1) "
                + "from '^.*?/') FROM " + q + " WHERE parent_path >= ? AND parent_path < ?";
    }

    // ---- the lock (ha table) ----

    /**
     * Take the lock if nobody holds an unexpired lease (vault-compat: Vault's upsert, minus its "or it is already
     * mine" branch: a fresh identity per attempt never matches, and openbao#2097 showed that branch re-creating a
     * truncated lock). Binds identity, key, value, lease in milliseconds. Update count 1 = acquired.
     */
    static String acquire(String h) {
        return "INSERT INTO " + quote(h) + " AS t (ha_identity, ha_key, ha_value, valid_until) "
                + "VALUES (?, ?, ?, NOW() + ? * INTERVAL '1 millisecond') ON CONFLICT (ha_key) DO UPDATE SET "
                + "ha_identity = EXCLUDED.ha_identity, ha_value = EXCLUDED.ha_value, valid_until = EXCLUDED.valid_until "
                + "WHERE t.valid_until < NOW()";
    }

    /** Renew only a lock that is still this identity's (never re-create it). Binds lease ms, key, identity. */
    static String renew(String h) {
        return "UPDATE " + quote(h) + " SET valid_until = NOW() + ? * INTERVAL '1 millisecond' "
                + "WHERE ha_key = ? AND ha_identity = ?";
    }

    /** vault-compat: {@code Value()}. Binds key. */
    static String holder(String h) {
        return "SELECT ha_value FROM " + quote(h) + " WHERE NOW() <= valid_until AND ha_key = ?";
    }

    /** vault-compat: {@code Unlock()} deletes only its own row. Binds identity, key. */
    static String release(String h) {
        return "DELETE FROM " + quote(h) + " WHERE ha_identity = ? AND ha_key = ?";
    }

    /**
     * A driver error as a {@link StorageException} whose message says what to do. Never includes values or the
     * connection password (pgjdbc messages hold neither).
     */
    static StorageException error(String what, String target, String table, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg;
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03") || state.equals("53300")) {
            msg = what + ": cannot reach PostgreSQL at " + target + " (" + e.getMessage() + ")";
        } else if (state.equals("42P01")) {
            msg = what + ": table " + quote(table) + " does not exist in " + target
                    + "; create it (docs/ha-postgres.md) or remove skip_create_table";
        } else if (state.equals("42501")) {
            msg = what + ": the database role lacks rights on " + quote(table) + " (" + e.getMessage()
                    + "); grant SELECT, INSERT, UPDATE, DELETE on it";
        } else if (state.equals("28P01") || state.equals("28000")) {
            msg = what + ": PostgreSQL at " + target + " refused the login (" + e.getMessage() + ")";
        } else if (state.equals("3D000")) {
            msg = what + ": " + e.getMessage() + " at " + target;
        } else {
            msg = what + " failed (SQLSTATE " + state + "): " + e.getMessage();
        }
        return new StorageException(msg, e);
    }
}
