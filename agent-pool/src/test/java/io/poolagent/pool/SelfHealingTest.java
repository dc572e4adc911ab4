package io.poolagent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.Await;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.report.Report;
import java.lang.ref.Reference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A managed pool takes back what the application dropped without {@code close()}: the leak is
 * reported as collected, its physical connection is closed (its state is unknown), and the pool
 * refills, so a pool the application leaked dry serves borrows again. A connection merely held
 * long is left alone.
 */
class SelfHealingTest {

  private final String applicationName = "pool-agent-healing-" + UUID.randomUUID();
  private LeaseTracker tracker;
  private ManagedPools pools;
  private final List<Connection> kept = new ArrayList<>();

  private void start(String agentArgs) throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse(agentArgs, Map.of(), Map.of()));
    pools = new ManagedPools(tracker, tracker.settings().pool(), DriverManagerConnector.direct());
  }

  @AfterEach
  void tearDown() throws SQLException {
    for (Connection connection : kept) {
      connection.close();
    }
    if (pools != null) {
      pools.closeAll();
    }
  }

  @Test
  void connectionsDroppedWithoutCloseAreReclaimedAndThePoolServesAgain() throws Exception {
    start("mode=manage,pool.maxSize=2,pool.connectionTimeout=5s");
    DataSource dataSource = Databases.POSTGRES.dataSource(applicationName);

    List<Long> dropped = dropTwo(dataSource);
    AtomicInteger collected = new AtomicInteger();
    Await.until(
        collected::get,
        n -> n >= 2,
        () -> {
          System.gc();
          collected.addAndGet(tracker.drainCollected(100));
        });
    assertThat(collected.get()).as("dropped leases the tracker found collected").isEqualTo(2);

    // The pool was leaked dry (both of its connections); now both borrows must be served, within
    // pool.connectionTimeout, or they throw.
    Connection third = keep(borrow(dataSource));
    Connection fourth = keep(borrow(dataSource));
    assertThat(List.of(Databases.POSTGRES.backendId(third), Databases.POSTGRES.backendId(fourth)))
        .as("sessions of the new borrows")
        .doesNotContainAnyElementsOf(dropped);

    ConnectionSource managed = managedSource();
    assertThat(managed.reclaimed()).as("connections reclaimed").isEqualTo(2);
    Report report = tracker.report();
    assertThat(report.totals().collected()).as("collected leaks in the report").isEqualTo(2);
    assertThat(report.leaks())
        .filteredOn(leak -> leak.state().equals("collected"))
        .extracting(Report.Leak::pool)
        .containsExactly(managed.name(), managed.name());

    try (Connection observer = Databases.POSTGRES.direct()) {
      List<Long> sessions =
          Await.until(
              () -> Databases.backends(observer, applicationName),
              pids -> pids.stream().noneMatch(dropped::contains));
      assertThat(sessions).as("server sessions of the pool").doesNotContainAnyElementsOf(dropped);
    }
  }

  @Test
  void aSuspectedLeakKeepsItsConnection() throws Exception {
    start("mode=manage,pool.maxSize=2,pool.connectionTimeout=5s,leakThreshold=100ms");
    DataSource dataSource = Databases.POSTGRES.dataSource(applicationName);
    Connection held = borrow(dataSource);
    long backend = Databases.POSTGRES.backendId(held);

    // A sweep as it would run a second later: well past leakThreshold.
    tracker.sweepSuspects(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
    System.gc();
    assertThat(tracker.drainCollected(100)).as("leases found collected").isZero();

    assertThat(tracker.report().totals().suspected()).as("suspected leaks").isEqualTo(1);
    assertThat(managedSource().reclaimed()).as("connections reclaimed").isZero();
    assertThat(held.isClosed()).isFalse();
    assertThat(Databases.POSTGRES.backendId(held)).as("the same session, still working").isEqualTo(backend);
    try (Connection observer = Databases.POSTGRES.direct()) {
      assertThat(Databases.backends(observer, applicationName)).contains(backend);
    }

    held.close();
    assertThat(tracker.report().totals().lateReturns()).as("late returns").isEqualTo(1);
    assertThat(managedSource().returns()).isEqualTo(1);
    Reference.reachabilityFence(held);
  }

  /**
   * Code that keeps only the statement ({@code ds.getConnection().prepareStatement(...)}, closed
   * later through {@code statement.getConnection().close()}) still uses its connection: without
   * the agent the statement keeps the driver's connection reachable, and nothing is leaked. The
   * managed pool must not take the connection away from under the statement.
   */
  @Test
  void aConnectionStillUsedThroughItsStatementIsNotReclaimed() throws Exception {
    start("mode=manage,pool.maxSize=2,pool.connectionTimeout=5s");
    DataSource dataSource = Databases.POSTGRES.dataSource(applicationName);
    PreparedStatement statement = statementOnly(dataSource);
    long backend = backendOf(statement);

    for (int i = 0; i < 3; i++) {
      System.gc();
      tracker.drainCollected(100);
    }

    assertThat(managedSource().reclaimed()).as("connections reclaimed").isZero();
    assertThat(tracker.report().totals().collected()).as("collected leaks").isZero();
    assertThat(backendOf(statement)).as("the statement's session, still working").isEqualTo(backend);
    statement.getConnection().close();
    assertThat(statement.isClosed()).isTrue();
    assertThat(managedSource().returns()).as("the lease ended by that close()").isEqualTo(1);
    assertThat(tracker.openLeases()).isZero();
  }

  /** {@code dataSource.getConnection().prepareStatement(...)}: the connection is not kept. */
  private PreparedStatement statementOnly(DataSource dataSource) throws SQLException {
    return borrow(dataSource).prepareStatement("SELECT pg_backend_pid()");
  }

  private static long backendOf(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Borrows two connections, one of them left with an open statement and result set, and drops
   * both without closing them; returns their server sessions. Nothing refers to the connections
   * once this returns.
   */
  private List<Long> dropTwo(DataSource dataSource) throws SQLException {
    Connection plain = borrow(dataSource);
    Connection withStatement = borrow(dataSource);
    List<Long> sessions =
        List.of(
            Databases.POSTGRES.backendId(plain), Databases.POSTGRES.backendId(withStatement));
    PreparedStatement statement = withStatement.prepareStatement("SELECT generate_series(1, 10)");
    ResultSet resultSet = statement.executeQuery();
    resultSet.next();
    return sessions;
  }

  private ConnectionSource managedSource() {
    return tracker.sources().all().stream()
        .filter(ConnectionSource::reclaims)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no managed pool among " + tracker.sources().all()));
  }

  private Connection borrow(DataSource dataSource) throws SQLException {
    Connection connection = pools.route(dataSource, null, null, null, 0);
    assertThat(connection).as("a driver DataSource is routed to a managed pool").isNotNull();
    return connection;
  }

  private Connection keep(Connection connection) {
    kept.add(connection);
    return connection;
  }
}
