package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A collector that accepts the connection and never answers (a hung process, a proxy whose
 * backend is gone): the JVM still exits, with its report, and one line names the collector and
 * says the telemetry was dropped. Whether the JVM exits before the agent built its SDK (a test
 * JVM, a short job) or after (a service). How long the exit takes is measured by
 * benchmarks/short_jvm.py, not here.
 */
class HungCollectorIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "lives {0}")
  @ValueSource(strings = {"0s", "5s"})
  void theJvmExitsWithItsReportAndOneLineNamingTheCollector(String linger) throws Exception {
    Path reportFile = dir.resolve("report.json");
    // Bound, never accepted: the kernel completes the connection, nothing ever reads or answers.
    try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String collector = "http://127.0.0.1:" + hung.getLocalPort();
      ChildJvm.Result result =
          ChildJvm.testApp("--scenario", "method-leak", "--linger", linger)
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector)
              .withAgent("leakThreshold=10m,report=" + reportFile)
              .in(dir)
              .run();

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(ChildJvm.readReport(reportFile, result).totals().openAtExit()).isEqualTo(3);
      assertThat(result.agentLines().stream().filter(l -> l.contains("OpenTelemetry")))
          .as(result.describe())
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .contains("to " + collector + "/v1/")
                      .containsPattern("did not answer|no answer")
                      .containsPattern("nothing was sent|they were dropped")
                      .contains("the JSON report is unaffected"));
    }
  }
}
