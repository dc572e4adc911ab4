package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Json;
import io.poolagent.testapp.telemetry.PrometheusServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the agent's {@code /metrics} ({@code OTEL_METRICS_EXPORTER=prometheus})
 * while the test app leaks, and every query of the shipped Grafana dashboard returns data: the
 * dashboard and the metric names cannot drift apart unnoticed.
 */
class PrometheusDashboardIT {

  private static final Path DASHBOARD = Path.of(System.getProperty("poolagent.dashboard"));
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  @Test
  void everyDashboardQueryReturnsDataFromARealScrape() throws Exception {
    int port = freePort();
    Process app =
        scraped(
            port,
            "1500ms",
            "--scenario", "demo", "--via", "hikari", "--hold", "3s", "--linger", "90s");
    try (PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + port)) {
      // The demo's last leak (a late return) ends after its 3 s hold.
      prometheus.awaitNonEmpty("poolagent_connection_late_returns_total > 0", WAIT);
      assertThat(listeningAddresses(port))
          .as("the Prometheus endpoint binds 127.0.0.1 unless the user sets the host")
          .containsOnly("127.0.0.1");

      List<String> queries = dashboardQueries();
      assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
      for (String query : queries) {
        String promql = promql(query, "1m");
        assertThat(prometheus.awaitNonEmpty(promql, WAIT)).as(promql).isNotEmpty();
      }
      assertThat(prometheus.query("poolagent_connection_leaks_total{poolagent_leak_state=\"open_at_exit\"}"))
          .as("open_at_exit is counted at exit, not while the app runs")
          .allSatisfy(sample -> assertThat(PrometheusServer.value(sample)).isZero());
      assertThat(
              PrometheusServer.value(
                  prometheus
                      .query("sum(poolagent_connection_leaks_total{poolagent_leak_state=\"suspected\"})")
                      .get(0)))
          .as("the demo's leaks are suspected while it lingers")
          .isBetween(8.0, 10.0);
    } finally {
      app.destroy();
      app.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The timeline row on the soak scenario (40 s): in use reaches the pool's maximum and borrows
   * wait and time out during the burst, and after the run the leaked connections stay in use. What
   * a user watching the dashboard during the README's soak must see.
   */
  @Test
  void theTimelinePanelsShowTheSoaksExhaustionAndLeak() throws Exception {
    int port = freePort();
    Process app =
        scraped(
            port,
            "10s",
            "--scenario", "soak", "--via", "hikari", "--duration", "40s", "--linger", "60s");
    try (PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + port)) {
      String inUse = promql(panelQuery("In use vs max (most per interval)", "A"), "1m");
      String max = promql(panelQuery("In use vs max (most per interval)", "B"), "1m");
      String timeouts = promql(panelQuery("Borrows and timeouts per second", "B"), "1m");
      String pending = promql(panelQuery("Pending requests (most per interval)", "A"), "1m");
      Duration soak = Duration.ofSeconds(70);

      assertThat(PrometheusServer.value(prometheus.awaitNonEmpty(max, WAIT).get(0)))
          .isEqualTo(10.0);
      assertThat(prometheus.awaitNonEmpty(inUse + " >= 10", soak))
          .as("the burst takes every connection").isNotEmpty();
      assertThat(prometheus.awaitNonEmpty(timeouts + " > 0", WAIT)).as(timeouts).isNotEmpty();
      assertThat(prometheus.awaitNonEmpty(pending + " > 0", WAIT)).as(pending).isNotEmpty();
      // Once the load has stopped, the last five seconds hold only the six leaked connections.
      String lately = promql(panelQuery("In use vs max (most per interval)", "A"), "5s");
      assertThat(prometheus.awaitNonEmpty(lately + " == 6", soak))
          .as("the leaked connections stay in use after the soak")
          .isNotEmpty();
    } finally {
      app.destroy();
      app.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The test app with the agent serving /metrics on {@code port}, its output drained. */
  private Process scraped(int port, String leakThreshold, String... appArgs) throws Exception {
    Process app =
        ChildJvm.testApp(appArgs)
            .withAgent("leakThreshold=" + leakThreshold + ",report=none")
            .env("OTEL_METRICS_EXPORTER", "prometheus")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", Integer.toString(port))
            .env("OTEL_TRACES_EXPORTER", "none")
            .in(dir)
            .start();
    ChildJvm.drain(app.getInputStream());
    ChildJvm.drain(app.getErrorStream());
    return app;
  }

  /** A panel query as Grafana sends it for every pool, with {@code interval} for its windows. */
  private static String promql(String query, String interval) {
    return query
        .replace("$pool", ".*")
        .replace("$__rate_interval", interval)
        .replace("$__range", interval)
        .replace("$__interval", interval);
  }

  /** The {@code expr} of the panel titled {@code title}, target {@code refId}. */
  @SuppressWarnings("unchecked")
  static String panelQuery(String title, String refId) throws Exception {
    Map<String, Object> dashboard = (Map<String, Object>) Json.parse(Files.readString(DASHBOARD));
    for (Object panel : (List<Object>) dashboard.get("panels")) {
      Map<String, Object> p = (Map<String, Object>) panel;
      if (title.equals(p.get("title"))) {
        for (Object target : (List<Object>) p.get("targets")) {
          Map<String, Object> t = (Map<String, Object>) target;
          if (refId.equals(t.get("refId"))) {
            return (String) t.get("expr");
          }
        }
      }
    }
    throw new AssertionError("no panel '" + title + "' with target " + refId + " in " + DASHBOARD);
  }

  /** Every {@code expr} of every panel target: what Grafana sends to Prometheus. */
  @SuppressWarnings("unchecked")
  static List<String> dashboardQueries() throws Exception {
    Map<String, Object> dashboard = (Map<String, Object>) Json.parse(Files.readString(DASHBOARD));
    List<String> queries = new ArrayList<>();
    collect(dashboard.get("panels"), queries);
    return queries;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object node, List<String> out) {
    if (node instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) node;
      if (map.get("expr") instanceof String) {
        out.add((String) map.get("expr"));
      }
      map.values().forEach(v -> collect(v, out));
    } else if (node instanceof List) {
      ((List<Object>) node).forEach(v -> collect(v, out));
    }
  }

  /** The local addresses listening on {@code port}, from /proc/net/tcp (and tcp6). */
  private static List<String> listeningAddresses(int port) throws Exception {
    List<String> addresses = new ArrayList<>();
    String hexPort = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.trim().split("\\s+");
        // local_address is field 1, state is field 3 (0A = LISTEN)
        if (fields.length > 3 && fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
          addresses.add(decode(fields[1].substring(0, fields[1].indexOf(':'))));
        }
      }
    }
    return addresses;
  }

  /** /proc/net/tcp prints an IPv4 address as one little-endian word; tcp6 as four. */
  private static String decode(String hex) {
    if (hex.length() == 8) {
      long v = Long.parseLong(hex, 16);
      return (v & 0xFF) + "." + ((v >> 8) & 0xFF) + "." + ((v >> 16) & 0xFF) + "." + ((v >> 24) & 0xFF);
    }
    if (hex.startsWith("0000000000000000FFFF0000")) {
      return decode(hex.substring(24)); // ::ffff:a.b.c.d, an IPv4 socket on a dual stack
    }
    return hex.equals("00000000000000000000000000000000") ? "::" : "ipv6:" + hex;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
