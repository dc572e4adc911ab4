package io.poolagent.testapp.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves the harness runs a real Prometheus that scrapes a target and answers PromQL. */
class PrometheusServerIT {

  private static final String METRICS =
      "# HELP test_metric A value for the harness test.\n"
          + "# TYPE test_metric gauge\n"
          + "test_metric{pool=\"a\"} 3\n"
          + "test_metric{pool=\"b\"} 5\n";

  @Test
  void scrapesTargetAndAnswersQueries() throws IOException {
    HttpServer target = serve(METRICS);
    String hostPort = "127.0.0.1:" + target.getAddress().getPort();
    try (PrometheusServer prometheus = PrometheusServer.start(hostPort)) {
      List<Map<String, Object>> result =
          prometheus.awaitNonEmpty("test_metric{pool=\"a\"}", Duration.ofSeconds(30));

      assertThat(result).hasSize(1);
      assertThat(PrometheusServer.value(result.get(0))).isEqualTo(3.0);
      assertThat(PrometheusServer.labels(result.get(0)))
          .containsEntry("__name__", "test_metric")
          .containsEntry("pool", "a")
          .containsEntry("instance", hostPort);
      assertThat(prometheus.query("sum(test_metric)"))
          .singleElement()
          .satisfies(sample -> assertThat(PrometheusServer.value(sample)).isEqualTo(8.0));
    } finally {
      target.stop(0);
    }
  }

  @Test
  void missingBinaryNamesTheInstallStep() {
    assertThatThrownBy(() -> PrometheusServer.start(Path.of("/nonexistent/prometheus"), "x:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Prometheus is not installed: apt-get install prometheus (.ci/run does it)");
  }

  /** A scrape target serving {@code text} in the Prometheus text format on 127.0.0.1. */
  private static HttpServer serve(String text) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/metrics",
        exchange -> {
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
