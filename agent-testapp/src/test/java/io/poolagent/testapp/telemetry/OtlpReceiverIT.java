package io.poolagent.testapp.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the receiver against the real OpenTelemetry SDK and OTLP/HTTP exporter: what the SDK
 * records must come out of the receiver with the same names, attributes and values.
 */
class OtlpReceiverIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String POOL = "db.client.connection.pool.name";
  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "receiver-it"));

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void decodesSpanWithItsAttributesResourceAndScope() {
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(RESOURCE)
            .addSpanProcessor(
                SimpleSpanProcessor.create(
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(receiver.endpoint() + "/v1/traces")
                        .build()))
            .build();
    try {
      Span span = tracerProvider.get("poolagent-test").spanBuilder("connection leak").startSpan();
      span.setAttribute(POOL, "pool-a");
      span.setAttribute("code.line.number", 42L);
      span.setAttribute("poolagent.hold.seconds", 1.5);
      span.setStatus(StatusCode.ERROR);
      span.end();
      tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    } finally {
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }

    ReceivedSpan received = receiver.awaitSpans(spans -> !spans.isEmpty(), TIMEOUT).get(0);

    assertThat(received.name()).isEqualTo("connection leak");
    assertThat(received.stringAttribute(POOL)).isEqualTo("pool-a");
    assertThat(received.longAttribute("code.line.number")).isEqualTo(42L);
    assertThat(received.doubleAttribute("poolagent.hold.seconds")).isEqualTo(1.5);
    assertThat(received.span().getStatus().getCode())
        .isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(received.scopeName()).isEqualTo("poolagent-test");
    assertThat(received.resourceAttributes()).containsEntry("service.name", "receiver-it");
  }

  @Test
  void decodesCounterUpDownCounterAndHistogramSentGzipped() {
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder()
            .setResource(RESOURCE)
            .registerMetricReader(
                // The long interval leaves exporting to forceFlush(), so the test decides when.
                PeriodicMetricReader.builder(
                        OtlpHttpMetricExporter.builder()
                            .setEndpoint(receiver.endpoint() + "/v1/metrics")
                            .setCompression("gzip")
                            .build())
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build();
    Attributes poolA = Attributes.of(AttributeKey.stringKey(POOL), "pool-a");
    try {
      Meter meter = meterProvider.get("poolagent-test");
      LongCounter leaks = meter.counterBuilder("poolagent.connection.leaks").build();
      LongUpDownCounter count =
          meter.upDownCounterBuilder("db.client.connection.count").setUnit("{connection}").build();
      DoubleHistogram useTime =
          meter
              .histogramBuilder("db.client.connection.use_time")
              .setUnit("s")
              .setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0))
              .build();
      leaks.add(2, poolA);
      leaks.add(1, poolA);
      count.add(3, poolA.toBuilder().put("db.client.connection.state", "used").build());
      count.add(-1, poolA.toBuilder().put("db.client.connection.state", "used").build());
      useTime.record(0.05, poolA);
      useTime.record(0.5, poolA);
      useTime.record(2.0, poolA);
      meterProvider.forceFlush().join(10, TimeUnit.SECONDS);
    } finally {
      meterProvider.shutdown().join(10, TimeUnit.SECONDS);
    }

    receiver.awaitMetric("db.client.connection.use_time", points -> !points.isEmpty(), TIMEOUT);
    assertThat(receiver.metricNames())
        .contains(
            "poolagent.connection.leaks",
            "db.client.connection.count",
            "db.client.connection.use_time");

    MetricPoint leaks = receiver.latest("poolagent.connection.leaks", Map.of(POOL, "pool-a")).get();
    assertThat(leaks.kind()).isEqualTo(MetricPoint.Kind.SUM);
    assertThat(leaks.monotonic()).isTrue();
    assertThat(leaks.value()).isEqualTo(3L);
    assertThat(leaks.temporality())
        .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    assertThat(leaks.resourceAttributes()).containsEntry("service.name", "receiver-it");

    MetricPoint used =
        receiver
            .latest(
                "db.client.connection.count",
                Map.of(POOL, "pool-a", "db.client.connection.state", "used"))
            .get();
    assertThat(used.monotonic()).isFalse();
    assertThat(used.value()).isEqualTo(2L);
    assertThat(used.unit()).isEqualTo("{connection}");

    MetricPoint useTime =
        receiver.latest("db.client.connection.use_time", Map.of(POOL, "pool-a")).get();
    assertThat(useTime.kind()).isEqualTo(MetricPoint.Kind.HISTOGRAM);
    assertThat(useTime.unit()).isEqualTo("s");
    assertThat(useTime.histogram().count()).isEqualTo(3);
    assertThat(useTime.histogram().sum()).isEqualTo(2.55);
    assertThat(useTime.histogram().explicitBounds()).containsExactly(0.1, 1.0);
    assertThat(useTime.histogram().bucketCounts()).containsExactly(1L, 1L, 1L);
    assertThat(useTime.histogram().max()).isEqualTo(2.0);
    assertThat(useTime.timeUnixNano()).isGreaterThanOrEqualTo(useTime.startTimeUnixNano());
  }

  @Test
  void countsLogRecords() {
    SdkLoggerProvider loggerProvider =
        SdkLoggerProvider.builder()
            .setResource(RESOURCE)
            .addLogRecordProcessor(
                SimpleLogRecordProcessor.create(
                    OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(receiver.endpoint() + "/v1/logs")
                        .build()))
            .build();
    try {
      Logger logger = loggerProvider.get("poolagent-test");
      logger.logRecordBuilder().setBody("one").emit();
      logger.logRecordBuilder().setBody("two").emit();
      loggerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    } finally {
      loggerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }

    assertThat(receiver.logRecordCount()).isEqualTo(2);
  }

  @Test
  void timeoutSaysWhatWasReceivedAndWhatWasRefused() throws Exception {
    HttpResponse<Void> json =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/metrics"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(json.statusCode()).isEqualTo(415);

    assertThatThrownBy(
            () ->
                receiver.awaitMetric(
                    "db.client.connection.count",
                    points -> !points.isEmpty(),
                    Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("metric db.client.connection.count")
        .hasMessageContaining("metrics []")
        .hasMessageContaining("415 for POST /v1/metrics with Content-Type application/json");
  }
}
