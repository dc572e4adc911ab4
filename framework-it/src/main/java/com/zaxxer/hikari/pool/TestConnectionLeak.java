package com.zaxxer.hikari.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Test code in HikariCP's own package, as HikariCP keeps its tests ({@code TestConnections} beside
 * {@code HikariPool}), run as a program: borrows and returns a few connections, then leaks one. Its
 * leak must be reported at its own line, not at {@code HikariDataSource} nor at what runs it.
 */
public final class TestConnectionLeak {

  /** The pool's name in the agent's report. */
  public static final String POOL = "hikari-own-package";

  private TestConnectionLeak() {}

  public static void main(String[] args) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
    config.setUsername("postgres");
    config.setPoolName(POOL);
    config.setMaximumPoolSize(2);
    HikariDataSource dataSource = new HikariDataSource(config);
    long returned = 0;
    for (int i = 1; i <= 3; i++) {
      try (Connection connection = dataSource.getConnection()) {
        returned += count(connection, i);
      }
    }
    System.out.println("counted on returned connections: " + returned);
    System.out.println("counted on a leaked connection: " + countOnLeakedConnection(dataSource));
    System.out.println("hikari test done");
  }

  /** Borrows and never closes: the connection is dropped when this returns. */
  private static long countOnLeakedConnection(HikariDataSource dataSource) throws SQLException {
    Connection connection = dataSource.getConnection(); // LEAK: hikari-package
    return count(connection, 4);
  }

  private static long count(Connection connection, int upTo) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from generate_series(1, " + upTo + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
