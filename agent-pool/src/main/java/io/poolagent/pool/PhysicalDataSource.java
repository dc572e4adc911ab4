package io.poolagent.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * How a managed pool makes its physical connections: through the application's own DataSource or
 * {@code DriverManager}, with the credentials of the borrow that created the pool. The pool
 * engine sees it as a plain DataSource; the credentials stay in memory, never in a log line.
 */
final class PhysicalDataSource implements DataSource {

  /** One physical connect. */
  @FunctionalInterface
  interface Connect {
    Connection connect() throws SQLException;
  }

  private final Connect connect;
  /** A connection made before the engine started, handed to it as its first; or null. */
  private final AtomicReference<Connection> kept = new AtomicReference<>();

  private PhysicalDataSource(Connect connect) {
    this.connect = connect;
  }

  /** The application's DataSource, asked as the application asked it. */
  static PhysicalDataSource of(DataSource app, String user, String password) {
    return new PhysicalDataSource(
        user == null && password == null
            ? app::getConnection
            : () -> app.getConnection(user, password));
  }

  /**
   * {@code DriverManager} for one URL, through {@code connector} (which resolves the driver as
   * the application's class loader sees it).
   */
  static PhysicalDataSource of(
      DriverManagerConnector connector, String url, Properties info, ClassLoader loader) {
    Properties copy = new Properties();
    copy.putAll(info);
    return new PhysicalDataSource(() -> connector.connect(url, copy, loader));
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection first = kept.getAndSet(null);
    return first != null ? first : connect.connect();
  }

  /** {@code connection} is the next {@link #getConnection()}'s answer, made already. */
  void keep(Connection connection) {
    kept.set(connection);
  }

  /** Closes the kept connection if nobody took it. */
  void closeKept() {
    Connection first = kept.getAndSet(null);
    if (first != null) {
      try {
        first.close();
      } catch (SQLException e) {
        // It was never lent out: nothing depends on how it closes.
      }
    }
  }

  /** The engine is never given credentials of its own; see the class comment. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the managed pool connects with the app's credentials");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // The application's DataSource keeps its own.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // The engine sets it from its connection timeout; the application's setting stands.
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
