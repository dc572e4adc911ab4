package io.poolagent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.WrappingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which borrows {@code mode=manage} routes to a managed pool, and to which one. */
class RoutingTest {

  private static final String SECOND_USER = "pool_agent_second";

  private final String applicationName = "pool-agent-routing-" + UUID.randomUUID();
  private LeaseTracker tracker;
  private ManagedPools pools;

  private void start(String agentArgs) throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse(agentArgs, Map.of(), Map.of()));
    pools = new ManagedPools(tracker, tracker.settings().pool(), DriverManagerConnector.direct());
  }

  @AfterEach
  void tearDown() {
    if (pools != null) {
      pools.closeAll();
    }
  }

  @Test
  void aDataSourceOfAnUnknownClassIsNotRouted() throws Exception {
    start("mode=manage");
    // It may pool, or hold one connection on purpose: only DataSources known not to pool are.
    DataSource own = new WrappingDataSource(Databases.POSTGRES.dataSource(applicationName));
    assertThat(pools.route(own, null, null, null, 0)).isNull();
    assertThat(pools.route(own, null, null, null, 0)).as("asked again").isNull();
    assertThat(pools.pools()).isEmpty();
  }

  @Test
  void anApplicationsOwnPoolIsNotRouted() throws Exception {
    start("mode=manage");
    HikariConfig config = new HikariConfig();
    config.setDataSource(Databases.POSTGRES.dataSource(applicationName));
    config.setMinimumIdle(0);
    try (HikariDataSource hikari = new HikariDataSource(config)) {
      assertThat(pools.route(hikari, null, null, null, 0)).isNull();
    }
    assertThat(pools.pools()).isEmpty();
  }

  /**
   * The application's HikariCP over a driver DataSource: its physical connects reach the driver
   * DataSource's woven {@code getConnection} (here: {@link RoutedDataSource}) with HikariCP's
   * frames on the stack. Routing them would pool a pool.
   */
  @Test
  void aPoolsOwnPhysicalConnectsAreNotRouted() throws Exception {
    start("mode=manage");
    DataSource driver = Databases.POSTGRES.dataSource(applicationName);
    HikariConfig config = new HikariConfig();
    config.setDataSource(new RoutedDataSource(pools, driver));
    config.setMaximumPoolSize(2);
    try (HikariDataSource hikari = new HikariDataSource(config);
        Connection connection = hikari.getConnection()) {
      assertThat(connection.isValid(5)).isTrue();
    }
    assertThat(pools.pools()).as("managed pools").isEmpty();
  }

  @Test
  void oneDataSourceWithTwoUsersGetsTwoPools() throws Exception {
    start("mode=manage,pool.maxSize=2,pool.minIdle=0");
    Databases.POSTGRES.requireReachable();
    createSecondUser();
    DataSource dataSource = Databases.POSTGRES.dataSource(applicationName);

    try (Connection asPostgres = pools.route(dataSource, null, "postgres", "", 0);
        Connection asSecond = pools.route(dataSource, null, SECOND_USER, "", 0)) {
      assertThat(asPostgres).isNotNull();
      assertThat(asSecond).isNotNull();
      assertThat(Databases.queryOne(asPostgres, "SELECT current_user")).isEqualTo("postgres");
      assertThat(Databases.queryOne(asSecond, "SELECT current_user")).isEqualTo(SECOND_USER);
    }
    try (Connection again = pools.route(dataSource, null, SECOND_USER, "", 0)) {
      assertThat(Databases.queryOne(again, "SELECT current_user"))
          .as("a borrow as the second user, again")
          .isEqualTo(SECOND_USER);
    }
    assertThat(pools.pools()).as("managed pools").hasSize(2);
    assertThat(pools.pools())
        .extracting(pool -> pool.source().borrows())
        .containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void driverManagerBorrowsArePooledAndCloseReturnsTheConnection() throws Exception {
    start("mode=manage,pool.maxSize=1,pool.minIdle=1");
    Databases.POSTGRES.requireReachable();
    String url = Databases.POSTGRES.url;
    Properties info = new Properties();
    info.setProperty("user", "postgres");
    info.setProperty("password", "");
    info.setProperty("ApplicationName", applicationName);

    Connection first = pools.route(url, info, null, null, 0);
    assertThat(first).as("DriverManager.getConnection(url, info), routed").isNotNull();
    long backend = Databases.POSTGRES.backendId(first);
    first.close();
    assertThat(first.isClosed()).isTrue();

    ConnectionSource source = pools.pools().iterator().next().source();
    assertThat(source.borrows()).as("borrows").isEqualTo(1);
    assertThat(source.returns()).as("returns").isEqualTo(1);
    assertThat(source.open()).as("open leases").isZero();
    assertThat(tracker.openLeases()).isZero();
    try (Connection observer = Databases.POSTGRES.direct()) {
      assertThat(Databases.backends(observer, applicationName))
          .as("the session, kept open by the pool after close()")
          .contains(backend);
    }

    try (Connection second = pools.route(url, info, null, null, 0)) {
      assertThat(Databases.POSTGRES.backendId(second))
          .as("pool.maxSize=1: the next borrow gets the same session")
          .isEqualTo(backend);
    }
    assertThat(source.borrows()).isEqualTo(2);
    assertThat(source.returns()).isEqualTo(2);
    assertThat(pools.pools()).hasSize(1);
  }

  private static void createSecondUser() throws SQLException {
    try (Connection c = Databases.POSTGRES.direct();
        Statement st = c.createStatement()) {
      st.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + SECOND_USER
              + "') THEN CREATE ROLE "
              + SECOND_USER
              + " LOGIN; END IF; END $$");
    }
  }

  /**
   * A driver DataSource as the agent weaves it: {@code getConnection} asks the managed pools
   * first, and borrows as written when they decline.
   */
  private static final class RoutedDataSource extends WrappingDataSource {

    private final ManagedPools pools;

    RoutedDataSource(ManagedPools pools, DataSource driver) {
      super(driver);
      this.pools = pools;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection routed = pools.route(delegate, null, null, null, 0);
      return routed != null ? routed : delegate.getConnection();
    }
  }
}
