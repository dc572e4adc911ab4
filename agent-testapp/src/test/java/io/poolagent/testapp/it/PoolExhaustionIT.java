package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.poolagent.report.Report;
import io.poolagent.testapp.telemetry.OtlpReceiver;
import io.poolagent.testapp.telemetry.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every pool run dry by the test app's {@code pool-exhausted} scenario: two exports hold the
 * pool's two connections, a third borrow times out. What a user needs then is who holds the pool,
 * not only the pool's own "timed out" message.
 */
class PoolExhaustionIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /**
   * The borrow timeout also governs the app's first borrow, for which some pools (c3p0) make their
   * first physical connection on a helper thread: on a loaded two-core machine that once took
   * longer than 500 ms, so the timeout leaves room for it.
   */
  private static ChildJvm exhaust(PoolUnderTest pool, Path dir) {
    return ChildJvm.testApp(
            "--scenario", "pool-exhausted", "--via", pool.via, "--pool-size", "2",
            "--borrow-timeout", "3s")
        .in(dir);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PoolUnderTest.class)
  void aTimeoutNamesTheCallSiteHoldingThePool(PoolUnderTest pool) throws Exception {
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        exhaust(pool, dir)
            .withAgent("leakThreshold=30s,report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("pool-exhausted: request refused by the pool: ");
    assertThat(result.stderr())
        .as(result.describe())
        .contains("[pool-agent] pool " + pool.reportName + " exhausted: a borrow timed out (")
        .contains("); 2 connections held now, by call site:")
        .contains(
            "[pool-agent]   2 borrowed at "
                + LeakMarkers.holderCallSite("pool-exhausted")
                + ", longest held ")
        .containsPattern("threads export-worker-[12], export-worker-[12]");
    // A hold, not a leak: both exports closed in the end.
    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.leaks()).isEmpty();
    assertThat(report.pools()).singleElement().satisfies(p -> assertThat(p.open()).isZero());
  }

  @Test
  void theExplanationIsASpanWithAnEventPerHoldingCallSite() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ChildJvm.Result result =
          exhaust(PoolUnderTest.HIKARI, dir)
              .withAgent("leakThreshold=30s,report=none")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
              .env("OTEL_BSP_SCHEDULE_DELAY", "200")
              .run();
      assertThat(result.exitCode()).as(result.describe()).isZero();

      List<ReceivedSpan> spans =
          TelemetryIT.named(
              receiver.awaitSpans(
                  s -> !TelemetryIT.named(s, "connection pool exhausted").isEmpty(), WAIT),
              "connection pool exhausted");
      assertThat(spans).singleElement().satisfies(span -> {
        assertThat(span.span().getStatus().getCode().name()).isEqualTo("STATUS_CODE_ERROR");
        assertThat(span.span().getStatus().getMessage()).contains("Connection is not available");
        assertThat(span.stringAttribute("db.client.connection.pool.name")).isEqualTo("testapp-hikari");
        assertThat(span.longAttribute("poolagent.pool.connections_held")).isEqualTo(2);
        assertThat(span.span().getEventsList()).singleElement().satisfies(event -> {
          Map<String, AnyValue> attributes = attributes(event);
          String site = LeakMarkers.holderCallSite("pool-exhausted");
          assertThat(event.getName()).isEqualTo("connections held");
          assertThat(attributes.get("code.function.name").getStringValue())
              .isEqualTo(site.substring(0, site.indexOf('(')));
          assertThat(attributes.get("code.line.number").getIntValue())
              .isEqualTo(Long.parseLong(site.substring(site.lastIndexOf(':') + 1, site.length() - 1)));
          assertThat(attributes.get("poolagent.holder.count").getIntValue()).isEqualTo(2);
          assertThat(attributes.get("thread.name").getStringValue()).contains("export-worker-");
          assertThat(attributes.get("code.stacktrace").getStringValue()).contains("\tat " + site);
        });
      });
      assertThat(
              receiver.awaitMetric(
                  "db.client.connection.timeouts",
                  points -> points.stream().anyMatch(p -> p.doubleValue() == 1.0),
                  WAIT))
          .as("the pool's one timeout is counted")
          .isNotEmpty();
    }
  }

  private static Map<String, AnyValue> attributes(Span.Event event) {
    return event.getAttributesList().stream()
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }
}
