package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.testapp.telemetry.MetricPoint;
import io.poolagent.testapp.telemetry.OtlpReceiver;
import io.poolagent.testapp.telemetry.ReceivedSpan;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's OpenTelemetry export, received by a real OTLP/HTTP receiver from a child JVM running
 * the test app: span and metric names, attributes, the borrow stack, and numbers that match what
 * the scenario did and what the JSON report says.
 */
class TelemetryIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String POOL = "testapp-hikari";

  @TempDir Path dir;
  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private ChildJvm exportingTo(ChildJvm jvm) {
    return jvm.env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("OTEL_SERVICE_NAME", "pool-agent-it")
        .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
        .env("OTEL_BSP_SCHEDULE_DELAY", "200");
  }

  @Test
  void everyLeakIsASpanWithItsStackAndCallSite() throws Exception {
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        exportingTo(
                ChildJvm.testApp("--scenario", "demo", "--via", "hikari", "--hold", "3s", "--linger", "2s")
                    .withAgent("leakThreshold=1500ms,report=" + reportFile)
                    .in(dir))
            .run();
    assertThat(result.exitCode()).as(result.describe()).isZero();
    Report report = ChildJvm.readReport(reportFile, result);

    // demo = exception-leak (2) + method-leak (3) + executor-leak (4) + long-hold (1, late):
    // each leaked lease is one span, whatever state it was first found in.
    List<ReceivedSpan> leaks =
        receiver.awaitSpans(spans -> named(spans, "connection leak").size() >= 10, WAIT);
    leaks = named(leaks, "connection leak");
    assertThat(leaks).hasSize(10);
    Map<String, Long> bySite =
        leaks.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.stringAttribute("code.function.name") + ":" + s.longAttribute("code.line.number"),
                    Collectors.counting()));
    assertThat(bySite)
        .containsOnly(
            Map.entry(functionAndLine("exception-leak"), 2L),
            Map.entry(functionAndLine("method-leak"), 3L),
            Map.entry(functionAndLine("executor-leak"), 4L),
            Map.entry(functionAndLine("long-hold"), 1L));
    for (ReceivedSpan span : leaks) {
      assertThat(span.scopeName()).isEqualTo("io.poolagent");
      assertThat(span.resourceAttributes()).containsEntry("service.name", "pool-agent-it");
      assertThat(span.span().getStatus().getCode().name()).isEqualTo("STATUS_CODE_ERROR");
      assertThat(span.stringAttribute("db.client.connection.pool.name")).isEqualTo(POOL);
      assertThat(span.stringAttribute("thread.name")).isNotBlank();
      assertThat(span.stringAttribute("poolagent.leak.state")).isIn("suspected", "collected", "open_at_exit");
      assertThat(span.doubleAttribute("poolagent.lease.hold_duration")).isPositive();
      String function = span.stringAttribute("code.function.name");
      String file = function.substring(function.lastIndexOf('.', function.lastIndexOf('.') - 1) + 1, function.lastIndexOf('.')) + ".java";
      assertThat(span.stringAttribute("code.file.path")).isEqualTo(file);
      assertThat(span.stringAttribute("code.stacktrace"))
          .startsWith("\tat com.zaxxer.hikari.HikariDataSource.getConnection(")
          .contains("\tat " + function + "(" + file + ":" + span.longAttribute("code.line.number") + ")");
      long start = span.span().getStartTimeUnixNano();
      long end = span.span().getEndTimeUnixNano();
      assertThat(end - start).as("from the borrow to the detection").isPositive();
    }

    // The counters agree with the report: what was open at exit, collected, returned late.
    Report.LeakCounts totals = report.totals();
    assertThat(latest("poolagent.connection.leaks", Map.of("db.client.connection.pool.name", POOL, "poolagent.leak.state", "open_at_exit")))
        .isEqualTo(totals.openAtExit())
        .isEqualTo(7);
    assertThat(latest("poolagent.connection.leaks", Map.of("db.client.connection.pool.name", POOL, "poolagent.leak.state", "collected")))
        .isEqualTo(totals.collected())
        .isEqualTo(2);
    assertThat(latest("poolagent.connection.late_returns", Map.of("db.client.connection.pool.name", POOL)))
        .isEqualTo(totals.lateReturns())
        .isEqualTo(1);
    // Every lease was suspected first except the dropped ones the collector may have beaten to it.
    assertThat(latest("poolagent.connection.leaks", Map.of("db.client.connection.pool.name", POOL, "poolagent.leak.state", "suspected")))
        .isBetween(8L, 10L);

    Report.PoolSummary pool = report.pools().get(0);
    MetricPoint use = latestPoint("db.client.connection.use_time", Map.of("db.client.connection.pool.name", POOL));
    assertThat(use.unit()).isEqualTo("s");
    assertThat(use.histogram().count()).as("use_time counts returned leases").isEqualTo(pool.returns());
    assertThat(use.histogram().max()).as("the long hold, 3 s").isGreaterThan(2.5);
    MetricPoint wait = latestPoint("db.client.connection.wait_time", Map.of("db.client.connection.pool.name", POOL));
    assertThat(wait.histogram().count()).as("wait_time counts borrows").isEqualTo(pool.borrows());
    // HikariCP's own measure of its physical connects: it fills itself up to its size (10).
    MetricPoint create = latestPoint("db.client.connection.create_time", Map.of("db.client.connection.pool.name", POOL));
    assertThat(create.unit()).isEqualTo("s");
    assertThat(create.histogram().count()).isBetween(1L, 10L);
    assertThat(create.histogram().sum()).isPositive();
  }

  @Test
  void poolStateComesFromTheHikariPoolItself() throws Exception {
    ChildJvm.Result result =
        exportingTo(
                ChildJvm.testApp("--scenario", "method-leak", "--via", "hikari", "--pool-size", "7", "--linger", "1500ms")
                    .withAgent("leakThreshold=500ms,report=none")
                    .in(dir))
            .run();
    assertThat(result.exitCode()).as(result.describe()).isZero();

    Map<String, String> pool = Map.of("db.client.connection.pool.name", POOL);
    receiver.awaitMetric("db.client.connection.max", points -> !points.isEmpty(), WAIT);
    assertThat(latest("db.client.connection.max", pool)).isEqualTo(7);
    assertThat(latest("db.client.connection.idle.min", pool)).isEqualTo(7);
    assertThat(latest("db.client.connection.count", Map.of("db.client.connection.pool.name", POOL, "db.client.connection.state", "used")))
        .as("the 3 leaked connections are in use")
        .isEqualTo(3);
    assertThat(latest("db.client.connection.count", Map.of("db.client.connection.pool.name", POOL, "db.client.connection.state", "idle")))
        .isBetween(0L, 4L);
    assertThat(latest("db.client.connection.pending_requests", pool)).isZero();
    assertThat(latest("db.client.connection.timeouts", pool)).isZero();
    assertThat(receiver.metricPoints("db.client.connection.idle.max"))
        .as("HikariCP has no maximum-idle setting: absent, not a made-up value")
        .isEmpty();
    MetricPoint count = latestPoint("db.client.connection.count", Map.of("db.client.connection.pool.name", POOL, "db.client.connection.state", "used"));
    assertThat(count.kind()).isEqualTo(MetricPoint.Kind.SUM);
    assertThat(count.monotonic()).isFalse();
  }

  @Test
  void spansAllAddsASpanPerLease() throws Exception {
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        exportingTo(
                ChildJvm.testApp("--scenario", "no-leak", "--via", "hikari")
                    .withAgent("spans=all,report=" + reportFile)
                    .in(dir))
            .run();
    assertThat(result.exitCode()).as(result.describe()).isZero();
    long returns = ChildJvm.readReport(reportFile, result).pools().get(0).returns();

    List<ReceivedSpan> spans =
        receiver.awaitSpans(s -> named(s, "connection lease").size() >= returns, WAIT);
    assertThat(named(spans, "connection lease")).hasSize((int) returns);
    assertThat(named(spans, "connection leak")).isEmpty();
    assertThat(named(spans, "connection lease"))
        .allSatisfy(s -> assertThat(s.stringAttribute("db.client.connection.pool.name")).isEqualTo(POOL));
  }

  @ParameterizedTest(name = "endpoint: {0}")
  @ValueSource(strings = {"closed port", "http://no-such-host.invalid:4318"})
  void noCollectorCostsOneLineAndNothingElse(String endpoint) throws Exception {
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result without = ChildJvm.testApp("--scenario", "method-leak", "--linger", "1s").in(dir).run();
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", "method-leak", "--linger", "1s")
            .env(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                endpoint.equals("closed port") ? closedEndpoint() : endpoint)
            .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
            .withAgent("leakThreshold=300ms,report=" + reportFile)
            .in(dir)
            .run();

    assertThat(result.exitCode()).isEqualTo(without.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo(without.stdout());
    assertThat(ChildJvm.readReport(reportFile, result).totals().openAtExit()).isEqualTo(3);
    assertThat(result.agentLines().stream().filter(l -> l.contains("OpenTelemetry")))
        .as(result.describe())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("export of", "failed", "the JSON report is unaffected"));
  }

  @Test
  void leaksFoundOnlyAtExitAreExportedBeforeTheJvmEnds() throws Exception {
    // A threshold longer than the run: the three leaks are found at exit, open_at_exit, and their
    // spans must still leave before the JVM does.
    ChildJvm.Result result =
        exportingTo(
                ChildJvm.testApp("--scenario", "method-leak")
                    .withAgent("leakThreshold=10m,report=none")
                    .in(dir))
            .run();
    assertThat(result.exitCode()).as(result.describe()).isZero();

    List<ReceivedSpan> leaks = named(receiver.spans(), "connection leak");
    assertThat(leaks).hasSize(3);
    assertThat(leaks)
        .allSatisfy(s -> assertThat(s.stringAttribute("poolagent.leak.state")).isEqualTo("open_at_exit"));
    assertThat(latest("poolagent.connection.leaks", Map.of("poolagent.leak.state", "open_at_exit")))
        .isEqualTo(3);
  }

  @Test
  void aBadOtelSettingCostsTheExportNotTheReport() throws Exception {
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", "method-leak", "--linger", "1s")
            .env("OTEL_TRACES_EXPORTER", "carrier-pigeon")
            .withAgent("leakThreshold=300ms,report=" + reportFile)
            .in(dir)
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(ChildJvm.readReport(reportFile, result).totals().openAtExit()).isEqualTo(3);
    assertThat(result.agentLines().stream().filter(l -> l.contains("OpenTelemetry")))
        .as(result.describe())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("export is off", "carrier-pigeon"));
  }

  @Test
  void anAppsOwnOpenTelemetryOfAnotherVersionKeepsWorking() throws Exception {
    Path appOtel = Path.of(System.getProperty("poolagent.appOtelDir"));
    String classPath;
    try (var jars = Files.list(appOtel)) {
      // The app's OpenTelemetry first: it wins over the copy of the API inside the test-app jar.
      classPath =
          jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator))
              + File.pathSeparator
              + System.getProperty("poolagent.testClasses")
              + File.pathSeparator
              + ChildJvm.TESTAPP_JAR;
    }
    ChildJvm.Result result =
        exportingTo(
                ChildJvm.command(
                        "-cp",
                        classPath,
                        OwnOtelApp.class.getName(),
                        "--scenario",
                        "method-leak",
                        "--traced",
                        "--linger",
                        "1s")
                    .withAgent("leakThreshold=1500ms,report=none")
                    .in(dir))
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("app OpenTelemetry SDK from", "opentelemetry-sdk-1.50.0.jar");
    // The app's own exporter logged the app's own span: its SDK is the global one, untouched.
    assertThat(result.stderr()).contains("'scenario method-leak'", "agent-testapp");
    List<ReceivedSpan> spans =
        receiver.awaitSpans(s -> named(s, "connection leak").size() >= 3, WAIT);
    assertThat(named(spans, "connection leak")).hasSize(3);
    assertThat(spans)
        .as("the app's span went to the app's exporter, not to the agent's")
        .noneMatch(s -> s.name().startsWith("scenario "));
  }

  private String closedEndpoint() {
    OtlpReceiver closed = OtlpReceiver.start();
    String endpoint = closed.endpoint();
    closed.close();
    return endpoint;
  }

  private long latest(String metric, Map<String, String> attributes) {
    receiver.awaitMetric(metric, points -> true, WAIT);
    return (long) latestPoint(metric, attributes).doubleValue();
  }

  private MetricPoint latestPoint(String metric, Map<String, String> attributes) {
    Optional<MetricPoint> point = receiver.latest(metric, attributes);
    assertThat(point).as(metric + " " + attributes + "; received: " + receiver.metricNames()).isPresent();
    return point.get();
  }

  static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** {@code io.poolagent.testapp.orders.OrderRepository.openOrderCursor:26} from the marker. */
  private static String functionAndLine(String scenario) {
    String site = LeakMarkers.callSite(scenario);
    String function = site.substring(0, site.indexOf('('));
    String line = site.substring(site.lastIndexOf(':') + 1, site.length() - 1);
    return function + ":" + line;
  }
}
