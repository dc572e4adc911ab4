package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a service's log shows when the collector is away: one line, once, that says why. */
class ExportFailuresTest {

  private static final String ENDPOINT = "http://collector:4318/v1/traces";

  private final ExportFailures failures = new ExportFailures();
  private AgentLogCapture log;

  @BeforeEach
  void captureLog() {
    log = new AgentLogCapture();
  }

  @AfterEach
  void restoreLog() {
    log.close();
  }

  @Test
  void failuresWhileTheSdkIsBeingBuiltPrintNothing() {
    failures.watch(CompletableResultCode.ofFailure(), "metrics", ENDPOINT);
    failures.watch(
        CompletableResultCode.ofExceptionalFailure(new ConnectException("Connection refused")),
        "spans",
        ENDPOINT);

    assertThat(log.lines()).isEmpty();
    assertThat(failures.seen()).isFalse();

    failures.arm();
    failures.watch(CompletableResultCode.ofFailure(), "spans", ENDPOINT);

    assertThat(log.lines()).as("the first failure once armed").hasSize(1);
    assertThat(failures.seen()).isTrue();
  }

  @Test
  void manyFailuresPrintOneLineNamingWhatWhereAndWhy() {
    failures.arm();

    for (int i = 0; i < 50; i++) {
      failures.watch(
          CompletableResultCode.ofExceptionalFailure(
              new IllegalStateException(
                  "export failed",
                  new RuntimeException(new ConnectException("Connection refused")))),
          "spans",
          ENDPOINT);
      failures.watch(
          CompletableResultCode.ofFailure(), "metrics", "http://collector:4318/v1/metrics");
    }

    assertThat(log.lines()).hasSize(1);
    String line = log.lines().get(0);
    assertThat(line)
        .startsWith("[pool-agent] ")
        .contains("spans")
        .contains(ENDPOINT)
        .contains("(ConnectException: Connection refused)")
        .contains("JSON report is unaffected")
        .doesNotContain("IllegalStateException");
    assertThat(failures.seen()).isTrue();
  }

  @Test
  void ioErrorWithoutMessageIsNamedByItsType() {
    failures.arm();

    failures.watch(
        CompletableResultCode.ofExceptionalFailure(
            new RuntimeException("export failed", new ConnectException())),
        "metrics",
        "http://collector:4318/v1/metrics");

    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("metrics to http://collector:4318/v1/metrics")
        .contains("(ConnectException)");
  }

  @Test
  void timeoutIsNamedWithItsMessage() {
    failures.arm();

    failures.watch(
        CompletableResultCode.ofExceptionalFailure(
            new UncheckedIOException(new HttpTimeoutException("request timed out"))),
        "spans",
        ENDPOINT);

    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("(HttpTimeoutException: request timed out)");
  }

  @Test
  void failureWithoutAnIoErrorIsNamedAsItIs() {
    failures.arm();

    failures.watch(
        CompletableResultCode.ofExceptionalFailure(new IllegalStateException("collector said 503")),
        "spans",
        ENDPOINT);

    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("(java.lang.IllegalStateException: collector said 503)");
  }

  @Test
  void failureWithoutACauseHasNoParentheses() {
    failures.arm();

    failures.watch(CompletableResultCode.ofFailure(), "spans", ENDPOINT);

    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("spans to " + ENDPOINT + " failed;")
        .doesNotContain("(");
  }

  @Test
  void successesPrintNothing() {
    failures.arm();

    for (int i = 0; i < 10; i++) {
      failures.watch(CompletableResultCode.ofSuccess(), "spans", ENDPOINT);
    }

    assertThat(log.lines()).isEmpty();
    assertThat(failures.seen()).isFalse();
  }

  @Test
  void exportThatFailsLaterIsReportedWhenItFails() {
    failures.arm();
    CompletableResultCode pending = new CompletableResultCode();
    failures.watch(pending, "spans", ENDPOINT);

    assertThat(log.lines()).isEmpty();
    pending.failExceptionally(new ConnectException("Connection refused"));

    assertThat(log.lines()).singleElement().asString().contains("ConnectException");
    assertThat(failures.seen()).isTrue();
  }

  @Test
  void spanExporterWrapperDelegatesAndWatches() {
    RecordingSpanExporter delegate = new RecordingSpanExporter();
    SpanExporter wrapped = failures.spans(delegate, ENDPOINT);
    failures.arm();
    List<SpanData> batch = List.of();

    CompletableResultCode exported = wrapped.export(batch);
    CompletableResultCode flushed = wrapped.flush();
    CompletableResultCode shutDown = wrapped.shutdown();

    assertThat(delegate.calls).containsExactly("export", "flush", "shutdown");
    assertThat(delegate.exported).containsExactly(batch);
    assertThat(exported).isSameAs(delegate.exportResult);
    assertThat(flushed).isSameAs(delegate.flushResult);
    assertThat(shutDown).isSameAs(delegate.shutdownResult);
    assertThat(wrapped.toString()).isEqualTo(delegate.toString());
    assertThat(log.lines()).isEmpty();

    delegate.exportResult =
        CompletableResultCode.ofExceptionalFailure(new ConnectException("refused"));
    wrapped.export(batch);

    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("export of spans to " + ENDPOINT)
        .contains("ConnectException: refused");
  }

  @Test
  void spanExporterWrapperCarriesRealSpans() {
    InMemorySpanExporter delegate = InMemorySpanExporter.create();
    try (SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(failures.spans(delegate, ENDPOINT)))
            .build()) {
      Span span = tracerProvider.get("io.poolagent").spanBuilder("connection leak").startSpan();
      span.end();

      assertThat(delegate.getFinishedSpanItems())
          .extracting(SpanData::getName)
          .containsExactly("connection leak");
    }
  }

  @Test
  void metricExporterWrapperDelegatesAndWatches() {
    RecordingMetricExporter delegate = new RecordingMetricExporter();
    MetricExporter wrapped = failures.metrics(delegate, "http://collector:4318/v1/metrics");
    failures.arm();
    List<MetricData> batch = List.of();

    assertThat(wrapped.getAggregationTemporality(InstrumentType.COUNTER))
        .isEqualTo(AggregationTemporality.DELTA);
    assertThat(wrapped.getAggregationTemporality(InstrumentType.UP_DOWN_COUNTER))
        .isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(wrapped.getDefaultAggregation(InstrumentType.HISTOGRAM))
        .isSameAs(delegate.histogramAggregation);
    assertThat(wrapped.getMemoryMode()).isEqualTo(MemoryMode.REUSABLE_DATA);
    CompletableResultCode exported = wrapped.export(batch);
    CompletableResultCode flushed = wrapped.flush();
    CompletableResultCode shutDown = wrapped.shutdown();

    assertThat(delegate.calls).containsExactly("export", "flush", "shutdown");
    assertThat(delegate.exported).containsExactly(batch);
    assertThat(exported).isSameAs(delegate.exportResult);
    assertThat(flushed).isSameAs(delegate.flushResult);
    assertThat(shutDown).isSameAs(delegate.shutdownResult);
    assertThat(log.lines()).isEmpty();

    delegate.exportResult = CompletableResultCode.ofFailure();
    wrapped.export(batch);

    assertThat(log.lines())
        .singleElement()
        .asString()
        .contains("export of metrics to http://collector:4318/v1/metrics failed");
  }

  /** A real OTLP exporter, its SDK wrappers and all, sending to a port where nothing listens. */
  @Test
  void realExporterToAClosedPortIsReportedAsConnectException() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port + "/v1/traces";
    Logger sdkLogger = Logger.getLogger("io.opentelemetry");
    Level level = sdkLogger.getLevel();
    sdkLogger.setLevel(Level.OFF);
    InMemorySpanExporter captured = InMemorySpanExporter.create();
    try (SdkTracerProvider spans =
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(captured))
                .build();
        OtlpHttpSpanExporter otlp =
            OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setRetryPolicy(null).build()) {
      spans.get("io.poolagent").spanBuilder("connection leak").startSpan().end();
      SpanExporter wrapped = failures.spans(otlp, endpoint);
      failures.arm();

      CompletableResultCode first = wrapped.export(captured.getFinishedSpanItems());
      CompletableResultCode second = wrapped.export(captured.getFinishedSpanItems());
      first.join(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      second.join(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);

      assertThat(first.isSuccess()).isFalse();
      assertThat(Await.until(() -> !log.lines().isEmpty())).isTrue();
      assertThat(log.lines())
          .singleElement()
          .asString()
          .contains("export of spans to " + endpoint + " failed")
          .contains("(ConnectException");
    } finally {
      sdkLogger.setLevel(level);
    }
  }

  private static final class RecordingSpanExporter implements SpanExporter {
    final List<String> calls = new ArrayList<>();
    final List<Collection<SpanData>> exported = new ArrayList<>();
    CompletableResultCode exportResult = CompletableResultCode.ofSuccess();
    final CompletableResultCode flushResult = new CompletableResultCode().succeed();
    final CompletableResultCode shutdownResult = new CompletableResultCode().succeed();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      calls.add("export");
      exported.add(spans);
      return exportResult;
    }

    @Override
    public CompletableResultCode flush() {
      calls.add("flush");
      return flushResult;
    }

    @Override
    public CompletableResultCode shutdown() {
      calls.add("shutdown");
      return shutdownResult;
    }

    @Override
    public String toString() {
      return "RecordingSpanExporter{collector}";
    }
  }

  private static final class RecordingMetricExporter implements MetricExporter {
    final List<String> calls = new ArrayList<>();
    final List<Collection<MetricData>> exported = new ArrayList<>();
    final Aggregation histogramAggregation =
        Aggregation.explicitBucketHistogram(List.of(0.001, 0.01, 0.1));
    CompletableResultCode exportResult = CompletableResultCode.ofSuccess();
    final CompletableResultCode flushResult = new CompletableResultCode().succeed();
    final CompletableResultCode shutdownResult = new CompletableResultCode().succeed();

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return type == InstrumentType.COUNTER
          ? AggregationTemporality.DELTA
          : AggregationTemporality.CUMULATIVE;
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType type) {
      return type == InstrumentType.HISTOGRAM
          ? histogramAggregation
          : Aggregation.defaultAggregation();
    }

    @Override
    public MemoryMode getMemoryMode() {
      return MemoryMode.REUSABLE_DATA;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      calls.add("export");
      exported.add(metrics);
      return exportResult;
    }

    @Override
    public CompletableResultCode flush() {
      calls.add("flush");
      return flushResult;
    }

    @Override
    public CompletableResultCode shutdown() {
      calls.add("shutdown");
      return shutdownResult;
    }
  }
}
