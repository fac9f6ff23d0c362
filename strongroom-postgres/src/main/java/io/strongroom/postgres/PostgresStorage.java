package io.strongroom.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.strongroom.storage.HaStorage;
import io.strongroom.storage.LeaderLock;
import io.strongroom.storage.NotLeaderException;
import io.strongroom.storage.StorageException;
import io.strongroom.storage.StorageKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code storage "postgresql"}: values in Vault's table (see {@link Sql} for the layout and statements), one row per
 * key, every statement autocommitted on a HikariCP pool of at most {@code max_parallel} connections.
 *
 * <p><b>Key mapping</b> (vault-compat: {@code splitKey}, ha-postgres spec 2.2): the last segment is {@code key};
 * {@code path} is {@code '/'} plus the folders plus {@code '/'}; {@code parent_path} is the same one level up,
 * {@code ''} for top-level keys. {@code core/keyring} is {@code ('/', '/core/', 'keyring')}.
 *
 * <p><b>HA</b> ({@code ha_enabled}): the {@link #leaderLock()} lives on its own connection. Once the node has joined
 * the cluster ({@link LeaderLock#requireLeadershipForWrites()}), every put and delete is one statement that also
 * checks, FOR SHARE, that the lock row still carries this node's identity and is unexpired by the database's
 * clock; otherwise nothing is written and the call fails with {@link NotLeaderException}. Reads are never fenced
 * (standbys read the keyring and the leader's address).
 *
 * <p>Errors: an unreachable database, a missing table or missing rights fail {@link #open} with a message that says
 * which; later failures are {@link StorageException}s with the SQLSTATE's meaning. Thread-safe.
 */
public final class PostgresStorage implements HaStorage, AutoCloseable {

    private final PostgresSettings settings;
    private final JdbcTarget target;
    private final HikariDataSource pool;
    private final PostgresLeaderLock lock;
    private final String getSql;
    private final String putSql;
    private final String deleteSql;
    private final String fencedPutSql;
    private final String fencedDeleteSql;
    private final String listSql;

    private PostgresStorage(PostgresSettings settings, JdbcTarget target, HikariDataSource pool) {
        this.settings = settings;
        this.target = target;
        this.pool = pool;
        this.lock = new PostgresLeaderLock(target, settings.haTable(), settings.timings());
        String t = settings.table();
        String h = settings.haTable();
        this.getSql = Sql.get(t);
        this.putSql = Sql.put(t);
        this.deleteSql = Sql.delete(t);
        this.fencedPutSql = Sql.fencedPut(t, h);
        this.fencedDeleteSql = Sql.fencedDelete(t, h);
        this.listSql = Sql.list(t);
    }

    /**
     * Connects, creates missing tables (unless {@code skip_create_table}) and checks that the tables can be read.
     *
     * @throws StorageException naming the problem: database unreachable, login refused, table missing, rights
     *     missing
     */
    public static PostgresStorage open(PostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        JdbcTarget target = JdbcTarget.parse(settings.connectionUrl());
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("strongroom-pg");
        hc.setJdbcUrl(target.url());
        hc.setDataSourceProperties(target.properties());
        hc.setMaximumPoolSize(settings.maxParallel());
        hc.setMinimumIdle(Math.min(settings.maxIdleConnections(), settings.maxParallel()));
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        hc.setInitializationFailTimeout(-1); // the first connection is made, and reported, below
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "strongroom");
        hc.addDataSourceProperty("connectTimeout", "5");
        // a hung database must not hold a request thread forever (60 s; large values are slow, not hung)
        hc.addDataSourceProperty("socketTimeout", "60");
        HikariDataSource pool = new HikariDataSource(hc);
        PostgresStorage storage = new PostgresStorage(settings, target, pool);
        try {
            storage.prepareTables();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private void prepareTables() {
        try (Connection c = connection(); Statement st = c.createStatement()) {
            if (!settings.skipCreateTable()) {
                create(st, Sql.createData(settings.table()));
                create(st, Sql.createDataIndex(settings.table()));
                if (settings.haEnabled()) {
                    create(st, Sql.createLocks(settings.haTable()));
                }
            }
            check(st, settings.table(), "SELECT 1 FROM " + Sql.quote(settings.table()) + " LIMIT 1");
            if (settings.haEnabled()) {
                check(st, settings.haTable(), "SELECT 1 FROM " + Sql.quote(settings.haTable()) + " LIMIT 1");
            }
        } catch (SQLException e) {
            throw Sql.error("opening PostgreSQL storage", target.describe(), settings.table(), e);
        }
    }

    /**
     * Runs one {@code CREATE ... IF NOT EXISTS}. Two nodes starting at once can both pass PostgreSQL's "not exists"
     * test and one then fails on the catalog's unique index (23505, or 42P07 for a relation): the other node has
     * just created it, so the statement is run once more, and now finds it.
     */
    private static void create(Statement st, String sql) throws SQLException {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
            st.execute(sql);
        }
    }

    private void check(Statement st, String table, String sql) {
        try (ResultSet ignored = st.executeQuery(sql)) {
            // readable
        } catch (SQLException e) {
            throw Sql.error("opening PostgreSQL storage", target.describe(), table, e);
        }
    }

    private Connection connection() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            // Hikari wraps the driver's error; report the driver's (it has the SQLSTATE)
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            if (e.getSQLState() == null) {
                throw new SQLException(e.getMessage(), "08001", e);
            }
            throw e;
        } catch (HikariPool.PoolInitializationException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
    }

    /** vault-compat: {@code splitKey}: (parent_path, path, key). */
    static String[] split(String key) {
        String[] p = key.split("/", -1);
        int n = p.length;
        String last = p[n - 1];
        if (n == 1) {
            return new String[] {"", "/", last};
        }
        if (n == 2) {
            return new String[] {"/", "/" + p[0] + "/", last};
        }
        String parent = "/" + String.join("/", java.util.Arrays.copyOfRange(p, 0, n - 2)) + "/";
        String path = "/" + String.join("/", java.util.Arrays.copyOfRange(p, 0, n - 1)) + "/";
        return new String[] {parent, path, last};
    }

    @Override
    public byte[] get(String key) {
        String[] s = split(StorageKeys.requireValidKey(key));
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(getSql)) {
            ps.setString(1, s[1]);
            ps.setString(2, s[2]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                byte[] v = rs.getBytes(1);
                return v == null ? new byte[0] : v;
            }
        } catch (SQLException e) {
            throw Sql.error("reading from PostgreSQL", target.describe(), settings.table(), e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        String[] s = split(StorageKeys.requireValidKey(key));
        if (value == null) {
            throw new io.strongroom.base.InvalidRequestException("storage value must not be null");
        }
        String fence = lock.fenceIdentity();
        try (Connection c = connection()) {
            if (fence == null) {
                try (PreparedStatement ps = c.prepareStatement(putSql)) {
                    ps.setString(1, s[0]);
                    ps.setString(2, s[1]);
                    ps.setString(3, s[2]);
                    ps.setBytes(4, value);
                    ps.executeUpdate();
                }
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(fencedPutSql)) {
                ps.setString(1, PostgresLeaderLock.LOCK_KEY);
                ps.setString(2, fence);
                ps.setString(3, s[0]);
                ps.setString(4, s[1]);
                ps.setString(5, s[2]);
                ps.setBytes(6, value);
                requireFencePassed(ps);
            }
        } catch (SQLException e) {
            throw Sql.error("writing to PostgreSQL", target.describe(), settings.table(), e);
        }
    }

    @Override
    public void delete(String key) {
        String[] s = split(StorageKeys.requireValidKey(key));
        String fence = lock.fenceIdentity();
        try (Connection c = connection()) {
            if (fence == null) {
                try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                    ps.setString(1, s[1]);
                    ps.setString(2, s[2]);
                    ps.executeUpdate();
                }
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(fencedDeleteSql)) {
                ps.setString(1, PostgresLeaderLock.LOCK_KEY);
                ps.setString(2, fence);
                ps.setString(3, s[1]);
                ps.setString(4, s[2]);
                requireFencePassed(ps);
            }
        } catch (SQLException e) {
            throw Sql.error("deleting from PostgreSQL", target.describe(), settings.table(), e);
        }
    }

    private static void requireFencePassed(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getLong(1) != 1) {
                throw new NotLeaderException();
            }
        }
    }

    @Override
    public List<String> list(String prefix) {
        String folder = StorageKeys.normalizePrefix(prefix);
        String path = "/" + folder; // "/" for the root, "/a/b/" otherwise
        // every string that starts with path sorts in [path, path with its last '/' replaced by '0') under "C"
        String upper = path.substring(0, path.length() - 1) + "0";
        List<String> out = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(listSql)) {
            ps.setString(1, path);
            ps.setInt(2, path.length());
            ps.setString(3, path);
            ps.setString(4, upper);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name != null && !name.isEmpty()) {
                        out.add(name);
                    }
                }
            }
        } catch (SQLException e) {
            throw Sql.error("listing in PostgreSQL", target.describe(), settings.table(), e);
        }
        return out.stream().distinct().sorted().toList();
    }

    @Override
    public String type() {
        return "postgresql";
    }

    @Override
    public LeaderLock leaderLock() {
        return lock;
    }

    @Override
    public boolean haEnabled() {
        return settings.haEnabled();
    }

    /** Test hook: the backend pid of the lock's own connection. */
    int lockBackendPid() {
        return lock.backendPid();
    }

    /** Closes the lock's connection and the pool. Does not release the lock (see {@link LeaderLock#close()}). */
    @Override
    public void close() {
        lock.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresStorage[" + target.describe() + ", table=" + settings.table() + "]";
    }
}
