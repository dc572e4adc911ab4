package io.poolagent.testapp.telemetry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver for tests: what an exporter sends to {@link #endpoint()} is decoded
 * with the OTLP proto classes and kept, so a test asserts on what actually went over the wire.
 *
 * <p>Accepts {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} (logs are only
 * counted) as {@code application/x-protobuf}, optionally gzip-compressed, and answers 200 with an
 * empty export response. Anything else is refused with a 4xx and remembered as a problem, which the
 * await methods print on timeout: an exporter sending JSON, say, then fails the test with that
 * reason rather than with "no spans".
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final String PROTOBUF = "application/x-protobuf";

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<MetricPoint> points = new CopyOnWriteArrayList<>();
  private final Set<String> metricNames = ConcurrentHashMap.newKeySet();
  private final AtomicLong logRecords = new AtomicLong();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  /** Notified after each stored export, so awaiting threads wake at once instead of sleeping. */
  private final Object arrivals = new Object();

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a receiver on 127.0.0.1 and a free port. */
  public static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the OTLP receiver to 127.0.0.1", e);
    }
    // Several threads: an SDK exports traces, metrics and logs concurrently.
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "otlp-receiver");
              t.setDaemon(true);
              return t;
            });
    OtlpReceiver receiver = new OtlpReceiver(server, executor);
    server.createContext("/", receiver::handle);
    server.setExecutor(executor);
    server.start();
    return receiver;
  }

  /**
   * The base URL, e.g. {@code http://127.0.0.1:41234}: the value for OTEL_EXPORTER_OTLP_ENDPOINT.
   */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every span received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Every received data point of {@code metricName}, over all exports, in arrival order. */
  public List<MetricPoint> metricPoints(String metricName) {
    List<MetricPoint> matching = new ArrayList<>();
    for (MetricPoint point : points) {
      if (point.name().equals(metricName)) {
        matching.add(point);
      }
    }
    return matching;
  }

  /**
   * The most recent point of {@code metricName} whose attributes include every given entry (values
   * compared as text): with cumulative temporality, the metric's current value for that series.
   * Give all the series' attributes: with fewer, points of several series may match.
   */
  public Optional<MetricPoint> latest(String metricName, Map<String, String> attributes) {
    MetricPoint latest = null;
    for (MetricPoint point : metricPoints(metricName)) {
      // ">=": of points with the same timestamp, the one that arrived last wins.
      if (OtlpValues.containsAll(point.attributes(), attributes)
          && (latest == null || point.timeUnixNano() >= latest.timeUnixNano())) {
        latest = point;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Names of every metric received, including data types that are not flattened into points. */
  public Set<String> metricNames() {
    return Collections.unmodifiableSet(new TreeSet<>(metricNames));
  }

  /** Log records received (they are counted, not kept). */
  public long logRecordCount() {
    return logRecords.get();
  }

  /**
   * Waits until {@code condition} holds for the spans received, and returns them.
   *
   * @throws AssertionError on timeout, listing what was received
   */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    return await(this::spans, condition, timeout, "spans");
  }

  /**
   * Waits until {@code condition} holds for the received points of {@code metricName}, and returns
   * them.
   *
   * @throws AssertionError on timeout, listing what was received
   */
  public List<MetricPoint> awaitMetric(
      String metricName, Predicate<List<MetricPoint>> condition, Duration timeout) {
    return await(() -> metricPoints(metricName), condition, timeout, "metric " + metricName);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private <T> List<T> await(
      Supplier<List<T>> snapshot, Predicate<List<T>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (true) {
        // Checked under the lock that stores notify on, so no arrival slips between the check
        // and the wait.
        List<T> current = snapshot.get();
        if (condition.test(current)) {
          return current;
        }
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          throw new AssertionError(
              "timed out after "
                  + timeout.toMillis()
                  + " ms waiting for "
                  + what
                  + "; "
                  + received());
        }
        try {
          arrivals.wait(remainingMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted waiting for " + what, e);
        }
      }
    }
  }

  /** What a failing test needs to tell a wrong expectation from an exporter that sent nothing. */
  String received() {
    List<String> spanNames = new ArrayList<>();
    for (ReceivedSpan span : spans) {
      spanNames.add(span.name());
    }
    return "received spans "
        + spanNames
        + ", metrics "
        + metricNames()
        + ", log records "
        + logRecords.get()
        + (problems.isEmpty() ? "" : ", refused requests " + problems);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      respond(exchange);
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod())) {
      refuse(exchange, 405, exchange.getRequestMethod() + " " + path);
      return;
    }
    if (!path.equals("/v1/traces") && !path.equals("/v1/metrics") && !path.equals("/v1/logs")) {
      refuse(exchange, 404, "POST " + path);
      return;
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)) {
      refuse(exchange, 415, "POST " + path + " with Content-Type " + contentType);
      return;
    }
    byte[] body;
    try {
      body = readBody(exchange);
    } catch (IOException e) {
      refuse(exchange, 400, "POST " + path + ": unreadable body: " + e);
      return;
    }
    byte[] response;
    try {
      response = store(path, body);
    } catch (InvalidProtocolBufferException e) {
      refuse(exchange, 400, "POST " + path + ": not an OTLP request: " + e.getMessage());
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
    // An empty response message encodes to zero bytes; -1 sends Content-Length: 0.
    exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
    if (response.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream in = exchange.getRequestBody();
    if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    } else if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      throw new IOException("unsupported Content-Encoding " + encoding);
    }
    try (InputStream body = in) {
      return body.readAllBytes();
    }
  }

  /** Decodes and keeps one export; returns the encoded response. */
  private byte[] store(String path, byte[] body) throws InvalidProtocolBufferException {
    byte[] response;
    switch (path) {
      case "/v1/traces":
        spans.addAll(OtlpFlattener.spans(ExportTraceServiceRequest.parseFrom(body)));
        response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        break;
      case "/v1/metrics":
        ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.parseFrom(body);
        // Points before names: a test waiting on a name then finds its points there too.
        points.addAll(OtlpFlattener.points(metrics));
        metricNames.addAll(OtlpFlattener.metricNames(metrics));
        response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        break;
      default:
        logRecords.addAndGet(countLogRecords(ExportLogsServiceRequest.parseFrom(body)));
        response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
        break;
    }
    signalArrival();
    return response;
  }

  private static long countLogRecords(ExportLogsServiceRequest request) {
    long count = 0;
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        count += scopeLogs.getLogRecordsCount();
      }
    }
    return count;
  }

  private void refuse(HttpExchange exchange, int status, String what) throws IOException {
    problems.add(status + " for " + what);
    exchange.sendResponseHeaders(status, -1);
    signalArrival();
  }

  private void signalArrival() {
    synchronized (arrivals) {
      arrivals.notifyAll();
    }
  }
}
