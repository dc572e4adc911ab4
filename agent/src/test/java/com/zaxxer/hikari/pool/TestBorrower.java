package com.zaxxer.hikari.pool;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Test code in a pool's own package, as HikariCP keeps its tests ({@code TestConnections}) beside
 * {@code HikariPool}: named like a test, its calls of {@code getConnection} are application call
 * sites to mark. Loaded woven by the weaver's tests.
 */
public final class TestBorrower {

  private final DataSource dataSource;

  public TestBorrower(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Connection borrow() throws SQLException {
    return dataSource.getConnection();
  }
}
