package io.poolagent.otel;

import static io.poolagent.otel.SemanticAttributes.BORROW_SPAN_ID;
import static io.poolagent.otel.SemanticAttributes.BORROW_TRACE_ID;
import static io.poolagent.otel.SemanticAttributes.CODE_FILE;
import static io.poolagent.otel.SemanticAttributes.CODE_FUNCTION;
import static io.poolagent.otel.SemanticAttributes.CODE_LINE;
import static io.poolagent.otel.SemanticAttributes.CODE_STACKTRACE;
import static io.poolagent.otel.SemanticAttributes.HOLD_DURATION;
import static io.poolagent.otel.SemanticAttributes.LEAK_STATE;
import static io.poolagent.otel.SemanticAttributes.POOL_NAME;
import static io.poolagent.otel.SemanticAttributes.THREAD_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.example.shop.OrderRepository;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeakEvent;
import io.poolagent.lease.LeakState;
import io.poolagent.lease.PoolExhaustion;
import io.poolagent.lease.LeaseTracker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Leak spans and leak counters as a tracing and a metrics backend receive them. */
class LeakTelemetryTest {

  private static final long MILLIS = 1_000_000;
  private static final long SECONDS = 1_000_000_000;

  /** 2023-11-14T22:13:20Z, as an exporter's epoch nanos. */
  private static final long BORROWED_AT = 1_700_000_000L * SECONDS;

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  private final List<Connection> opened = new ArrayList<>();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();

  private AgentLogCapture log;
  private String url;
  private SdkTracerProvider tracerProvider;
  private SdkMeterProvider meterProvider;
  private LeaseTracker tracker;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    log = new AgentLogCapture();
    url = "jdbc:h2:mem:leak-telemetry-" + test.getTestMethod().orElseThrow().getName();
    tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    tracker = tracker("leakThreshold=50ms");
  }

  @AfterEach
  void tearDown() throws SQLException {
    log.close();
    tracerProvider.close();
    meterProvider.close();
    for (Connection connection : opened) {
      connection.close();
    }
  }

  @Test
  void suspectedLeakIsOneErrorSpanFromBorrowToDetection() {
    LeakTelemetry telemetry = readyTelemetry(false);

    telemetry.leak(
        new LeakEvent(
            LeakState.SUSPECTED,
            null,
            "HikariPool-1",
            "com.acme.Repo.find(Repo.java:42)",
            "http-nio-8080-exec-3",
            BORROWED_AT,
            BORROWED_AT + 31_500 * MILLIS,
            31_500 * MILLIS,
            List.of(
                "com.acme.Repo.find(Repo.java:42)",
                "com.acme.OrderService.place(OrderService.java:17)",
                "java.base/java.lang.Thread.run(Thread.java:840)"),
            null));

    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("connection leak");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStartEpochNanos()).isEqualTo(BORROWED_AT);
    assertThat(span.getEndEpochNanos()).isEqualTo(BORROWED_AT + 31_500 * MILLIS);
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(POOL_NAME)).isEqualTo("HikariPool-1");
    assertThat(attributes.get(THREAD_NAME)).isEqualTo("http-nio-8080-exec-3");
    assertThat(attributes.get(LEAK_STATE)).isEqualTo("suspected");
    assertThat(attributes.get(HOLD_DURATION)).isCloseTo(31.5, within(1e-9));
    assertThat(attributes.get(CODE_FUNCTION)).isEqualTo("com.acme.Repo.find");
    assertThat(attributes.get(CODE_FILE)).isEqualTo("Repo.java");
    assertThat(attributes.get(CODE_LINE)).isEqualTo(42L);
    assertThat(attributes.get(CODE_STACKTRACE))
        .isEqualTo(
            "\tat com.acme.Repo.find(Repo.java:42)\n"
                + "\tat com.acme.OrderService.place(OrderService.java:17)\n"
                + "\tat java.base/java.lang.Thread.run(Thread.java:840)\n");
    assertThat(attributes.get(CODE_STACKTRACE).lines())
        .hasSize(3)
        .allMatch(l -> l.startsWith("\tat "));
    assertThat(span.getLinks()).isEmpty();
    assertThat(attributes.get(BORROW_TRACE_ID)).isNull();
  }

  @Test
  void poolExhaustionIsAnErrorSpanWithAnEventPerCallSiteHoldingConnections() {
    LeakTelemetry telemetry = readyTelemetry(false);
    long at = BORROWED_AT + 30 * SECONDS;

    telemetry.exhausted(
        new PoolExhaustion(
            "HikariPool-1",
            at,
            "SQLTransientConnectionException: HikariPool-1 - Connection is not available",
            10,
            List.of(
                new PoolExhaustion.Holder(
                    "com.acme.Report.export(Report.java:88)",
                    8,
                    29 * SECONDS,
                    List.of("report-1", "report-2"),
                    List.of("com.acme.Report.export(Report.java:88)", "java.base/java.lang.Thread.run(Thread.java:840)")),
                new PoolExhaustion.Holder("unknown", 2, 3 * SECONDS, List.of("main"), List.of())),
            List.of(
                new PoolExhaustion.Holder(
                    "com.acme.Cache.warm(Cache.java:33)",
                    4,
                    600 * SECONDS,
                    List.of("main"),
                    List.of("com.acme.Cache.warm(Cache.java:33)"))),
            new ParentTrace(TRACE_ID, SPAN_ID)));

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("connection pool exhausted");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).contains("Connection is not available");
    assertThat(span.getStartEpochNanos()).isEqualTo(at);
    assertThat(span.getAttributes().get(POOL_NAME)).isEqualTo("HikariPool-1");
    assertThat(span.getAttributes().get(SemanticAttributes.CONNECTIONS_HELD)).isEqualTo(10L);
    assertThat(span.getLinks()).singleElement()
        .satisfies(link -> assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE_ID));
    assertThat(span.getAttributes().get(SemanticAttributes.CONNECTIONS_COLLECTED)).isEqualTo(4L);
    assertThat(span.getEvents()).hasSize(3);
    Attributes first = span.getEvents().get(0).getAttributes();
    assertThat(span.getEvents().get(0).getName()).isEqualTo("connections held");
    assertThat(first.get(SemanticAttributes.HOLDER_COUNT)).isEqualTo(8L);
    assertThat(first.get(SemanticAttributes.HOLDER_LONGEST_HOLD)).isCloseTo(29.0, within(1e-9));
    assertThat(first.get(THREAD_NAME)).isEqualTo("report-1, report-2");
    assertThat(first.get(CODE_FUNCTION)).isEqualTo("com.acme.Report.export");
    assertThat(first.get(CODE_LINE)).isEqualTo(88L);
    assertThat(first.get(CODE_STACKTRACE)).startsWith("\tat com.acme.Report.export(Report.java:88)\n");
    Attributes unknown = span.getEvents().get(1).getAttributes();
    assertThat(unknown.get(SemanticAttributes.HOLDER_COUNT)).isEqualTo(2L);
    assertThat(unknown.asMap()).doesNotContainKeys(CODE_FUNCTION, CODE_STACKTRACE);
    // Lost to leaks the collector took: the pool still counts them, though no lease holds them.
    assertThat(span.getEvents().get(2).getName()).isEqualTo("connections lost to collected leaks");
    Attributes lost = span.getEvents().get(2).getAttributes();
    assertThat(lost.get(SemanticAttributes.HOLDER_COUNT)).isEqualTo(4L);
    assertThat(lost.get(CODE_FUNCTION)).isEqualTo("com.acme.Cache.warm");
    assertThat(lost.get(THREAD_NAME)).isEqualTo("main");
  }

  @Test
  void leakWithoutStackOrCallSiteLeavesThoseAttributesOut() {
    LeakTelemetry telemetry = readyTelemetry(false);

    telemetry.leak(event(LeakState.SUSPECTED, null, "orders", "unknown"));

    SpanData span = onlySpan();
    assertThat(span.getAttributes().asMap())
        .containsKeys(POOL_NAME, THREAD_NAME, LEAK_STATE, HOLD_DURATION)
        .doesNotContainKeys(CODE_FUNCTION, CODE_FILE, CODE_LINE, CODE_STACKTRACE);
  }

  @Test
  void callSiteWithoutSourceGivesTheFunctionOnly() {
    LeakTelemetry telemetry = readyTelemetry(false);

    telemetry.leak(
        event(
            LeakState.SUSPECTED,
            null,
            "orders",
            "com.acme.Repo.find(Unknown Source)",
            List.of("com.acme.Repo.find(Unknown Source)"),
            null));

    Attributes attributes = onlySpan().getAttributes();
    assertThat(attributes.get(CODE_FUNCTION)).isEqualTo("com.acme.Repo.find");
    assertThat(attributes.asMap()).doesNotContainKeys(CODE_FILE, CODE_LINE);
  }

  @Test
  void leakCollectedWithoutBeingSuspectedFirstIsASpanOfItsOwn() {
    LeakTelemetry telemetry = readyTelemetry(false);

    telemetry.leak(event(LeakState.COLLECTED, null, "orders", "com.acme.A.a(A.java:1)"));

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(LEAK_STATE)).isEqualTo("collected");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void laterStatesOfALeakAreCountedButMakeNoNewSpan() {
    ConnectionSource orders = tracker.sources().of(url);
    LeakTelemetry telemetry = readyTelemetry(false);
    telemetry.register(meterProvider.get("io.poolagent"), tracker);
    String pool = orders.name();

    telemetry.leak(event(LeakState.SUSPECTED, null, pool, "com.acme.A.a(A.java:1)"));
    telemetry.leak(event(LeakState.COLLECTED, LeakState.SUSPECTED, pool, "com.acme.A.a(A.java:1)"));
    telemetry.leak(event(LeakState.SUSPECTED, null, pool, "com.acme.B.b(B.java:2)"));
    telemetry.leak(
        event(LeakState.OPEN_AT_EXIT, LeakState.SUSPECTED, pool, "com.acme.B.b(B.java:2)"));
    telemetry.leak(event(LeakState.SUSPECTED, null, pool, "com.acme.C.c(C.java:3)"));
    telemetry.leak(
        event(LeakState.LATE_RETURN, LeakState.SUSPECTED, pool, "com.acme.C.c(C.java:3)"));

    assertThat(spans.getFinishedSpanItems())
        .hasSize(3)
        .allSatisfy(
            span -> assertThat(span.getAttributes().get(LEAK_STATE)).isEqualTo("suspected"));
    Collection<MetricData> metrics = reader.collectAllMetrics();
    assertThat(leaks(metrics, pool, "suspected")).contains(3L);
    assertThat(leaks(metrics, pool, "collected")).contains(1L);
    assertThat(leaks(metrics, pool, "open_at_exit")).contains(1L);
    assertThat(lateReturns(metrics, pool)).contains(1L);
  }

  @Test
  void lateReturnIsCountedButNeverASpan() {
    ConnectionSource orders = tracker.sources().of(url);
    LeakTelemetry telemetry = readyTelemetry(false);
    telemetry.register(meterProvider.get("io.poolagent"), tracker);

    telemetry.leak(event(LeakState.LATE_RETURN, null, orders.name(), "com.acme.A.a(A.java:1)"));

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(lateReturns(reader.collectAllMetrics(), orders.name())).contains(1L);
  }

  @Test
  void leaksBeforeTheSdkIsReadyWaitAndGoOutInOrder() {
    ConnectionSource orders = tracker.sources().of(url);
    LeakTelemetry telemetry = new LeakTelemetry(false);
    telemetry.register(meterProvider.get("io.poolagent"), tracker);
    String pool = orders.name();

    telemetry.leak(event(LeakState.SUSPECTED, null, pool, "com.acme.First.a(First.java:1)"));
    telemetry.leak(
        event(LeakState.LATE_RETURN, LeakState.SUSPECTED, pool, "com.acme.First.a(First.java:1)"));
    telemetry.leak(event(LeakState.COLLECTED, null, pool, "com.acme.Second.b(Second.java:2)"));
    telemetry.leak(event(LeakState.SUSPECTED, null, pool, "com.acme.Third.c(Third.java:3)"));

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(leaks(reader.collectAllMetrics(), pool, "suspected")).contains(2L);

    telemetry.ready(tracerProvider.get("io.poolagent"));

    assertThat(spans.getFinishedSpanItems())
        .extracting(span -> span.getAttributes().get(CODE_FUNCTION))
        .containsExactly("com.acme.First.a", "com.acme.Second.b", "com.acme.Third.c");

    telemetry.leak(event(LeakState.SUSPECTED, null, pool, "com.acme.Fourth.d(Fourth.java:4)"));

    assertThat(spans.getFinishedSpanItems())
        .extracting(span -> span.getAttributes().get(CODE_FUNCTION))
        .containsExactly(
            "com.acme.First.a", "com.acme.Second.b", "com.acme.Third.c", "com.acme.Fourth.d");
  }

  @Test
  void borrowTracedByTheOfficialAgentIsLinked() {
    LeakTelemetry telemetry = readyTelemetry(false);

    telemetry.leak(
        event(
            LeakState.SUSPECTED,
            null,
            "orders",
            "com.acme.A.a(A.java:1)",
            List.of(),
            new ParentTrace(TRACE_ID, SPAN_ID)));

    SpanData span = onlySpan();
    assertThat(span.getLinks()).hasSize(1);
    LinkData link = span.getLinks().get(0);
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
    assertThat(span.getAttributes().get(BORROW_TRACE_ID)).isEqualTo(TRACE_ID);
    assertThat(span.getAttributes().get(BORROW_SPAN_ID)).isEqualTo(SPAN_ID);
    // A link, not a parent: the leak outlives the request that borrowed.
    assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void invalidBorrowTraceIsNotLinked() {
    LeakTelemetry telemetry = readyTelemetry(false);

    telemetry.leak(
        event(
            LeakState.SUSPECTED,
            null,
            "orders",
            "com.acme.A.a(A.java:1)",
            List.of(),
            new ParentTrace("00000000000000000000000000000000", "0000000000000000")));

    SpanData span = onlySpan();
    assertThat(span.getLinks()).isEmpty();
    assertThat(span.getAttributes().asMap()).doesNotContainKeys(BORROW_TRACE_ID, BORROW_SPAN_ID);
  }

  @Test
  void countersReportZeroForEveryKnownPoolAndStateBeforeAnyLeak() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    String viaDriverManager = tracker.sources().of(url).name();
    String viaDataSource = tracker.sources().of(dataSource).name();
    LeakTelemetry telemetry = new LeakTelemetry(false);
    telemetry.register(meterProvider.get("io.poolagent"), tracker);

    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(points(metrics, "poolagent.connection.leaks"))
        .extracting(LongPointData::getAttributes)
        .containsExactlyInAnyOrder(
            Attributes.of(POOL_NAME, viaDriverManager, LEAK_STATE, "suspected"),
            Attributes.of(POOL_NAME, viaDriverManager, LEAK_STATE, "collected"),
            Attributes.of(POOL_NAME, viaDriverManager, LEAK_STATE, "open_at_exit"),
            Attributes.of(POOL_NAME, viaDataSource, LEAK_STATE, "suspected"),
            Attributes.of(POOL_NAME, viaDataSource, LEAK_STATE, "collected"),
            Attributes.of(POOL_NAME, viaDataSource, LEAK_STATE, "open_at_exit"));
    assertThat(points(metrics, "poolagent.connection.leaks"))
        .extracting(LongPointData::getValue)
        .containsOnly(0L);
    assertThat(points(metrics, "poolagent.connection.late_returns"))
        .extracting(LongPointData::getAttributes)
        .containsExactlyInAnyOrder(
            Attributes.of(POOL_NAME, viaDriverManager), Attributes.of(POOL_NAME, viaDataSource));
    assertThat(points(metrics, "poolagent.connection.late_returns"))
        .extracting(LongPointData::getValue)
        .containsOnly(0L);
    MetricData leaks = metric(metrics, "poolagent.connection.leaks").orElseThrow();
    assertThat(leaks.getLongSumData().isMonotonic()).isTrue();
  }

  @Test
  void countersKeepPoolsApart() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    String first = tracker.sources().of(url).name();
    String second = tracker.sources().of(dataSource).name();
    LeakTelemetry telemetry = readyTelemetry(false);
    telemetry.register(meterProvider.get("io.poolagent"), tracker);

    telemetry.leak(event(LeakState.SUSPECTED, null, first, "com.acme.A.a(A.java:1)"));
    telemetry.leak(event(LeakState.COLLECTED, null, second, "com.acme.A.a(A.java:1)"));

    Collection<MetricData> metrics = reader.collectAllMetrics();
    assertThat(leaks(metrics, first, "suspected")).contains(1L);
    assertThat(leaks(metrics, first, "collected")).contains(0L);
    assertThat(leaks(metrics, second, "suspected")).contains(0L);
    assertThat(leaks(metrics, second, "collected")).contains(1L);
  }

  /** The whole way: a real borrow from application code, found by the tracker's sweep. */
  @Test
  void leakFoundByTheTrackerIsASpanWithTheApplicationCallSite() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    LeakTelemetry telemetry = new LeakTelemetry(false);
    telemetry.register(meterProvider.get("io.poolagent"), tracker);
    tracker.addListener(telemetry);
    tracker.setBorrowContext(() -> new ParentTrace(TRACE_ID, SPAN_ID));
    telemetry.ready(tracerProvider.get("io.poolagent"));
    long borrowedAt = System.nanoTime();
    Connection connection = connect();
    new OrderRepository()
        .find(
            () -> {
              tracker.borrowed(source, connection, borrowedAt - MILLIS, borrowedAt);
              return connection;
            });

    tracker.sweepSuspects(borrowedAt + 40 * MILLIS);
    assertThat(spans.getFinishedSpanItems()).as("not yet past leakThreshold").isEmpty();

    tracker.sweepSuspects(borrowedAt + 120 * MILLIS);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("connection leak");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStartEpochNanos()).isEqualTo(tracker.clock().epochNanosOf(borrowedAt));
    assertThat(span.getEndEpochNanos())
        .isEqualTo(tracker.clock().epochNanosOf(borrowedAt + 120 * MILLIS));
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(POOL_NAME)).isEqualTo(source.name());
    assertThat(attributes.get(THREAD_NAME)).isEqualTo(Thread.currentThread().getName());
    assertThat(attributes.get(LEAK_STATE)).isEqualTo("suspected");
    assertThat(attributes.get(HOLD_DURATION)).isCloseTo(0.120, within(1e-9));
    assertThat(attributes.get(CODE_FUNCTION)).isEqualTo("com.example.shop.OrderRepository.find");
    assertThat(attributes.get(CODE_FILE)).isEqualTo("OrderRepository.java");
    assertThat(attributes.get(CODE_LINE)).isEqualTo(18L);
    assertThat(attributes.get(CODE_STACKTRACE))
        .startsWith("\tat " + OrderRepository.CALL_SITE + "\n")
        .endsWith("\n");
    assertThat(span.getLinks())
        .extracting(l -> l.getSpanContext().getTraceId())
        .containsExactly(TRACE_ID);

    tracker.returned(connection, borrowedAt + 300 * MILLIS);

    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    Collection<MetricData> metrics = reader.collectAllMetrics();
    assertThat(leaks(metrics, source.name(), "suspected")).contains(1L);
    assertThat(lateReturns(metrics, source.name())).contains(1L);
  }

  @Test
  void spansAllMakesALeaseSpanForEveryReturn() throws Exception {
    tracker = tracker("leakThreshold=50ms,spans=all");
    ConnectionSource source = tracker.sources().of(url);
    LeakTelemetry telemetry = new LeakTelemetry(tracker.settings().spanPerLease());
    assertThat(telemetry.wantsEveryLease()).isTrue();
    tracker.addListener(telemetry);
    telemetry.ready(tracerProvider.get("io.poolagent"));
    long t0 = System.nanoTime();
    Connection first = connect();
    Connection second = connect();
    new OrderRepository()
        .find(
            () -> {
              tracker.borrowed(source, first, t0, t0 + MILLIS);
              tracker.borrowed(source, second, t0, t0 + 2 * MILLIS);
              return null;
            });

    tracker.returned(first, t0 + 11 * MILLIS);
    tracker.returned(second, t0 + 2 * MILLIS + 25 * MILLIS);
    tracker.returned(second, t0 + 2 * MILLIS + 99 * MILLIS);

    List<SpanData> leases = spans.getFinishedSpanItems();
    assertThat(leases)
        .hasSize(2)
        .allSatisfy(
            span -> {
              assertThat(span.getName()).isEqualTo("connection lease");
              assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
              assertThat(span.getAttributes().get(POOL_NAME)).isEqualTo(source.name());
              assertThat(span.getAttributes().get(THREAD_NAME))
                  .isEqualTo(Thread.currentThread().getName());
              assertThat(span.getAttributes().get(CODE_FUNCTION))
                  .isEqualTo("com.example.shop.OrderRepository.find");
              assertThat(span.getAttributes().get(CODE_LINE)).isEqualTo(18L);
              assertThat(span.getAttributes().asMap())
                  .doesNotContainKeys(LEAK_STATE, CODE_STACKTRACE);
            });
    assertThat(leases.get(0).getStartEpochNanos())
        .isEqualTo(tracker.clock().epochNanosOf(t0 + MILLIS));
    assertThat(leases.get(0).getEndEpochNanos())
        .isEqualTo(tracker.clock().epochNanosOf(t0 + 11 * MILLIS));
    assertThat(leases.get(0).getAttributes().get(HOLD_DURATION)).isCloseTo(0.010, within(1e-9));
    assertThat(leases.get(1).getAttributes().get(HOLD_DURATION)).isCloseTo(0.025, within(1e-9));
  }

  @Test
  void withoutSpansAllAReturnMakesNoSpan() throws Exception {
    ConnectionSource source = tracker.sources().of(url);
    LeakTelemetry telemetry = new LeakTelemetry(tracker.settings().spanPerLease());
    tracker.addListener(telemetry);
    telemetry.ready(tracerProvider.get("io.poolagent"));
    long t0 = System.nanoTime();
    Connection connection = connect();
    tracker.borrowed(source, connection, t0, t0 + MILLIS);

    tracker.returned(connection, t0 + 11 * MILLIS);

    assertThat(telemetry.wantsEveryLease()).isFalse();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  private static LeaseTracker tracker(String agentArgs) throws Exception {
    return new LeaseTracker(SettingsParser.parse(agentArgs, Map.of(), Map.of()));
  }

  private LeakTelemetry readyTelemetry(boolean spanPerLease) {
    LeakTelemetry telemetry = new LeakTelemetry(spanPerLease);
    telemetry.ready(tracerProvider.get("io.poolagent"));
    return telemetry;
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url);
    opened.add(connection);
    return connection;
  }

  private SpanData onlySpan() {
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return spans.getFinishedSpanItems().get(0);
  }

  /** A leak without a borrow stack or trace, of a lease borrowed at {@link #BORROWED_AT}. */
  private static LeakEvent event(
      LeakState state, LeakState previous, String pool, String callSite) {
    return event(state, previous, pool, callSite, List.of(), null);
  }

  /** A leak of a lease borrowed at {@link #BORROWED_AT} and held 90 s. */
  private static LeakEvent event(
      LeakState state,
      LeakState previous,
      String pool,
      String callSite,
      List<String> stack,
      Object borrowContext) {
    return new LeakEvent(
        state,
        previous,
        pool,
        callSite,
        "worker-1",
        BORROWED_AT,
        BORROWED_AT + 90 * SECONDS,
        90 * SECONDS,
        stack,
        borrowContext);
  }

  private static Optional<MetricData> metric(Collection<MetricData> metrics, String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  private static List<LongPointData> points(Collection<MetricData> metrics, String name) {
    return metric(metrics, name)
        .map(m -> List.copyOf(m.getLongSumData().getPoints()))
        .orElse(List.of());
  }

  private static Optional<Long> leaks(Collection<MetricData> metrics, String pool, String state) {
    return points(metrics, "poolagent.connection.leaks").stream()
        .filter(p -> p.getAttributes().equals(Attributes.of(POOL_NAME, pool, LEAK_STATE, state)))
        .map(LongPointData::getValue)
        .findFirst();
  }

  private static Optional<Long> lateReturns(Collection<MetricData> metrics, String pool) {
    return points(metrics, "poolagent.connection.late_returns").stream()
        .filter(p -> p.getAttributes().equals(Attributes.of(POOL_NAME, pool)))
        .map(LongPointData::getValue)
        .findFirst();
  }
}
