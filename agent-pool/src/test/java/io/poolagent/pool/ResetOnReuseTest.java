package io.poolagent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.LeaseTracker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A managed pool hands a connection to the next borrower as a fresh one from the driver would be,
 * whatever the previous borrower left on it. {@code pool.maxSize=1}: the second borrow provably
 * gets the same physical connection (same server session id), so every check below is about state
 * carried over, not about a new connection.
 */
class ResetOnReuseTest {

  /** What a driver connection is like before anyone touches it. */
  private record Fresh(
      int isolation,
      String serverIsolation,
      String catalog,
      String schema,
      String serverLocation,
      int networkTimeout) {}

  private static final Executor SAME_THREAD = Runnable::run;

  private final String marker = UUID.randomUUID().toString();
  private LeaseTracker tracker;
  private ManagedPools pools;

  @BeforeEach
  void setUp() throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse("mode=manage,pool.maxSize=1,pool.minIdle=1", Map.of(), Map.of()));
    pools = new ManagedPools(tracker, tracker.settings().pool(), DriverManagerConnector.direct());
  }

  @AfterEach
  void tearDown() {
    pools.closeAll();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void nextBorrowerFindsTheSessionAsTheDriverMadeIt(Databases db) throws Exception {
    db.prepare();
    DataSource dataSource = db.dataSource("pool-agent-reset-" + marker);
    Fresh fresh = fresh(db, dataSource);

    Connection first = borrow(dataSource);
    long backend = db.backendId(first);
    // Session state first, while no transaction is open: pgjdbc refuses to change isolation or
    // read-only inside one. Network timeout: any value but the driver's.
    first.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    first.setReadOnly(true);
    first.setNetworkTimeout(SAME_THREAD, fresh.networkTimeout() + 12_345);
    if (db == Databases.MARIADB) {
      first.setCatalog(Databases.OTHER_CATALOG);
    } else {
      // A PostgreSQL connection is to one database for life (pgjdbc's setCatalog does nothing),
      // so the catalog is not tested there; the schema is, MariaDB having none apart from it.
      first.setSchema(Databases.OTHER_SCHEMA);
    }
    first.setAutoCommit(false);
    Statement statement = first.createStatement();
    // Both drivers make a read-only connection's transactions READ ONLY (pgjdbc with BEGIN READ
    // ONLY, MariaDB's for the session). This one transaction is made writable before it starts, so
    // it takes the INSERT while the connection stays read-only.
    statement.execute("SET TRANSACTION READ WRITE");
    statement.executeUpdate("INSERT INTO " + db.scratch() + " VALUES ('" + marker + "')");
    ResultSet resultSet = statement.executeQuery("SELECT marker FROM " + db.scratch());
    // The borrower really left all of that behind.
    assertThat(first.getAutoCommit()).isFalse();
    assertThat(first.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    assertThat(first.isReadOnly()).isTrue();
    assertThat(first.getNetworkTimeout()).isEqualTo(fresh.networkTimeout() + 12_345);
    assertThat(location(db, first)).isNotEqualTo(fresh.serverLocation());
    assertThat(db.rowsWith(first, marker)).as("its own uncommitted row").isEqualTo(1);
    assertThat(db.transactionOpen(first, backend)).isTrue();
    first.close();

    Connection second = borrow(dataSource);
    assertThat(db.backendId(second))
        .as("pool.maxSize=1: the second borrower has the first one's physical connection")
        .isEqualTo(backend);
    assertThat(second.getAutoCommit()).as("autoCommit").isTrue();
    assertThat(second.getTransactionIsolation()).as("isolation").isEqualTo(fresh.isolation());
    assertThat(serverIsolation(db, second)).as("isolation, as the server has it").isEqualTo(fresh.serverIsolation());
    assertThat(second.isReadOnly()).as("readOnly").isFalse();
    assertThat(second.getCatalog()).as("catalog").isEqualTo(fresh.catalog());
    assertThat(second.getSchema()).as("schema").isEqualTo(fresh.schema());
    assertThat(location(db, second)).as("database and schema, as the server has them").isEqualTo(fresh.serverLocation());
    assertThat(second.getNetworkTimeout()).as("network timeout").isEqualTo(fresh.networkTimeout());
    assertThat(statement.isClosed()).as("the first borrower's statement").isTrue();
    assertThat(resultSet.isClosed()).as("the first borrower's result set").isTrue();
    assertThat(db.transactionOpen(second, backend)).as("a transaction still open on the session").isFalse();
    assertThat(db.rowsWith(second, marker)).as("the uncommitted row, seen by the next borrower").isZero();
    second.close();

    assertThat(db.committedRowsWith(marker)).as("the uncommitted row, seen from another session").isZero();
  }

  /**
   * Work done on the driver's own connection (what {@code unwrap} is for: PostgreSQL's COPY and
   * large objects, MariaDB's bulk loads) is invisible to the pool engine's statement tracking. Left
   * uncommitted, it must still be rolled back, as closing a plain driver connection would: not
   * committed by the engine switching auto-commit back on (a JDBC {@code setAutoCommit(true)}
   * commits the open transaction).
   */
  @ParameterizedTest
  @EnumSource(Databases.class)
  void uncommittedWorkOnTheUnwrappedDriverConnectionIsRolledBack(Databases db) throws Exception {
    db.prepare();
    DataSource dataSource = db.dataSource("pool-agent-unwrapped-write-" + marker);

    Connection first = borrow(dataSource);
    long backend = db.backendId(first);
    first.setAutoCommit(false);
    Connection driver = (Connection) first.unwrap(db.driverConnection);
    try (Statement statement = driver.createStatement()) {
      statement.executeUpdate("INSERT INTO " + db.scratch() + " VALUES ('" + marker + "')");
    }
    // Asked on the driver's connection too: a query through the pooled one would let the engine
    // see a statement run inside the transaction.
    assertThat(db.transactionOpen(driver, backend)).isTrue();
    first.close();

    try (Connection second = borrow(dataSource)) {
      assertThat(db.backendId(second)).as("the same physical connection").isEqualTo(backend);
      assertThat(db.transactionOpen(second, backend)).as("a transaction still open on the session").isFalse();
      assertThat(db.rowsWith(second, marker)).as("the uncommitted row, seen by the next borrower").isZero();
    }
    assertThat(db.committedRowsWith(marker)).as("the uncommitted row, seen from another session").isZero();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void unwrapReachesTheDriversConnection(Databases db) throws Exception {
    DataSource dataSource = db.dataSource("pool-agent-unwrap-" + marker);
    try (Connection connection = borrow(dataSource)) {
      assertThat(connection.isWrapperFor(db.driverConnection)).isTrue();
      Object driverConnection = connection.unwrap(db.driverConnection);
      assertThat(driverConnection).isInstanceOf(db.driverConnection);
      assertThat(db.backendId((Connection) driverConnection))
          .as("the driver's connection is the one behind the pooled connection")
          .isEqualTo(db.backendId(connection));
    }
  }

  private Connection borrow(DataSource dataSource) throws SQLException {
    Connection connection = pools.route(dataSource, null, null, null, 0);
    assertThat(connection).as("a driver DataSource is routed to a managed pool").isNotNull();
    return connection;
  }

  /** The same DataSource, its connection straight from the driver (no pool in between). */
  private static Fresh fresh(Databases db, DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return new Fresh(
          c.getTransactionIsolation(),
          serverIsolation(db, c),
          c.getCatalog(),
          c.getSchema(),
          location(db, c),
          c.getNetworkTimeout());
    }
  }

  /** The isolation the session's next transaction gets, asked of the server, not the driver. */
  private static String serverIsolation(Databases db, Connection c) throws SQLException {
    return Databases.queryOne(
        c, db == Databases.POSTGRES ? "SHOW default_transaction_isolation" : "SELECT @@tx_isolation");
  }

  /** Where unqualified names go, asked of the server: database, and schema on PostgreSQL. */
  private static String location(Databases db, Connection c) throws SQLException {
    return Databases.queryOne(
        c,
        db == Databases.POSTGRES
            ? "SELECT current_database() || '.' || current_schema()"
            : "SELECT DATABASE()");
  }
}
