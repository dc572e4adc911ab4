package io.poolagent.otel;

import static io.poolagent.otel.SemanticAttributes.CONNECTION_STATE;
import static io.poolagent.otel.SemanticAttributes.POOL_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.example.shop.ShopDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The {@code db.client.connection.*} metrics as a metrics backend receives them, from a real
 * tracker fed with real H2 connections. Borrow and return times are given as known {@code nanoTime}
 * readings, so every exported duration is known exactly.
 */
class PoolMetricsTest {

  private static final long MILLIS = 1_000_000;
  private static final long SECONDS = 1_000_000_000;

  private static final List<String> ALL_METRICS =
      List.of(
          "db.client.connection.count",
          "db.client.connection.max",
          "db.client.connection.idle.min",
          "db.client.connection.idle.max",
          "db.client.connection.pending_requests",
          "db.client.connection.timeouts",
          "db.client.connection.create_time",
          "db.client.connection.wait_time",
          "db.client.connection.use_time");

  private final List<AutoCloseable> opened = new ArrayList<>();

  private String url;
  private LeaseTracker tracker;
  private InMemoryMetricReader reader;
  private SdkMeterProvider meterProvider;
  private long startEpochNanos;

  /** A {@code nanoTime} reading that the synthetic times of a test count from. */
  private long t0;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    url = "jdbc:h2:mem:pool-metrics-" + test.getTestMethod().orElseThrow().getName();
    tracker = new LeaseTracker(SettingsParser.parse("leakThreshold=50ms", Map.of(), Map.of()));
    t0 = System.nanoTime();
    startEpochNanos = tracker.clock().epochNanosOf(t0);
    PoolMetrics metrics =
        new PoolMetrics(tracker, InstrumentationScopeInfo.create("io.poolagent"), startEpochNanos);
    reader = InMemoryMetricReader.create();
    meterProvider =
        SdkMeterProvider.builder()
            .registerMetricProducer(metrics)
            .registerMetricReader(reader)
            .build();
    metrics.register(meterProvider.get("io.poolagent"));
  }

  @AfterEach
  void tearDown() throws Exception {
    meterProvider.close();
    for (AutoCloseable resource : opened) {
      resource.close();
    }
  }

  @Test
  void usedCountsOpenLeasesAndIdleIsZeroForDriverManager() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    Connection first = borrow(source, connect(), t0, t0 + MILLIS);
    Connection second = borrow(source, connect(), t0, t0 + MILLIS);
    borrow(source, connect(), t0, t0 + MILLIS);

    assertThat(connectionCount(collect(), source, "used")).contains(3L);
    assertThat(connectionCount(collect(), source, "idle")).contains(0L);

    tracker.returned(first, t0 + 10 * MILLIS);
    tracker.returned(second, t0 + 10 * MILLIS);

    Collection<MetricData> after = collect();
    assertThat(connectionCount(after, source, "used")).contains(1L);
    assertThat(connectionCount(after, source, "used")).contains((long) tracker.openLeases());
    assertThat(connectionCount(after, source, "idle")).contains(0L);
  }

  @Test
  void usedCountsOpenLeasesOfANonPoolingDataSource() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    ConnectionSource source = tracker.sources().of(dataSource);
    Connection connection = borrow(source, dataSource.getConnection(), t0, t0 + MILLIS);

    assertThat(source.pooling()).isFalse();
    assertThat(connectionCount(collect(), source, "used")).contains(1L);
    assertThat(connectionCount(collect(), source, "idle")).contains(0L);

    tracker.returned(connection, t0 + 5 * MILLIS);

    assertThat(connectionCount(collect(), source, "used")).contains(0L);
    assertThat(connectionCount(collect(), source, "idle")).contains(0L);
  }

  @Test
  void eachSourceReportsUnderItsOwnPoolName() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    ConnectionSource viaDataSource = tracker.sources().of(dataSource);
    ConnectionSource viaDriverManager = tracker.sources().of(url);
    borrow(viaDataSource, dataSource.getConnection(), t0, t0 + MILLIS);
    borrow(viaDataSource, dataSource.getConnection(), t0, t0 + MILLIS);
    borrow(viaDriverManager, connect(), t0, t0 + MILLIS);

    Collection<MetricData> metrics = collect();

    assertThat(viaDataSource.name()).isNotEqualTo(viaDriverManager.name());
    assertThat(connectionCount(metrics, viaDataSource, "used")).contains(2L);
    assertThat(connectionCount(metrics, viaDriverManager, "used")).contains(1L);
    assertThat(
            metric(metrics, "db.client.connection.count")
                .orElseThrow()
                .getLongSumData()
                .getPoints())
        .extracting(p -> p.getAttributes().get(POOL_NAME))
        .containsOnly(viaDataSource.name(), viaDriverManager.name());
  }

  @Test
  void nonPoolingSourcesHaveNoLimitsPendingRequestsOrTimeouts() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    borrow(tracker.sources().of(dataSource), dataSource.getConnection(), t0, t0 + MILLIS);
    borrow(tracker.sources().of(url), connect(), t0, t0 + MILLIS);

    Collection<MetricData> metrics = collect();

    assertThat(names(metrics))
        .contains("db.client.connection.count")
        .doesNotContain(
            "db.client.connection.max",
            "db.client.connection.idle.min",
            "db.client.connection.idle.max",
            "db.client.connection.pending_requests",
            "db.client.connection.timeouts");
  }

  @Test
  void waitTimeIsACumulativeHistogramInSecondsOfEveryBorrow() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    borrow(source, connect(), t0, t0 + 3 * MILLIS);
    borrow(source, connect(), t0 + SECONDS, t0 + SECONDS + 20 * MILLIS);
    borrow(source, connect(), t0 + 2 * SECONDS, t0 + 2 * SECONDS + 200 * MILLIS);

    MetricData waitTime = metric(collect(), "db.client.connection.wait_time").orElseThrow();

    assertThat(waitTime.getType()).isEqualTo(MetricDataType.HISTOGRAM);
    assertThat(waitTime.getUnit()).isEqualTo("s");
    assertThat(waitTime.getHistogramData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    HistogramPointData point = histogramPoint(waitTime, source);
    assertThat(point.getCount()).isEqualTo(3).isEqualTo(source.borrows());
    assertThat(point.getSum()).isCloseTo(0.003 + 0.020 + 0.200, within(1e-9));
    assertThat(point.hasMax()).isTrue();
    assertThat(point.getMax()).isCloseTo(0.200, within(1e-9));
    assertThat(point.getBoundaries()).isEqualTo(PoolMetrics.BOUNDS_SECONDS);
    assertThat(point.getCounts()).isEqualTo(bucketCounts(0.003, 0.020, 0.200));
    assertThat(point.getStartEpochNanos()).isEqualTo(startEpochNanos);
  }

  @Test
  void useTimeIsACumulativeHistogramInSecondsOfEveryReturn() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    Connection quick = borrow(source, connect(), t0, t0 + MILLIS);
    Connection slow = borrow(source, connect(), t0, t0 + MILLIS);
    borrow(source, connect(), t0, t0 + MILLIS);
    tracker.returned(quick, t0 + MILLIS + 40 * MILLIS);
    tracker.returned(slow, t0 + MILLIS + 2 * SECONDS);

    MetricData useTime = metric(collect(), "db.client.connection.use_time").orElseThrow();

    assertThat(useTime.getUnit()).isEqualTo("s");
    assertThat(useTime.getHistogramData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    HistogramPointData point = histogramPoint(useTime, source);
    assertThat(point.getCount()).isEqualTo(2).isEqualTo(source.returns());
    assertThat(point.getSum()).isCloseTo(0.040 + 2.0, within(1e-9));
    assertThat(point.getMax()).isCloseTo(2.0, within(1e-9));
    assertThat(point.getBoundaries()).isEqualTo(PoolMetrics.BOUNDS_SECONDS);
    assertThat(point.getCounts()).isEqualTo(bucketCounts(0.040, 2.0));
  }

  /**
   * A lease its pool evicted (HikariCP's {@code evictConnection}...) held its connection until
   * then: in use_time like a return, and no longer counted as used. The report counts it apart;
   * the metrics have no counter of returns for it to be apart from.
   */
  @Test
  void anEvictedLeaseIsInUseTimeAndNoLongerUsed() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    Connection evicted = borrow(source, connect(), t0, t0 + MILLIS);
    Connection returned = borrow(source, connect(), t0, t0 + MILLIS);
    borrow(source, connect(), t0, t0 + MILLIS);
    tracker.evicted(evicted, t0 + MILLIS + 30 * MILLIS);
    tracker.returned(returned, t0 + MILLIS + 2 * SECONDS);

    Collection<MetricData> metrics = collect();

    HistogramPointData use =
        histogramPoint(metric(metrics, "db.client.connection.use_time").orElseThrow(), source);
    assertThat(use.getCount()).isEqualTo(2).isEqualTo(source.returns() + source.evicted());
    assertThat(use.getSum()).isCloseTo(0.030 + 2.0, within(1e-9));
    assertThat(connectionCount(metrics, source, "used")).contains(1L);
  }

  @Test
  void histogramsAccumulateAcrossCollections() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    Connection first = borrow(source, connect(), t0, t0 + 3 * MILLIS);
    tracker.returned(first, t0 + 3 * MILLIS + 45 * SECONDS);
    HistogramPointData before =
        histogramPoint(metric(collect(), "db.client.connection.use_time").orElseThrow(), source);

    Connection second = borrow(source, connect(), t0, t0 + 3 * MILLIS);
    tracker.returned(second, t0 + 3 * MILLIS + 40 * MILLIS);
    Collection<MetricData> metrics = collect();
    HistogramPointData use =
        histogramPoint(metric(metrics, "db.client.connection.use_time").orElseThrow(), source);
    HistogramPointData wait =
        histogramPoint(metric(metrics, "db.client.connection.wait_time").orElseThrow(), source);

    assertThat(before.getCount()).isEqualTo(1);
    assertThat(use.getCount()).isEqualTo(2);
    assertThat(use.getSum()).isCloseTo(45.040, within(1e-9));
    assertThat(use.getCounts()).isEqualTo(bucketCounts(45.0, 0.040));
    assertThat(use.getStartEpochNanos()).isEqualTo(before.getStartEpochNanos());
    assertThat(use.getEpochNanos()).isGreaterThanOrEqualTo(before.getEpochNanos());
    assertThat(wait.getCount()).isEqualTo(2);
    assertThat(wait.getSum()).isCloseTo(0.006, within(1e-9));
  }

  @Test
  void createTimeOfANonPoolingSourceCountsEveryBorrowAsAConnect() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    ConnectionSource source = tracker.sources().of(dataSource);
    Connection connection = borrow(source, dataSource.getConnection(), t0, t0 + 3 * MILLIS);
    tracker.returned(connection, t0 + 10 * MILLIS);
    borrow(source, dataSource.getConnection(), t0, t0 + 200 * MILLIS);

    MetricData createTime = metric(collect(), "db.client.connection.create_time").orElseThrow();

    assertThat(createTime.getUnit()).isEqualTo("s");
    assertThat(createTime.getHistogramData().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    HistogramPointData point = histogramPoint(createTime, source);
    assertThat(point.getCount()).isEqualTo(2).isEqualTo(source.borrows());
    assertThat(point.getSum()).isCloseTo(0.203, within(1e-9));
    assertThat(point.getCounts()).isEqualTo(bucketCounts(0.003, 0.200));
  }

  @Test
  void nothingBorrowedYetMeansNoDurations() throws Exception {
    tracker.sources().of(url);

    assertThat(names(collect()))
        .contains("db.client.connection.count")
        .doesNotContain(
            "db.client.connection.wait_time",
            "db.client.connection.use_time",
            "db.client.connection.create_time");
  }

  @Test
  void nothingReturnedYetMeansNoUseTime() throws Exception {
    borrow(tracker.sources().of(url), connect(), t0, t0 + MILLIS);

    assertThat(names(collect()))
        .contains("db.client.connection.wait_time", "db.client.connection.create_time")
        .doesNotContain("db.client.connection.use_time");
  }

  @Test
  void noSourceAtAllMeansNoMetrics() {
    assertThat(names(collect())).doesNotContainAnyElementsOf(ALL_METRICS);
  }

  @Test
  void hikariReportsItsOwnStateAndTimeouts() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("orders");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(250);
    HikariDataSource pool = new HikariDataSource(config);
    opened.add(pool);
    assertThat(Await.until(() -> pool.getHikariPoolMXBean().getTotalConnections() == 2)).isTrue();
    ConnectionSource source = tracker.sources().of(pool);
    borrow(source, pool.getConnection(), t0, t0 + 3 * MILLIS);
    borrow(source, pool.getConnection(), t0, t0 + 3 * MILLIS);
    SQLTransientConnectionException timedOut =
        catchThrowableOfType(SQLTransientConnectionException.class, pool::getConnection);
    assertThat((Throwable) timedOut).as("a third borrow from a pool of two").isNotNull();
    tracker.borrowFailed(source, timedOut);

    Collection<MetricData> metrics = collect();

    assertThat(source.pooling()).isTrue();
    assertThat(source.name()).isEqualTo("orders");
    assertThat(connectionCount(metrics, source, "used")).contains(2L);
    assertThat(connectionCount(metrics, source, "idle")).contains(0L);
    assertThat(longValue(metrics, "db.client.connection.max", source)).contains(2L);
    assertThat(longValue(metrics, "db.client.connection.idle.min", source)).contains(2L);
    assertThat(longValue(metrics, "db.client.connection.pending_requests", source)).contains(0L);
    assertThat(longValue(metrics, "db.client.connection.timeouts", source)).contains(1L);
    // HikariCP has no maximum-idle setting, and every borrow from a pool is not a connect.
    assertThat(longValue(metrics, "db.client.connection.idle.max", source)).isEmpty();
    assertThat(names(metrics)).doesNotContain("db.client.connection.create_time");
    assertThat(
            histogramPoint(metric(metrics, "db.client.connection.wait_time").orElseThrow(), source)
                .getCount())
        .isEqualTo(2);
  }

  /**
   * A DataSource the agent does not know (an application's own wrapper) reports only what the agent
   * itself sees: the tracker counts timeouts only for known pools, so a timeouts value for such a
   * source would be a made-up zero (DESIGN.md §6).
   */
  @Test
  void unknownSourceReportsOnlyWhatTheAgentSees() throws Exception {
    ShopDataSource dataSource = new ShopDataSource(url);
    ConnectionSource source = tracker.sources().of(dataSource);
    borrow(source, dataSource.getConnection(), t0, t0 + MILLIS);
    tracker.borrowFailed(source, new SQLTransientConnectionException("no connection in time"));

    Collection<MetricData> metrics = collect();

    assertThat(connectionCount(metrics, source, "used")).contains(1L);
    assertThat(connectionCount(metrics, source, "idle")).isEmpty();
    assertThat(longValue(metrics, "db.client.connection.max", source)).isEmpty();
    assertThat(longValue(metrics, "db.client.connection.pending_requests", source)).isEmpty();
    assertThat(longValue(metrics, "db.client.connection.timeouts", source))
        .as("timeouts of a source whose timeouts the tracker never counts")
        .isEmpty();
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url);
    opened.add(connection);
    return connection;
  }

  /**
   * A lease from {@code source}: getConnection entered at {@code startNanos}, left at {@code now}.
   */
  private Connection borrow(ConnectionSource source, Connection connection, long start, long now) {
    opened.add(connection);
    tracker.borrowed(source, connection, start, now);
    return connection;
  }

  private Collection<MetricData> collect() {
    return reader.collectAllMetrics();
  }

  private static List<String> names(Collection<MetricData> metrics) {
    return metrics.stream().map(MetricData::getName).toList();
  }

  private static Optional<MetricData> metric(Collection<MetricData> metrics, String name) {
    List<MetricData> found = metrics.stream().filter(m -> m.getName().equals(name)).toList();
    assertThat(found).as("metrics named %s", name).hasSizeLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }

  private static Optional<Long> connectionCount(
      Collection<MetricData> metrics, ConnectionSource source, String state) {
    Attributes expected = Attributes.of(POOL_NAME, source.name(), CONNECTION_STATE, state);
    return longPoints(metrics, "db.client.connection.count").stream()
        .filter(p -> p.getAttributes().equals(expected))
        .map(LongPointData::getValue)
        .findFirst();
  }

  private static Optional<Long> longValue(
      Collection<MetricData> metrics, String name, ConnectionSource source) {
    return longPoints(metrics, name).stream()
        .filter(p -> p.getAttributes().equals(Attributes.of(POOL_NAME, source.name())))
        .map(LongPointData::getValue)
        .findFirst();
  }

  private static List<LongPointData> longPoints(Collection<MetricData> metrics, String name) {
    return metric(metrics, name)
        .map(m -> List.copyOf(m.getLongSumData().getPoints()))
        .orElse(List.of());
  }

  private static HistogramPointData histogramPoint(MetricData metric, ConnectionSource source) {
    List<HistogramPointData> points =
        metric.getHistogramData().getPoints().stream()
            .filter(p -> p.getAttributes().equals(Attributes.of(POOL_NAME, source.name())))
            .toList();
    assertThat(points).as("%s points of %s", metric.getName(), source.name()).hasSize(1);
    return points.get(0);
  }

  /** Where an explicit-bucket histogram over {@link PoolMetrics#BOUNDS_SECONDS} puts each value. */
  private static List<Long> bucketCounts(double... seconds) {
    List<Double> bounds = PoolMetrics.BOUNDS_SECONDS;
    Long[] counts = new Long[bounds.size() + 1];
    Arrays.fill(counts, 0L);
    for (double value : seconds) {
      int slot = 0;
      while (slot < bounds.size() && value > bounds.get(slot)) {
        slot++;
      }
      counts[slot]++;
    }
    return List.of(counts);
  }
}
