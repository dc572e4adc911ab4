package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.TestPools;
import io.poolagent.otel.pools.PoolMaxSizes;
import io.poolagent.report.Report;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each known pool's configured maximum reaches the report, read through the pool's own API when
 * the pool is first seen, and kept when the application closes the pool before the report; its
 * gauges reach the report's timeline through the same reader.
 */
class PoolMaxSizesTest {

  private LeaseTracker tracker;
  private String url;
  private Connection keepAlive;
  private DataSource pool;

  @BeforeEach
  void setUp() throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    tracker.sources().onNewPool(new PoolMaxSizes());
    url = "jdbc:h2:mem:pool-max-" + System.nanoTime();
    keepAlive = DriverManager.getConnection(url, TestPools.USER, "");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pool != null) {
      TestPools.close(pool);
    }
    keepAlive.close();
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void everyKnownPoolsMaximumIsInTheReport(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of(url).max(7));
    ConnectionSource source = borrowAndReturn();

    assertThat(advice(source.name()).configuredMaxSize()).as(kind.name()).isEqualTo(7);
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void everyKnownPoolsTimelineShowsItsOwnGauges(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of(url).max(7));
    Connection held = pool.getConnection();
    try {
      long now = System.nanoTime();
      tracker.borrowed(tracker.sources().of(pool), held, now, now);

      Report.TimelinePoint point = pool(tracker.sources().of(pool).name()).timeline().get(0);

      assertThat(point.maxSize()).as(kind.name()).isEqualTo(7);
      assertThat(point.inUseMax()).as(kind.name()).isEqualTo(1);
      if (kind == TestPools.HIKARI) {
        // HikariCP tells its waiting threads: none is a known 0, not an unknown.
        assertThat(point.pendingMax()).isEqualTo(0);
      }
    } finally {
      held.close();
    }
  }

  @Test
  void aPoolClosedBeforeTheReportKeepsTheMaximumReadBefore() throws Exception {
    pool = TestPools.HIKARI.create(TestPools.Settings.of(url).max(5));
    ConnectionSource source = borrowAndReturn();
    TestPools.close(pool);
    pool = null;

    assertThat(advice(source.name()).configuredMaxSize()).isEqualTo(5);
  }

  /** A borrow the agent tracks, and its return: the pool is seen as the application sees it. */
  private ConnectionSource borrowAndReturn() throws Exception {
    Connection connection = pool.getConnection();
    ConnectionSource source = tracker.sources().of(pool);
    long now = System.nanoTime();
    tracker.borrowed(source, connection, now, now);
    connection.close();
    tracker.returned(connection, System.nanoTime());
    return source;
  }

  private Report.Advice advice(String pool) {
    return pool(pool).advice();
  }

  private Report.PoolSummary pool(String pool) {
    return tracker.report().pools().stream()
        .filter(p -> p.name().equals(pool))
        .findFirst()
        .orElseThrow();
  }
}
