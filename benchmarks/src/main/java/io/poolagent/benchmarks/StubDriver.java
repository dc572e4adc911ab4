package io.poolagent.benchmarks;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A driver for {@code jdbc:stub:} URLs: each connect is a new {@link StubConnection}, no I/O. Lets
 * the benchmarks borrow through {@code DriverManager}, the source that does not pool which every
 * JVM has, and which {@code mode=manage} routes to a managed pool.
 */
public final class StubDriver implements Driver {

  public static final String URL = "jdbc:stub:bench";

  private static final StubDriver INSTANCE = new StubDriver();

  /** Idempotent: {@code DriverManager} keeps one registration per driver object. */
  public static void register() throws SQLException {
    DriverManager.registerDriver(INSTANCE);
  }

  @Override
  public Connection connect(String url, Properties info) {
    return acceptsURL(url) ? new StubConnection() : null;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith("jdbc:stub:");
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
