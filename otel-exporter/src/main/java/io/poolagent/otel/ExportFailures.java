package io.poolagent.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.poolagent.log.AgentLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One line, once, when export fails: a collector that is down must not fill the service's log
 * with a line per export attempt (the SDK's own per-attempt warnings are silenced), and must not
 * go unnoticed either. The JSON report never depends on export.
 */
final class ExportFailures {

  private final AtomicBoolean reported = new AtomicBoolean();
  /**
   * Off while the SDK is being built: when a setting is bad, autoconfigure shuts down what it had
   * already built, and that flush failing is no news; the bad setting is.
   */
  private volatile boolean armed;

  private final Set<String> endpoints = new CopyOnWriteArraySet<>();

  void arm() {
    armed = true;
  }

  /** Whether an export has failed yet. */
  boolean seen() {
    return reported.get();
  }

  /** Says {@code message}, unless a failure was said already: one line per JVM. */
  void once(String message) {
    if (reported.compareAndSet(false, true)) {
      AgentLog.warn(message);
    }
  }

  /** The endpoints the exporters send to, for a line about all of them. */
  String endpoints() {
    return String.join(" and ", endpoints);
  }

  void watch(CompletableResultCode result, String what, String endpoint) {
    result.whenComplete(
        () -> {
          if (!result.isSuccess() && armed) {
            Throwable cause = result.getFailureThrowable();
            once(
                "OpenTelemetry export of "
                    + what
                    + " to "
                    + endpoint
                    + " failed"
                    + (cause == null ? "" : " (" + rootCause(cause) + ")")
                    + "; the JSON report is unaffected; further export failures are not printed");
          }
        });
  }

  /**
   * The I/O error under the SDK's wrappers ({@code ConnectException}, {@code
   * HttpTimeoutException: request timed out}), or else the failure itself.
   */
  private static String rootCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException && !(c instanceof UncheckedIOException)) {
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
      }
    }
    return t.toString();
  }

  SpanExporter spans(SpanExporter delegate, String endpoint) {
    endpoints.add(endpoint);
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = delegate.export(spans);
        watch(result, "spans", endpoint);
        return result;
      }

      @Override
      public CompletableResultCode flush() {
        return delegate.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return delegate.shutdown();
      }

      @Override
      public String toString() {
        return delegate.toString();
      }
    };
  }

  MetricExporter metrics(MetricExporter delegate, String endpoint) {
    endpoints.add(endpoint);
    return new MetricExporter() {
      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        CompletableResultCode result = delegate.export(metrics);
        watch(result, "metrics", endpoint);
        return result;
      }

      @Override
      public AggregationTemporality getAggregationTemporality(InstrumentType type) {
        return delegate.getAggregationTemporality(type);
      }

      @Override
      public Aggregation getDefaultAggregation(InstrumentType type) {
        return delegate.getDefaultAggregation(type);
      }

      @Override
      public MemoryMode getMemoryMode() {
        return delegate.getMemoryMode();
      }

      @Override
      public CompletableResultCode flush() {
        return delegate.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return delegate.shutdown();
      }

      @Override
      public String toString() {
        return delegate.toString();
      }
    };
  }
}
