package io.strongroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresClusterTest {

    @Test
    void startCreateDatabaseClose_privateCluster_answersSelect1AndLeavesNothingRunning() throws Exception {
        long t0 = System.nanoTime();
        PostgresCluster pg = new PostgresCluster().start();
        System.out.println("PostgreSQL ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        int port = pg.port();
        try {
            pg.createDatabase("strongroom_test");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("strongroom_test"), PostgresCluster.USER, "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            pg.close();
        }
        assertThat(MotoServerTest.canConnect(port)).isFalse();
    }
}
