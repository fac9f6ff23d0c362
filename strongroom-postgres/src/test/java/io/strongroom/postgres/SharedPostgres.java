package io.strongroom.postgres;

import io.strongroom.testkit.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One private PostgreSQL cluster for every test class of this module (started on first use, stopped by the
 * harness's shutdown hook when the test JVM exits): starting a cluster costs about a second, and the test classes
 * keep apart by using their own databases.
 */
final class SharedPostgres {

    private static PostgresCluster cluster;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private SharedPostgres() {
    }

    static synchronized PostgresCluster cluster() {
        if (cluster == null) {
            cluster = new PostgresCluster().start();
        }
        return cluster;
    }

    /** A new, empty database; its JDBC URL. */
    static String freshDatabase(String stem) {
        String name = stem + "_" + DATABASES.incrementAndGet();
        cluster().createDatabase(name);
        return cluster().jdbcUrl(name);
    }

    static Connection connect(String jdbcUrl) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", PostgresCluster.USER);
        return DriverManager.getConnection(jdbcUrl, p);
    }

    static void exec(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Settings for the superuser over a jdbc URL (libpq URLs are tested in JdbcTargetTest). */
    static PostgresSettings settings(String jdbcUrl, boolean ha) {
        return new PostgresSettings(jdbcUrl + "?user=" + PostgresCluster.USER, null, 16, 2, ha, null, false, null);
    }
}
