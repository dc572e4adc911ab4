package io.poolagent.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The local database servers the managed pool's tests run on. A server that is down fails the
 * tests with a message that says how to start it: never a silent skip.
 */
enum Databases {
  POSTGRES(
      "PostgreSQL",
      5432,
      "pg_ctlcluster --skip-systemctl-redirect 15 main start",
      "jdbc:postgresql://127.0.0.1:5432/test",
      "postgres",
      "SELECT pg_backend_pid()",
      PGConnection.class),
  MARIADB(
      "MariaDB",
      3306,
      "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
      "jdbc:mariadb://127.0.0.1:3306/test",
      "root",
      "SELECT CONNECTION_ID()",
      org.mariadb.jdbc.Connection.class);

  /** A table the tests write rows to, each test its own marker; in the original database. */
  static final String SCRATCH = "pool_agent_scratch";

  /** PostgreSQL: a second schema in database {@code test}, for {@code setSchema}. */
  static final String OTHER_SCHEMA = "pool_agent_other";

  /** MariaDB: a second database, for {@code setCatalog}. */
  static final String OTHER_CATALOG = "test_other";

  final String server;
  final int port;
  final String startCommand;
  final String url;
  final String user;
  final String backendIdQuery;
  /** The driver's own connection type, what {@code unwrap} must reach. */
  final Class<?> driverConnection;

  Databases(
      String server,
      int port,
      String startCommand,
      String url,
      String user,
      String backendIdQuery,
      Class<?> driverConnection) {
    this.server = server;
    this.port = port;
    this.startCommand = startCommand;
    this.url = url;
    this.user = user;
    this.backendIdQuery = backendIdQuery;
    this.driverConnection = driverConnection;
  }

  /** Fails with how to start the server when nothing listens on its port. */
  void requireReachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          server
              + " is not reachable at 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); the managed pool's tests need it (database test, user "
              + user
              + ", empty password). Start it (e.g. `"
              + startCommand
              + "`) or run .ci/run, which does.");
    }
  }

  /**
   * The driver's own DataSource, which does not pool: what {@code mode=manage} routes. PostgreSQL
   * connections carry {@code applicationName}, so that a test counts its own backends only.
   */
  DataSource dataSource(String applicationName) throws SQLException {
    requireReachable();
    if (this == POSTGRES) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(url);
      ds.setUser(user);
      ds.setPassword("");
      ds.setApplicationName(applicationName);
      return ds;
    }
    MariaDbDataSource ds = new MariaDbDataSource(url);
    ds.setUser(user);
    ds.setPassword("");
    return ds;
  }

  /** A connection the managed pools never see: for setup and for looking from outside. */
  Connection direct() throws SQLException {
    requireReachable();
    return DriverManager.getConnection(url, user, "");
  }

  /** The server's id of the session behind {@code connection}: one per physical connection. */
  long backendId(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(backendIdQuery)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Creates what the tests need, if missing: the scratch table, the other schema or database. */
  void prepare() throws SQLException {
    try (Connection c = direct();
        Statement st = c.createStatement()) {
      if (this == POSTGRES) {
        st.execute("CREATE TABLE IF NOT EXISTS public." + SCRATCH + " (marker varchar(64))");
        st.execute("CREATE SCHEMA IF NOT EXISTS " + OTHER_SCHEMA);
      } else {
        st.execute(
            "CREATE TABLE IF NOT EXISTS test." + SCRATCH + " (marker varchar(64)) ENGINE=InnoDB");
        st.execute("CREATE DATABASE IF NOT EXISTS " + OTHER_CATALOG);
      }
    }
  }

  /** The scratch table, qualified: it is found whatever catalog or schema a borrower set. */
  String scratch() {
    return (this == POSTGRES ? "public." : "test.") + SCRATCH;
  }

  /** Rows with {@code marker} in the scratch table, as {@code connection} sees them. */
  long rowsWith(Connection connection, String marker) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement("SELECT count(*) FROM " + scratch() + " WHERE marker = ?")) {
      st.setString(1, marker);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Rows with {@code marker}, as a connection of its own sees them (committed ones only). */
  long committedRowsWith(String marker) throws SQLException {
    try (Connection c = direct()) {
      return rowsWith(c, marker);
    }
  }

  /**
   * Whether the session behind {@code session} ({@code backendId}) has a transaction open, as the
   * server sees it. PostgreSQL is asked from another session ({@code pg_stat_activity}); MariaDB
   * by the session itself ({@code @@in_transaction}): its {@code information_schema.innodb_trx}
   * is a cache refreshed at most every 100 ms, and would still show a transaction just rolled back.
   */
  boolean transactionOpen(Connection session, long backendId) throws SQLException {
    if (this == MARIADB) {
      return queryOne(session, "SELECT @@in_transaction").equals("1");
    }
    try (Connection c = direct();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND xact_start IS NOT NULL")) {
      st.setLong(1, backendId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /**
   * PostgreSQL: the server's sessions of this test, by the {@code applicationName} its DataSource
   * gave them ({@link #dataSource}), asked on {@code observer}.
   */
  static List<Long> backends(Connection observer, String applicationName)
      throws SQLException {
    try (PreparedStatement st =
        observer.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE datname = 'test' AND application_name = ?")) {
      st.setString(1, applicationName);
      try (ResultSet rs = st.executeQuery()) {
        List<Long> pids = new ArrayList<>();
        while (rs.next()) {
          pids.add(rs.getLong(1));
        }
        return pids;
      }
    }
  }

  /** A one-value query on {@code connection}, as text. */
  static String queryOne(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
