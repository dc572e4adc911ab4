package io.poolagent.lease;

import static io.poolagent.lease.Advice.borrowFromApp;
import static io.poolagent.lease.Advice.leakFromApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.poolagent.config.InvalidSettingException;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.Advice.Borrow;
import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class LeaseTrackerTest {

  private static final long MILLIS = 1_000_000;

  private final ByteArrayOutputStream agentLog = new ByteArrayOutputStream();

  /** Connections a test keeps open on purpose; closed after it. */
  private final List<Connection> kept = new ArrayList<>();

  private String url;
  private JdbcDataSource dataSource;
  private LeaseTracker tracker;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    AgentLog.setOutput(new PrintStream(agentLog, true, StandardCharsets.UTF_8));
    url = "jdbc:h2:mem:" + test.getTestMethod().orElseThrow().getName();
    dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    tracker = tracker("leakThreshold=50ms");
  }

  @AfterEach
  void tearDown() throws SQLException {
    AgentLog.setOutput(System.err);
    for (Connection connection : kept) {
      connection.close();
    }
  }

  private static LeaseTracker tracker(String agentArgs) throws InvalidSettingException {
    return new LeaseTracker(SettingsParser.parse(agentArgs, Map.of(), Map.of()));
  }

  private Borrow keep(Borrow borrow) {
    kept.add(borrow.connection());
    return borrow;
  }

  private String agentLog() {
    return agentLog.toString(StandardCharsets.UTF_8);
  }

  @Test
  void borrowAndReturnIsNoLeak() throws Exception {
    Borrow borrow = borrowFromApp(tracker, dataSource);
    Advice.close(tracker, borrow.connection(), borrow.atNanos() + 20 * MILLIS);

    Report report = tracker.report();

    assertThat(report.leakSites()).isEmpty();
    assertThat(report.leaks()).isEmpty();
    assertThat(report.leaksOmitted()).isZero();
    assertThat(report.settings()).containsEntry("leakThreshold", "50ms");
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.name()).isEqualTo("JdbcDataSource(" + url + ")");
              assertThat(pool.kind()).isEqualTo("datasource");
              assertThat(pool.pooling()).isFalse();
              assertThat(pool.borrows()).isEqualTo(1);
              assertThat(pool.returns()).isEqualTo(1);
              assertThat(pool.open()).isZero();
              assertThat(pool.holdMillis().count()).isEqualTo(1);
              assertThat(pool.holdMillis().max()).isEqualTo(20.0);
              assertThat(pool.holdMillis().p50()).isCloseTo(20.0, withinPercentage(12.5));
              assertThat(pool.acquireMillis().count()).isEqualTo(1);
            });
    assertThat(tracker.openLeases()).isZero();
    assertThat(agentLog()).isEmpty();
  }

  @Test
  void secondCloseIsANoOp() throws Exception {
    Borrow borrow = borrowFromApp(tracker, dataSource);
    Advice.close(tracker, borrow.connection(), borrow.atNanos() + 5 * MILLIS);

    Advice.close(tracker, borrow.connection(), borrow.atNanos() + 500 * MILLIS);
    tracker.sweepSuspects(borrow.atNanos() + 1_000 * MILLIS);

    Report report = tracker.report();
    assertThat(report.leakSites()).isEmpty();
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.borrows()).isEqualTo(1);
              assertThat(pool.returns()).isEqualTo(1);
              assertThat(pool.open()).isZero();
              assertThat(pool.holdMillis().count()).isEqualTo(1);
              assertThat(pool.holdMillis().max()).isEqualTo(5.0);
            });
  }

  /**
   * HikariCP's {@code evictConnection}, DBCP2's {@code invalidateConnection}, Vibur's {@code
   * severConnection}: the pool's own way of ending a borrow, with no {@code close()}. A return,
   * hold time and all, counted apart; a close after it changes nothing.
   */
  @Test
  void aLeaseItsPoolEvictsEndsLikeAReturnCountedAsEvicted() throws Exception {
    Borrow borrow = keep(borrowFromApp(tracker, dataSource));

    tracker.evicted(borrow.connection(), borrow.atNanos() + 20 * MILLIS);
    Report evicted = tracker.report();
    Advice.close(tracker, borrow.connection(), borrow.atNanos() + 500 * MILLIS);
    tracker.evicted(borrow.connection(), borrow.atNanos() + 600 * MILLIS);
    tracker.sweepSuspects(borrow.atNanos() + 1_000 * MILLIS);
    Report afterClose = tracker.report();

    for (Report report : List.of(evicted, afterClose)) {
      assertThat(report.leakSites()).isEmpty();
      assertThat(report.pools())
          .singleElement()
          .satisfies(
              pool -> {
                assertThat(pool.borrows()).isEqualTo(1);
                assertThat(pool.returns()).isZero();
                assertThat(pool.evicted()).isEqualTo(1);
                assertThat(pool.open()).isZero();
                assertThat(pool.holdMillis().count()).isEqualTo(1);
                assertThat(pool.holdMillis().max()).isEqualTo(20.0);
              });
    }
    assertThat(tracker.openLeases()).isZero();
    assertThat(agentLog()).isEmpty();
  }

  @Test
  void returnsAndEvictionsAreCountedApart() throws Exception {
    Borrow returned = borrowFromApp(tracker, dataSource);
    Advice.close(tracker, returned.connection(), returned.atNanos() + MILLIS);
    for (int i = 0; i < 2; i++) {
      Borrow evicted = keep(borrowFromApp(tracker, dataSource));
      tracker.evicted(evicted.connection(), evicted.atNanos() + MILLIS);
    }
    keep(borrowFromApp(tracker, dataSource));

    ConnectionSource source = tracker.sources().all().iterator().next();
    assertThat(source.borrows()).isEqualTo(4);
    assertThat(source.returns()).isEqualTo(1);
    assertThat(source.evicted()).isEqualTo(2);
    assertThat(source.open()).isEqualTo(1);
    assertThat(tracker.report().pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.returns()).isEqualTo(1);
              assertThat(pool.evicted()).isEqualTo(2);
              assertThat(pool.open()).isEqualTo(1);
              assertThat(pool.holdMillis().count()).isEqualTo(3);
            });
  }

  /** A connection class the weaver gave a lease field: the eviction comes with the lease. */
  @Test
  void aCarriedLeaseItsPoolEvictsEndsOnceAndItsCloseChangesNothing() throws Exception {
    Connection connection = dataSource.getConnection();
    kept.add(connection);
    long at = System.nanoTime();
    Lease lease =
        tracker.borrowed(tracker.sources().of(dataSource), connection, at, at, null, 0, true);

    tracker.evicted(lease, at + 30 * MILLIS);
    tracker.returned(lease, at + 40 * MILLIS);
    tracker.evicted(lease, at + 50 * MILLIS);

    assertThat(tracker.report().pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.returns()).isZero();
              assertThat(pool.evicted()).isEqualTo(1);
              assertThat(pool.open()).isZero();
              assertThat(pool.holdMillis().max()).isEqualTo(30.0);
            });
    assertThat(tracker.openLeases()).isZero();
  }

  @Test
  void aSuspectedLeakItsPoolEvictsIsALateReturn() throws Exception {
    Borrow borrow = keep(borrowFromApp(tracker, dataSource));
    tracker.sweepSuspects(borrow.atNanos() + 60 * MILLIS);

    tracker.evicted(borrow.connection(), borrow.atNanos() + 80 * MILLIS);
    Report report = tracker.report();

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 0, 1, 0, 0));
    assertThat(report.leaks())
        .singleElement()
        .satisfies(leak -> assertThat(leak.heldMillis()).isEqualTo(80));
    assertThat(report.totals().failing()).isZero();
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.returns()).isZero();
              assertThat(pool.evicted()).isEqualTo(1);
            });
    assertThat(agentLog()).contains("[pool-agent] late return: suspected leak evicted by its pool");
  }

  /** Evicted and then dropped, as HikariCP's own tests do: garbage, and no leak. */
  @Test
  void anEvictedConnectionThatIsDroppedIsNoCollectedLeak() throws Exception {
    AppCode.run(
        () -> {
          Borrow borrow = Advice.borrow(tracker, dataSource);
          tracker.evicted(borrow.connection(), System.nanoTime());
        });
    // Dropped after the evicted one: once it is found collected, the collector has run past both.
    leakFromApp(tracker, dataSource);

    Report report = awaitCollected(1);
    tracker.drainCollected(100);

    assertThat(tracker.report().leakSites())
        .containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 0, 0, 1, 0));
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.borrows()).isEqualTo(2);
              assertThat(pool.evicted()).isEqualTo(1);
              assertThat(pool.open()).isZero();
            });
  }

  @Test
  void anEvictionOfAConnectionWithoutALeaseIsIgnored() throws Exception {
    Borrow borrow = keep(borrowFromApp(tracker, dataSource));
    try (Connection untracked = dataSource.getConnection()) {
      tracker.evicted(untracked, System.nanoTime());
      tracker.evicted((Object) null, System.nanoTime());
      tracker.evicted((Lease) null, System.nanoTime());
    }

    assertThat(tracker.report().pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.evicted()).isZero();
              assertThat(pool.open()).isEqualTo(1);
            });
    assertThat(tracker.openLeases()).isEqualTo(1);
    Advice.close(tracker, borrow.connection(), System.nanoTime());
    assertThat(tracker.openLeases()).isZero();
  }

  @Test
  void closeOfAConnectionThatWasNeverBorrowedIsIgnored() throws Exception {
    try (Connection untracked = dataSource.getConnection()) {
      tracker.returned(untracked, System.nanoTime());
    }

    assertThat(tracker.report().pools()).isEmpty();
    assertThat(tracker.report().leakSites()).isEmpty();
  }

  @Test
  void heldPastTheThresholdIsSuspectedThenALateReturn() throws Exception {
    Borrow borrow = borrowFromApp(tracker, dataSource);
    String pool = "JdbcDataSource(" + url + ")";

    tracker.sweepSuspects(borrow.atNanos() + 50 * MILLIS);
    assertThat(tracker.report().leakSites()).as("held exactly leakThreshold").isEmpty();

    tracker.sweepSuspects(borrow.atNanos() + 60 * MILLIS);
    tracker.sweepSuspects(borrow.atNanos() + 70 * MILLIS);
    Report suspected = tracker.report();

    assertThat(suspected.leakSites())
        .containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 1, 0, 0, 0));
    assertThat(suspected.leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.state()).isEqualTo("suspected");
              assertThat(leak.pool()).isEqualTo(pool);
              assertThat(leak.callSite()).isEqualTo(AppCode.CALL_SITE);
              assertThat(leak.thread()).isEqualTo(Thread.currentThread().getName());
              assertThat(leak.heldMillis()).isEqualTo(60);
              assertThat(leak.stack()).first().isEqualTo(AppCode.CALL_SITE);
            });
    assertThat(suspected.totals().failing()).isEqualTo(1);
    assertThat(agentLog())
        .contains("[pool-agent] suspected leak")
        .contains(AppCode.CALL_SITE)
        .contains("pool " + pool);

    Advice.close(tracker, borrow.connection(), borrow.atNanos() + 80 * MILLIS);
    Report late = tracker.report();

    assertThat(late.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 0, 1, 0, 0));
    assertThat(late.leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.state()).isEqualTo("late_return");
              assertThat(leak.heldMillis()).isEqualTo(80);
            });
    assertThat(late.totals().failing()).isZero();
    assertThat(late.totals().lateReturns()).isEqualTo(1);
    assertThat(late.pools())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.returns()).isEqualTo(1);
              assertThat(p.open()).isZero();
            });
    assertThat(agentLog()).contains("[pool-agent] late return");
  }

  @Test
  void droppedConnectionIsCollected() throws Exception {
    leakFromApp(tracker, dataSource);

    Report report = awaitCollected(1);

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 0, 0, 1, 0));
    assertThat(report.leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.state()).isEqualTo("collected");
              assertThat(leak.callSite()).isEqualTo(AppCode.CALL_SITE);
              assertThat(leak.stack()).first().isEqualTo(AppCode.CALL_SITE);
            });
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.borrows()).isEqualTo(1);
              assertThat(pool.returns()).isZero();
              assertThat(pool.open()).isZero();
            });
    assertThat(tracker.openLeases()).isZero();
    assertThat(agentLog()).contains("[pool-agent] leak: connection garbage-collected");
  }

  @Test
  void finishReportsConnectionsStillOpenAsOpenAtExit() throws Exception {
    Borrow suspected = keep(borrowFromApp(tracker, dataSource));
    tracker.sweepSuspects(suspected.atNanos() + 60 * MILLIS);
    keep(borrowFromApp(tracker, dataSource));
    Borrow returned = borrowFromApp(tracker, dataSource);
    Advice.close(tracker, returned.connection(), returned.atNanos() + MILLIS);

    Report report = tracker.finish();

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 2, 0, 0, 0, 2));
    assertThat(report.leaks())
        .hasSize(2)
        .allSatisfy(leak -> assertThat(leak.state()).isEqualTo("open_at_exit"));
    assertThat(report.totals().failing()).isEqualTo(2);
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.borrows()).isEqualTo(3);
              assertThat(pool.returns()).isEqualTo(1);
              assertThat(pool.open()).isEqualTo(2);
            });
  }

  @Test
  void finishReportsADroppedConnectionAsCollectedNotOpenAtExit() throws Exception {
    keep(borrowFromApp(tracker, dataSource));
    leakFromApp(tracker, dataSource);

    Report report = tracker.finish();

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 2, 0, 0, 1, 1));
  }

  @Test
  void withoutSampledStacksLeaksHaveNoStackAndAnUnknownCallSite() throws Exception {
    tracker = tracker("leakThreshold=50ms,stackSampleRate=0");
    Borrow borrow = keep(borrowFromApp(tracker, dataSource));

    tracker.sweepSuspects(borrow.atNanos() + 60 * MILLIS);

    Report report = tracker.report();
    assertThat(report.leakSites()).containsExactly(new LeakSite("unknown", 1, 1, 0, 0, 0));
    assertThat(report.leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.callSite()).isEqualTo("unknown");
              assertThat(leak.stack()).isEmpty();
            });
  }

  @Test
  void stackDepthBoundsTheFramesKept() throws Exception {
    tracker = tracker("leakThreshold=50ms,stackDepth=3");
    Borrow borrow = keep(borrowFromApp(tracker, dataSource));

    tracker.sweepSuspects(borrow.atNanos() + 60 * MILLIS);

    assertThat(tracker.report().leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.stack()).hasSizeBetween(1, 3);
              assertThat(leak.stack()).first().isEqualTo(AppCode.CALL_SITE);
              assertThat(leak.callSite()).isEqualTo(AppCode.CALL_SITE);
            });
  }

  @Test
  void manyLeaksFromOneCallSiteAreCountedButOnlyAFewListed() throws Exception {
    long lastBorrow = 0;
    for (int i = 0; i < 50; i++) {
      lastBorrow = keep(borrowFromApp(tracker, dataSource)).atNanos();
    }

    tracker.sweepSuspects(lastBorrow + 60 * MILLIS);

    Report report = tracker.report();
    assertThat(report.leakSites())
        .containsExactly(new LeakSite(AppCode.CALL_SITE, 50, 50, 0, 0, 0));
    assertThat(report.leaks()).hasSize(LeakLedger.SAMPLES_PER_SITE);
    assertThat(report.leaksOmitted()).isEqualTo(50 - LeakLedger.SAMPLES_PER_SITE);
    assertThat(report.leaksOmitted()).isEqualTo(40);
    assertThat(report.pools().get(0).open()).isEqualTo(50);
  }

  @Test
  void driverManagerConnectionsAreTrackedUnderTheirRedactedUrl() throws Exception {
    String secretUrl = url + ";USER=app;PASSWORD=s3cret";
    AtomicReference<Connection> borrowed = new AtomicReference<>();
    AtomicReference<Long> borrowedAt = new AtomicReference<>();
    AppCode.run(
        () -> {
          long start = System.nanoTime();
          try {
            borrowed.set(DriverManager.getConnection(secretUrl));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
          borrowedAt.set(System.nanoTime());
          tracker.borrowed(
              tracker.sources().of(secretUrl), borrowed.get(), start, borrowedAt.get());
        });
    kept.add(borrowed.get());

    tracker.sweepSuspects(borrowedAt.get() + 60 * MILLIS);

    Report report = tracker.report();
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.name()).isEqualTo("DriverManager(" + url + ")");
              assertThat(pool.kind()).isEqualTo("drivermanager");
              assertThat(pool.pooling()).isFalse();
              assertThat(pool.borrows()).isEqualTo(1);
            });
    assertThat(report.leaks())
        .singleElement()
        .extracting(Report.Leak::pool)
        .isEqualTo("DriverManager(" + url + ")");
    assertThat(ReportJson.toJson(report)).doesNotContain("s3cret");
    assertThat(agentLog()).doesNotContain("s3cret");
  }

  @Test
  void leaksNameTheThreadThatBorrowed() throws Exception {
    ExecutorService worker =
        Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "export-worker-1"));
    Borrow borrow;
    try {
      borrow =
          keep(worker.submit(() -> borrowFromApp(tracker, dataSource)).get(1, TimeUnit.MINUTES));
    } finally {
      worker.shutdownNow();
    }

    tracker.sweepSuspects(borrow.atNanos() + 60 * MILLIS);

    assertThat(tracker.report().leaks())
        .singleElement()
        .satisfies(leak -> assertThat(leak.thread()).isEqualTo("export-worker-1"));
  }

  @Test
  void borrowsAndReturnsFromManyThreadsAllCount() throws Exception {
    int threads = 4;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    Borrow borrow = Advice.borrow(tracker, dataSource);
                    Advice.close(tracker, borrow.connection(), System.nanoTime());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    Report report = tracker.report();
    assertThat(report.leakSites()).isEmpty();
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.borrows()).isEqualTo(threads * perThread);
              assertThat(p.returns()).isEqualTo(threads * perThread);
              assertThat(p.open()).isZero();
              assertThat(p.holdMillis().count()).isEqualTo(threads * perThread);
            });
    assertThat(tracker.openLeases()).isZero();
  }

  @Test
  void everyLeakThresholdTheSettingsAcceptStartsATracker() {
    // 9999999h (about 1,100 years) passes SettingsParser's validation. Either the tracker starts
    // with it, or the parser rejects it with the usual one-line message naming the key; an
    // exception from the tracker's constructor would instead make the agent fail to start with a
    // message that names no setting.
    Throwable failure = catchThrowable(() -> tracker("leakThreshold=9999999h"));

    assertThat(failure)
        .satisfiesAnyOf(
            f -> assertThat(f).isNull(),
            f ->
                assertThat(f)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("leakThreshold"));
  }

  /** Lets the collector run until {@code expected} dropped connections have been seen. */
  private Report awaitCollected(long expected) throws Exception {
    return Await.until(
        tracker::report,
        report -> report.totals().collected() >= expected,
        () -> {
          System.gc();
          tracker.drainCollected(0);
        });
  }
}
