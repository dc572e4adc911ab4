package io.poolagent.testapp.telemetry;

import io.poolagent.report.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus for tests, scraping one target every second, so a test proves that what the
 * exporter serves is what Prometheus itself accepts and answers queries with.
 *
 * <p>Each instance runs its own {@code /usr/bin/prometheus} child process on 127.0.0.1 and a free
 * port, with its configuration, data and log in a fresh temporary directory; none of it touches a
 * system Prometheus that may also be installed.
 */
public final class PrometheusServer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int LOG_TAIL_CHARS = 4000;

  private final Process process;
  private final Path dir;
  private final Path log;
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.log = dir.resolve("prometheus.log");
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /**
   * Starts Prometheus scraping {@code http://<target>/metrics} every second, and returns once it is
   * ready to answer queries.
   *
   * @param target {@code host:port} of the endpoint to scrape
   */
  public static PrometheusServer start(String target) {
    return start(BINARY, target);
  }

  /** Package-private so a test can check the message for a missing binary. */
  static PrometheusServer start(Path binary, String target) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Prometheus is not installed: apt-get install prometheus (.ci/run does it); "
              + binary
              + " is missing");
    }
    for (int attempt = 1; ; attempt++) {
      PrometheusServer server = launch(binary, target);
      try {
        server.awaitReady();
        return server;
      } catch (RuntimeException | Error e) {
        // The free port can be taken by another process before Prometheus binds it; a new port
        // fixes that. Any other failure would only repeat.
        boolean portTaken = server.logTail().contains("address already in use");
        server.close();
        if (!portTaken || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static PrometheusServer launch(Path binary, String target) {
    try {
      Path dir = Files.createTempDirectory("poolagent-prometheus-");
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, config(target));
      int port = freePort();
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      return new PrometheusServer(process, dir, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  /** The base URL of Prometheus' HTTP API and UI, e.g. {@code http://127.0.0.1:41235}. */
  public String url() {
    return baseUrl;
  }

  /**
   * Runs an instant query and returns its {@code data.result}: for a vector, one map per series
   * with {@code metric} (the labels) and {@code value} ({@code [time, "value"]}).
   *
   * @throws AssertionError if Prometheus answers with an error (e.g. a PromQL syntax error)
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> query(String promql) {
    String body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, Object> response = (Map<String, Object>) Json.parse(body);
    if (!"success".equals(response.get("status"))) {
      throw new AssertionError("query " + promql + " failed: " + body);
    }
    Map<String, Object> data = (Map<String, Object>) response.get("data");
    return (List<Map<String, Object>>) data.get("result");
  }

  /**
   * Polls {@code promql} until its result is not empty, and returns that result.
   *
   * @throws AssertionError on timeout, with the scrape targets' health and last error and the end
   *     of Prometheus' log
   */
  public List<Map<String, Object>> awaitNonEmpty(String promql, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Map<String, Object>> result = query(promql);
      if (!result.isEmpty()) {
        return result;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "no result for "
                + promql
                + " after "
                + timeout.toMillis()
                + " ms; scrape targets: "
                + targets()
                + "\n"
                + logTail());
      }
      pause();
    }
  }

  /** A sample's value: the number in {@code value[1]} of one {@link #query} result entry. */
  public static double value(Map<String, Object> sample) {
    List<?> value = (List<?>) sample.get("value");
    return Double.parseDouble((String) value.get(1));
  }

  /** A sample's labels: {@code metric} of one {@link #query} result entry, name included. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> labels(Map<String, Object> sample) {
    return (Map<String, String>) sample.get("metric");
  }

  /** The last lines of Prometheus' own log (stdout and stderr), for failure messages. */
  public String logTail() {
    try {
      String text = Files.readString(log);
      String tail =
          text.length() > LOG_TAIL_CHARS ? text.substring(text.length() - LOG_TAIL_CHARS) : text;
      return "prometheus log (" + log + "):\n" + tail;
    } catch (IOException e) {
      return "prometheus log unreadable: " + e;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(dir);
  }

  private static String config(String target) {
    return String.join(
        "\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: target",
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        "");
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        // Most often the port was taken between freePort() and the bind, or a bad flag.
        throw new IllegalStateException(
            "prometheus exited with " + process.exitValue() + " before it was ready\n" + logTail());
      }
      if (isReady()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "prometheus not ready after " + STARTUP_TIMEOUT.toSeconds() + " s\n" + logTail());
      }
      pause();
    }
  }

  private boolean isReady() {
    try {
      HttpResponse<Void> response =
          http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for prometheus", e);
    }
  }

  /** Each target's health and last scrape error: why a query stays empty. */
  @SuppressWarnings("unchecked")
  private String targets() {
    try {
      Map<String, Object> response = (Map<String, Object>) Json.parse(get("/api/v1/targets"));
      Map<String, Object> data = (Map<String, Object>) response.get("data");
      List<String> lines = new ArrayList<>();
      for (Object t : (List<Object>) data.get("activeTargets")) {
        Map<String, Object> target = (Map<String, Object>) t;
        lines.add(
            target.get("scrapeUrl")
                + " health="
                + target.get("health")
                + " lastError="
                + target.get("lastError"));
      }
      return lines.toString();
    } catch (RuntimeException e) {
      return "unavailable (" + e + ")";
    }
  }

  private String get(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
      // Prometheus answers query errors as JSON with a 4xx; query() reports those itself.
      if (response.statusCode() >= 500) {
        throw new AssertionError(
            "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + baseUrl + pathAndQuery + " failed\n" + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted querying prometheus", e);
    }
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for prometheus", e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless; the test's outcome is what matters.
    }
  }
}
