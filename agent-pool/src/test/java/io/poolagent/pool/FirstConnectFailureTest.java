package io.poolagent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.report.Report;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;

/**
 * A borrow whose physical connect cannot succeed fails as the application's own connect would:
 * with the driver's exception, at once, not with the pool's "request timed out" after
 * {@code pool.connectionTimeout} (30 s here). Fixing the settings, the application borrows again.
 */
class FirstConnectFailureTest {

  /** A port nothing listens on: TCP port 1 is never a database's. */
  private static final int CLOSED_PORT = 1;

  private final String applicationName = "pool-agent-failure-" + UUID.randomUUID();
  private LeaseTracker tracker;
  private ManagedPools pools;

  @BeforeEach
  void setUp() throws Exception {
    tracker =
        new LeaseTracker(
            SettingsParser.parse("mode=manage,pool.connectionTimeout=30s", Map.of(), Map.of()));
    pools = new ManagedPools(tracker, tracker.settings().pool(), DriverManagerConnector.direct());
  }

  @AfterEach
  void tearDown() {
    pools.closeAll();
  }

  @Test
  void postgresUnknownUserFailsWithTheDriversExceptionThenTheFixedDataSourceWorks()
      throws Exception {
    PGSimpleDataSource dataSource =
        (PGSimpleDataSource) Databases.POSTGRES.dataSource(applicationName);
    // Trust authentication takes any password: an unknown role is the credentials error here.
    dataSource.setUser("pool_agent_no_such_role");

    Throwable thrown = catchThrowable(() -> pools.route(dataSource, null, null, null, 0));

    assertDriversOwn(thrown, PSQLException.class, "pool_agent_no_such_role");
    dataSource.setUser(Databases.POSTGRES.user);
    assertBorrowWorks(dataSource);
    assertOneManagedPoolReported();
  }

  @Test
  void postgresClosedPortFailsWithTheDriversExceptionThenAGoodDataSourceWorks() throws Exception {
    Databases.POSTGRES.requireReachable();
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setURL("jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/test");
    unreachable.setUser(Databases.POSTGRES.user);

    Throwable thrown = catchThrowable(() -> pools.route(unreachable, null, null, null, 0));

    assertDriversOwn(thrown, PSQLException.class, "refused");
    assertBorrowWorks(Databases.POSTGRES.dataSource(applicationName));
  }

  @Test
  void driverManagerClosedPortFailsWithTheDriversExceptionThenTheGoodUrlWorks() throws Exception {
    Databases.POSTGRES.requireReachable();
    Properties info = new Properties();
    info.setProperty("user", Databases.POSTGRES.user);

    Throwable thrown =
        catchThrowable(
            () ->
                pools.route(
                    "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/test", info, null, null, 0));

    assertDriversOwn(thrown, PSQLException.class, "refused");
    try (Connection connection = pools.route(Databases.POSTGRES.url, info, null, null, 0)) {
      assertThat(connection).isNotNull();
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  @Test
  void mariaDbWrongPasswordFailsWithTheDriversExceptionThenTheFixedDataSourceWorks()
      throws Exception {
    MariaDbDataSource dataSource = (MariaDbDataSource) Databases.MARIADB.dataSource(applicationName);
    dataSource.setPassword("not-the-password");

    Throwable thrown = catchThrowable(() -> pools.route(dataSource, null, null, null, 0));

    assertDriversOwn(thrown, SQLInvalidAuthorizationSpecException.class, "Access denied");
    dataSource.setPassword("");
    assertBorrowWorks(dataSource);
    assertOneManagedPoolReported();
  }

  @Test
  void mariaDbClosedPortFailsWithTheDriversExceptionThenAGoodDataSourceWorks() throws Exception {
    Databases.MARIADB.requireReachable();
    MariaDbDataSource unreachable =
        new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + CLOSED_PORT + "/test");
    unreachable.setUser(Databases.MARIADB.user);
    unreachable.setPassword("");

    Throwable thrown = catchThrowable(() -> pools.route(unreachable, null, null, null, 0));

    assertDriversOwn(thrown, SQLNonTransientConnectionException.class, "Connection refused");
    assertBorrowWorks(Databases.MARIADB.dataSource(applicationName));
  }

  /**
   * The driver's exception as the application's own connect would have thrown it; the pool's
   * timeout is a {@code SQLTransientConnectionException} saying "request timed out".
   */
  private static void assertDriversOwn(
      Throwable thrown, Class<? extends SQLException> driverType, String driverText) {
    assertThat(thrown).as("the first borrow's failure").isInstanceOf(driverType);
    assertThat(thrown.getMessage()).contains(driverText).doesNotContain("request timed out");
  }

  private void assertBorrowWorks(DataSource dataSource) throws SQLException {
    try (Connection connection = pools.route(dataSource, null, null, null, 0)) {
      assertThat(connection).as("a borrow with good settings, routed").isNotNull();
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  /** The report shows the DataSource once, under its name, not a pool that never started. */
  private void assertOneManagedPoolReported() {
    Report report = tracker.report();
    assertThat(report.pools())
        .filteredOn(pool -> pool.name().startsWith("managed("))
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.name()).doesNotContain("#");
              assertThat(pool.borrows()).isEqualTo(1);
            });
  }
}
