package io.poolagent.testapp.db;

import io.poolagent.testapp.cli.Options;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where connections come from: a DataSource, or (when {@link #dataSource()} is null) {@code
 * DriverManager} with {@link #url()} and {@link #properties()}.
 *
 * <p>Leaking code must not borrow through {@link #connect()}: the agent would then report this
 * class as the call site of every leak. It picks the path itself, in its own method, instead.
 */
public final class Database {
  private final String url;
  private final Properties properties;
  private final DataSource dataSource;

  private Database(String url, Properties properties, DataSource dataSource) {
    this.url = url;
    this.properties = properties;
    this.dataSource = dataSource;
  }

  public static Database open(Options options) throws DatabaseUnavailableException {
    Properties properties = new Properties();
    properties.setProperty("user", options.user());
    properties.setProperty("password", options.password());
    DataSource dataSource =
        DataSources.create(
            options.db(),
            options.via(),
            options.url(),
            options.user(),
            options.password(),
            options.poolSize(),
            options.borrowTimeout());
    return new Database(options.url(), properties, dataSource);
  }

  /** The DataSource to borrow from, or null when borrowing through DriverManager. */
  public DataSource dataSource() {
    return dataSource;
  }

  public String url() {
    return url;
  }

  /** A fresh copy, so no driver can change what the next borrow sends. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /** Borrows for code that closes what it borrows (setup, no-leak, load). */
  public Connection connect() throws SQLException {
    return dataSource != null
        ? dataSource.getConnection()
        : DriverManager.getConnection(url, properties());
  }
}
