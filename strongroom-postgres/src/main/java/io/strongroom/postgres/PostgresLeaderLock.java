package io.strongroom.postgres;

import io.strongroom.storage.LeaderLock;
import io.strongroom.storage.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader lock in Vault's {@code vault_ha_locks} row ({@code ha_key = 'core/lock'}), hardened:
 * <ul>
 *   <li><b>Its own connection</b>, opened with {@link DriverManager}, never taken from the data pool: a saturated
 *       pool cannot starve renewal (hashicorp/vault#17643). A broken connection is dropped and re-opened by the
 *       next call, so the lock survives a database restart (the row is a table row, not a session lock).</li>
 *   <li><b>Every statement bounded</b>: {@code statement_timeout} on the session and a network timeout on the
 *       socket, both a fraction of the lease; opening the connection is bounded by {@code connectTimeout}.</li>
 *   <li><b>The database's clock</b> ({@code NOW()}) decides expiry, so clock skew between nodes does not matter;
 *       locally the holder counts its lease from the <em>start</em> of the successful statement, on the monotonic
 *       clock, so its own view always ends before the database's.</li>
 *   <li><b>Renew never re-creates</b> the row, and acquire only steals an expired one (openbao#2097).</li>
 *   <li><b>Fencing</b>: {@link #fenceIdentity()} gives {@link PostgresStorage} the identity that its writes must find
 *       in the row, checked in the same statement as the write.</li>
 * </ul>
 * Thread-safe: statements on the one connection are serialized on this object.
 */
final class PostgresLeaderLock implements LeaderLock {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeaderLock.class);
    /** vault-compat: core's lock key. */
    static final String LOCK_KEY = "core/lock";

    private final JdbcTarget target;
    private final String haTable;
    private final Timings timings;
    private final int statementTimeoutMs;
    private final Executor direct = Runnable::run;

    private Connection connection; // guarded by this
    private volatile String identity; // the identity of the lock this node holds, or null
    private volatile long heldUntilNanos;
    private volatile boolean fencing;
    private volatile boolean closed;

    PostgresLeaderLock(JdbcTarget target, String haTable, Timings timings) {
        this.target = target;
        this.haTable = haTable;
        this.timings = timings;
        // a lock statement must give up well before the lease is gone: a third of the lease, at least 100 ms
        this.statementTimeoutMs = (int) Math.max(100, timings.lease().toMillis() / 3);
    }

    @Override
    public synchronized boolean tryAcquire(String value) {
        String fresh = UUID.randomUUID().toString();
        long start = System.nanoTime();
        try (PreparedStatement ps = connection().prepareStatement(Sql.acquire(haTable))) {
            ps.setString(1, fresh);
            ps.setString(2, LOCK_KEY);
            ps.setString(3, value);
            ps.setDouble(4, timings.lease().toMillis());
            if (ps.executeUpdate() == 1) {
                heldUntilNanos = start + timings.lease().toNanos();
                identity = fresh;
                return true;
            }
            return false;
        } catch (SQLException e) {
            drop();
            throw Sql.error("acquiring the HA lock", target.describe(), haTable, e);
        }
    }

    @Override
    public synchronized boolean renew() {
        String mine = identity;
        if (mine == null) {
            return false;
        }
        long start = System.nanoTime();
        try (PreparedStatement ps = connection().prepareStatement(Sql.renew(haTable))) {
            ps.setDouble(1, timings.lease().toMillis());
            ps.setString(2, LOCK_KEY);
            ps.setString(3, mine);
            if (ps.executeUpdate() == 1) {
                heldUntilNanos = start + timings.lease().toNanos();
                return true;
            }
            identity = null; // stolen after expiry, or deleted: leadership is gone
            return false;
        } catch (SQLException e) {
            drop();
            throw Sql.error("renewing the HA lock", target.describe(), haTable, e);
        }
    }

    @Override
    public synchronized void release() {
        String mine = identity;
        identity = null; // first: from here on no write of this node passes the fence check
        if (mine == null || closed) {
            return;
        }
        try (PreparedStatement ps = connection().prepareStatement(Sql.release(haTable))) {
            ps.setString(1, mine);
            ps.setString(2, LOCK_KEY);
            ps.executeUpdate();
        } catch (SQLException e) {
            drop();
            LOG.warn("ha: could not delete the lock row (it expires by itself): {}", e.getMessage());
        }
    }

    @Override
    public boolean isHeld() {
        return identity != null && System.nanoTime() - heldUntilNanos < 0;
    }

    @Override
    public synchronized Optional<String> holderValue() {
        try (PreparedStatement ps = connection().prepareStatement(Sql.holder(haTable))) {
            ps.setString(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            drop();
            throw Sql.error("reading the HA lock", target.describe(), haTable, e);
        }
    }

    @Override
    public void requireLeadershipForWrites() {
        fencing = true;
    }

    /**
     * What a write must present: null when writes are not fenced yet; otherwise the identity of the lock held
     * (empty string when none, which no row matches). A node whose own lease view ran out presents none either.
     */
    String fenceIdentity() {
        if (!fencing) {
            return null;
        }
        String mine = identity;
        return mine != null && isHeld() ? mine : "";
    }

    @Override
    public Timings timings() {
        return timings;
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }

    /** Test hook: the backend pid of the lock connection (to kill it with pg_terminate_backend), or -1. */
    synchronized int backendPid() {
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            return rs.next() ? rs.getInt(1) : -1;
        } catch (SQLException e) {
            drop();
            return -1;
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the HA lock is closed", "08003");
        }
        if (connection != null) {
            return connection;
        }
        Properties p = new Properties();
        p.putAll(target.properties());
        // bounded connect: a dead host must not hold the lock thread longer than about a lease
        p.putIfAbsent("connectTimeout", Long.toString(Math.max(1, timings.lease().toSeconds())));
        p.putIfAbsent("loginTimeout", Long.toString(Math.max(1, timings.lease().toSeconds())));
        p.setProperty("tcpKeepAlive", "true");
        // the pid tells operators (and the fault tests) whose lock connection this is in pg_stat_activity
        p.setProperty("ApplicationName", "strongroom-ha-lock-" + ProcessHandle.current().pid());
        Connection c = DriverManager.getConnection(target.url(), p);
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = " + statementTimeoutMs);
            // a lock wait (the row locked by a write's FOR SHARE) is bounded by the same timeout
            st.execute("SET lock_timeout = " + statementTimeoutMs);
            c.setNetworkTimeout(direct, statementTimeoutMs + 200);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = c;
        return c;
    }

    private void drop() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken: that is why it is dropped
            }
        }
    }
}
