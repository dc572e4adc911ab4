package com.example.shop;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Application code for the weaver's tests: its calls of {@code getConnection} are call sites to
 * mark. Loaded woven by the tests' own class loader.
 */
public final class Repository {

  private final DataSource dataSource;
  private final Connection held;

  public Repository(DataSource dataSource, Connection held) {
    this.dataSource = dataSource;
    this.held = held;
  }

  public Connection orders() throws SQLException {
    return dataSource.getConnection();
  }

  public Connection invoices() throws SQLException {
    return dataSource.getConnection();
  }

  /** A {@code getConnection} that is no borrow: it hands out a connection already held. */
  public Connection getConnection() {
    return held;
  }

  /** Calls the method above: a marked call that starts no borrow. */
  public Connection current() {
    return getConnection();
  }
}
