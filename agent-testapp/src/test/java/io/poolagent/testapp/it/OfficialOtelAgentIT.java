package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.testapp.telemetry.OtlpReceiver;
import io.poolagent.testapp.telemetry.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pool-agent beside the official OpenTelemetry Java agent (both {@code -javaagent} flags, as users
 * run them): the app runs as without either, both agents export, and a leak borrowed inside a
 * trace points back to it, so a user can go from the request to its leak.
 */
class OfficialOtelAgentIT {

  private static final Path OTEL_AGENT = Path.of(System.getProperty("poolagent.otelJavaagent"));

  @TempDir Path dir;

  @Test
  void bothAgentsExportAndTheLeakLinksToTheRequestThatLeakedIt() throws Exception {
    assertThat(OTEL_AGENT).as("downloaded by the build (maven-dependency-plugin)").exists();
    String[] app = {"--scenario", "method-leak", "--via", "hikari", "--traced", "--linger", "2s"};
    ChildJvm.Result plain = ChildJvm.testApp(app).in(dir).run();

    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path report = dir.resolve("report.json");
      ChildJvm.Result both =
          ChildJvm.testApp(app)
              // pool-agent first: the harder order, its premain runs before the other agent's.
              .withAgent("leakThreshold=1s,report=" + report)
              .jvmOption("-javaagent:" + OTEL_AGENT)
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .env("OTEL_SERVICE_NAME", "leaky-service")
              .env("OTEL_BSP_SCHEDULE_DELAY", "200")
              .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
              .env("OTEL_LOGS_EXPORTER", "none")
              .in(dir)
              .run();

      assertThat(both.exitCode()).as(both.describe()).isZero();
      assertThat(both.stdout()).isEqualTo(plain.stdout());
      assertThat(ChildJvm.readReport(report, both).totals().openAtExit()).isEqualTo(3);

      List<ReceivedSpan> spans =
          receiver.awaitSpans(
              s ->
                  TelemetryIT.named(s, "connection leak").size() >= 3
                      && !TelemetryIT.named(s, "scenario method-leak").isEmpty(),
              Duration.ofSeconds(30));
      ReceivedSpan request = TelemetryIT.named(spans, "scenario method-leak").get(0);
      String traceId = HexFormat.of().formatHex(request.span().getTraceId().toByteArray());
      assertThat(spans)
          .as("the official agent's own instrumentation exports too (JDBC spans)")
          .anyMatch(s -> s.scopeName().contains("jdbc"));

      // The official agent slows the app's first queries; a set-up connection may be held past the
      // threshold too (a late return, outside the trace). The scenario's three are the ones traced.
      String leakingMethod = LeakMarkers.callSite("method-leak");
      leakingMethod = leakingMethod.substring(0, leakingMethod.indexOf('('));
      String method = leakingMethod;
      List<ReceivedSpan> leaks =
          TelemetryIT.named(spans, "connection leak").stream()
              .filter(s -> method.equals(s.stringAttribute("code.function.name")))
              .toList();
      assertThat(leaks).hasSize(3);
      for (ReceivedSpan leak : leaks) {
        assertThat(leak.scopeName()).isEqualTo("io.poolagent");
        assertThat(leak.stringAttribute("poolagent.borrow.trace_id")).isEqualTo(traceId);
        assertThat(leak.span().getLinksList())
            .anySatisfy(
                link ->
                    assertThat(HexFormat.of().formatHex(link.getTraceId().toByteArray()))
                        .isEqualTo(traceId));
        assertThat(leak.resourceAttributes()).containsEntry("service.name", "leaky-service");
      }
    }
  }

}
