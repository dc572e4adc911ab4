package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.OrderRepository;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import java.io.IOException;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The export as the agent starts it: an SDK configured by {@code otel.*} system properties, built
 * on a thread of its own. Every test bounds itself: a hung shutdown fails rather than stalls.
 */
@Timeout(60)
class OtelExportTest {

  private static final long MILLIS = 1_000_000;

  private final List<String> properties = new ArrayList<>();
  private final List<Connection> opened = new ArrayList<>();
  private AgentLogCapture log;
  private String url;
  private LeaseTracker tracker;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    log = new AgentLogCapture();
    url = "jdbc:h2:mem:otel-export-" + test.getTestMethod().orElseThrow().getName();
    tracker = new LeaseTracker(SettingsParser.parse("leakThreshold=50ms", Map.of(), Map.of()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (String key : properties) {
      System.clearProperty(key);
    }
    for (Connection connection : opened) {
      connection.close();
    }
    log.close();
  }

  @Test
  void startsWithEveryExporterOffAndShutsDown() throws Exception {
    set("otel.traces.exporter", "none");
    set("otel.metrics.exporter", "none");
    set("otel.logs.exporter", "none");

    OtelExport export = OtelExport.start(tracker, false, 0);
    awaitSdkBuilt();
    leakOneConnection();
    export.shutdown();

    assertThat(log.linesWith("OpenTelemetry")).isEmpty();
  }

  @Test
  void sdkDisabledStartsNothingAndTrackingGoesOn() throws Exception {
    set("otel.sdk.disabled", "true");

    OtelExport export = OtelExport.start(tracker, false, 0);
    ConnectionSource source = leakOneConnection();
    export.shutdown();

    assertThat(tracker.report().leaks()).hasSize(1);
    assertThat(source.borrows()).isEqualTo(1);
    assertThat(log.linesWith("OpenTelemetry")).isEmpty();
  }

  @Test
  void anExitBeforeTheDelayedBuildStillBuildsAndFlushes() throws Exception {
    set("otel.traces.exporter", "none");
    set("otel.metrics.exporter", "none");
    OtelExport export = OtelExport.start(tracker, false, TimeUnit.HOURS.toMillis(1));
    leakOneConnection();

    long start = System.nanoTime();
    export.shutdown();

    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
        .as("the exit does not wait out the delay")
        .isLessThan(10);
    assertThat(export.built()).as("built at exit, so the leaks found at exit can go out").isTrue();
    assertThat(log.linesWith("OpenTelemetry")).isEmpty();
  }

  @Test
  void anExitBeforeTheBuildWithNoCollectorBuildsNothingAndSaysWhere() throws Exception {
    int port = closedPort();
    set("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port);
    OtelExport export = OtelExport.start(tracker, false, TimeUnit.HOURS.toMillis(1));
    leakOneConnection();

    export.shutdown();

    assertThat(export.built()).as("not built just to fail the export").isFalse();
    assertThat(log.linesWith("OpenTelemetry"))
        .singleElement()
        .asString()
        .contains("export of spans and metrics to http://127.0.0.1:" + port + "/v1/traces failed")
        .contains("ConnectException")
        .contains("nothing was sent; the JSON report is unaffected");
  }

  @Test
  void anExitBeforeTheBuildWithACollectorThatNeverAnswersBuildsNothingAndSaysSo()
      throws Exception {
    try (SilentCollector collector = new SilentCollector()) {
      set("otel.exporter.otlp.endpoint", collector.endpoint());
      OtelExport export = OtelExport.start(tracker, false, TimeUnit.HOURS.toMillis(1));
      leakOneConnection();

      export.shutdown();

      assertThat(export.built()).isFalse();
      assertThat(collector.accepted()).as("the collector was asked").isPositive();
      assertThat(log.linesWith("OpenTelemetry"))
          .singleElement()
          .asString()
          .contains("to " + collector.endpoint() + "/v1/traces failed")
          .contains("the collector accepted the connection but did not answer")
          .contains("nothing was sent");
    }
  }

  @Test
  void anExitBeforeTheBuildWithACollectorThatAnswersBuildsAndExports() throws Exception {
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    collector.createContext(
        "/",
        exchange -> {
          received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestBody().readAllBytes().length);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      set("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort());
      OtelExport export = OtelExport.start(tracker, false, TimeUnit.HOURS.toMillis(1));
      leakOneConnection();

      export.shutdown();

      assertThat(export.built()).isTrue();
      // The probe's empty export first, then the SDK's own, which carry the leak and the pool.
      assertThat(received).contains("/v1/traces 0");
      assertThat(received.stream().filter(r -> !r.endsWith(" 0")))
          .anySatisfy(r -> assertThat(r).startsWith("/v1/traces"))
          .anySatisfy(r -> assertThat(r).startsWith("/v1/metrics"));
      assertThat(log.linesWith("OpenTelemetry")).isEmpty();
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void aCollectorThatStopsAnsweringCostsTheLastExportWithOneLine() throws Exception {
    try (SilentCollector collector = new SilentCollector()) {
      set("otel.traces.exporter", "otlp");
      set("otel.metrics.exporter", "none");
      set("otel.exporter.otlp.endpoint", collector.endpoint());
      OtelExport export = OtelExport.start(tracker, false, 0);
      awaitSdkBuilt();
      leakOneConnection();

      export.shutdown();

      assertThat(export.built()).isTrue();
      assertThat(log.linesWith("OpenTelemetry"))
          .singleElement()
          .asString()
          .contains("export of the last spans and metrics to " + collector.endpoint() + "/v1/traces")
          .contains("failed (no answer within 1000 ms of the exit): they were dropped");
    }
  }

  @Test
  void sdkDisabledFollowsTheSdksOwnPrecedence() {
    assertThat(OtelExport.disabled("true", null)).isTrue();
    assertThat(OtelExport.disabled(null, " TRUE ")).isTrue();
    assertThat(OtelExport.disabled("false", "true")).as("the property wins").isFalse();
    assertThat(OtelExport.disabled(null, null)).isFalse();
    assertThat(OtelExport.disabled(null, "yes")).isFalse();
  }

  @Test
  void badExporterNameTurnsExportOffWithOneLine() throws Exception {
    set("otel.traces.exporter", "carrier-pigeon");
    set("otel.metrics.exporter", "none");
    set("otel.logs.exporter", "none");

    OtelExport export = OtelExport.start(tracker, false, 0);
    awaitSdkBuilt();
    export.shutdown();

    assertThat(log.linesWith("OpenTelemetry"))
        .singleElement()
        .asString()
        .startsWith("[pool-agent] ")
        .contains("OpenTelemetry export is off")
        .contains("carrier-pigeon")
        .contains("leak tracking and the JSON report go on");
  }

  @Test
  void trackingGoesOnWhenExportIsOff() throws Exception {
    set("otel.traces.exporter", "carrier-pigeon");
    set("otel.metrics.exporter", "none");
    set("otel.logs.exporter", "none");

    OtelExport export = OtelExport.start(tracker, true, 0);
    awaitSdkBuilt();
    ConnectionSource source = leakOneConnection();
    export.shutdown();

    assertThat(source.borrows()).isEqualTo(1);
    assertThat(tracker.report().leaks()).hasSize(1);
    assertThat(log.linesWith("export is off")).hasSize(1);
  }

  /**
   * The metrics SDK is built before the traces SDK; when the traces setting is bad, what was built
   * is shut down, and its final export to a collector that is away is no news: the bad setting is.
   */
  @Test
  void badSettingNextToAnUnreachableCollectorIsStillOneLine() throws Exception {
    set("otel.traces.exporter", "carrier-pigeon");
    set("otel.metrics.exporter", "otlp");
    set("otel.logs.exporter", "none");
    set("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort());

    OtelExport export = OtelExport.start(tracker, false, 0);
    awaitSdkBuilt();
    export.shutdown();

    assertThat(log.linesWith("OpenTelemetry"))
        .singleElement()
        .asString()
        .contains("OpenTelemetry export is off")
        .contains("carrier-pigeon");
  }

  @Test
  void collectorThatIsAwayIsReportedOnce() throws Exception {
    int port = closedPort();
    set("otel.traces.exporter", "otlp");
    set("otel.metrics.exporter", "otlp");
    set("otel.logs.exporter", "none");
    set("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port);

    OtelExport export = OtelExport.start(tracker, false, 0);
    awaitSdkBuilt();
    leakOneConnection();
    export.shutdown();

    assertThat(Await.until(() -> !log.linesWith("OpenTelemetry export of").isEmpty())).isTrue();
    assertThat(log.linesWith("OpenTelemetry"))
        .singleElement()
        .asString()
        .containsPattern("export of (spans|metrics) to http://127\\.0\\.0\\.1:" + port + "/v1/")
        .contains("ConnectException");
  }

  @Test
  void prometheusEndpointShowsThePoolAndItsLeaks() throws Exception {
    int port = closedPort();
    set("otel.traces.exporter", "none");
    set("otel.metrics.exporter", "prometheus");
    set("otel.logs.exporter", "none");
    set("otel.exporter.prometheus.port", Integer.toString(port));

    OtelExport export = OtelExport.start(tracker, false, 0);
    try {
      awaitSdkBuilt();
      ConnectionSource source = leakOneConnection();

      String scrape = scrape("http://127.0.0.1:" + port + "/metrics");

      assertThat(scrape)
          .containsPattern(
              "db_client_connection_count\\{[^}]*db_client_connection_pool_name=\""
                  + Pattern.quote(source.name())
                  + "\"[^}]*db_client_connection_state=\"used\"[^}]*} 1(\\.0)?\n")
          .contains("db_client_connection_wait_time_seconds_count")
          .contains("db_client_connection_create_time_seconds_count")
          .containsPattern(
              "poolagent_connection_leaks_total\\{[^}]*poolagent_leak_state=\"suspected\"[^}]*}"
                  + " 1(\\.0)?\n")
          .doesNotContain("db_client_connection_max")
          .doesNotContain("db_client_connection_timeouts");
    } finally {
      export.shutdown();
    }
    assertThat(log.linesWith("OpenTelemetry")).isEmpty();
  }

  private void set(String key, String value) {
    properties.add(key);
    System.setProperty(key, value);
  }

  /** Waits for the SDK's build thread to end, one way or the other. */
  private static void awaitSdkBuilt() throws InterruptedException {
    assertThat(
            Await.until(
                () ->
                    Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals(OtelExport.INIT_THREAD) && t.isAlive())))
        .as("%s ended", OtelExport.INIT_THREAD)
        .isTrue();
  }

  /** One connection borrowed from application code and held past leakThreshold. */
  private ConnectionSource leakOneConnection() throws SQLException {
    ConnectionSource source = tracker.sources().of(url);
    Connection connection = DriverManager.getConnection(url);
    opened.add(connection);
    long borrowedAt = System.nanoTime();
    new OrderRepository()
        .find(
            () -> {
              tracker.borrowed(source, connection, borrowedAt - MILLIS, borrowedAt);
              return connection;
            });
    tracker.sweepSuspects(borrowedAt + 100 * MILLIS);
    return source;
  }

  /** A loopback port where nothing listens. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String scrape(String address) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(address)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
