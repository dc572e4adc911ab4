package io.poolagent.testapp.telemetry;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flattens OTLP export requests (resource, then scope, then span or metric, then data point) into
 * one row per span or point, keeping the resource and scope on each row.
 */
final class OtlpFlattener {

  private OtlpFlattener() {}

  static List<ReceivedSpan> spans(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource =
          OtlpValues.toMap(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(resource, scope, span));
        }
      }
    }
    return spans;
  }

  /** Every metric's name, whatever its data type, so unflattened types still show up. */
  static List<String> metricNames(ExportMetricsServiceRequest request) {
    List<String> names = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          names.add(metric.getName());
        }
      }
    }
    return names;
  }

  /** Points of gauges, sums and explicit-bucket histograms; other data types are skipped. */
  static List<MetricPoint> points(ExportMetricsServiceRequest request) {
    List<MetricPoint> points = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource =
          OtlpValues.toMap(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        String scope = scopeMetrics.getScope().getName();
        for (Metric metric : scopeMetrics.getMetricsList()) {
          addPoints(metric, resource, scope, points);
        }
      }
    }
    return points;
  }

  private static void addPoints(
      Metric metric, Map<String, Object> resource, String scope, List<MetricPoint> out) {
    switch (metric.getDataCase()) {
      case GAUGE:
        for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
          out.add(
              number(
                  metric,
                  MetricPoint.Kind.GAUGE,
                  p,
                  false,
                  AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
                  resource,
                  scope));
        }
        break;
      case SUM:
        for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
          out.add(
              number(
                  metric,
                  MetricPoint.Kind.SUM,
                  p,
                  metric.getSum().getIsMonotonic(),
                  metric.getSum().getAggregationTemporality(),
                  resource,
                  scope));
        }
        break;
      case HISTOGRAM:
        for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
          out.add(
              histogram(
                  metric, p, metric.getHistogram().getAggregationTemporality(), resource, scope));
        }
        break;
      default:
        // Exponential histograms and summaries: the contract uses neither; metricNames() still
        // lists them, so a test expecting a plain histogram sees what came instead.
        break;
    }
  }

  private static MetricPoint number(
      Metric metric,
      MetricPoint.Kind kind,
      NumberDataPoint p,
      boolean monotonic,
      AggregationTemporality temporality,
      Map<String, Object> resource,
      String scope) {
    // Not a conditional expression: it would promote the long to double.
    Number value;
    if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
      value = p.getAsInt();
    } else {
      value = p.getAsDouble();
    }
    return new MetricPoint(
        metric.getName(),
        kind,
        metric.getUnit(),
        OtlpValues.toMap(p.getAttributesList()),
        value,
        null,
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        monotonic,
        temporality,
        resource,
        scope);
  }

  private static MetricPoint histogram(
      Metric metric,
      HistogramDataPoint p,
      AggregationTemporality temporality,
      Map<String, Object> resource,
      String scope) {
    MetricPoint.Histogram histogram =
        new MetricPoint.Histogram(
            p.getCount(),
            p.getSum(),
            List.copyOf(p.getBucketCountsList()),
            List.copyOf(p.getExplicitBoundsList()),
            p.hasMin() ? p.getMin() : null,
            p.hasMax() ? p.getMax() : null);
    return new MetricPoint(
        metric.getName(),
        MetricPoint.Kind.HISTOGRAM,
        metric.getUnit(),
        OtlpValues.toMap(p.getAttributesList()),
        null,
        histogram,
        p.getStartTimeUnixNano(),
        p.getTimeUnixNano(),
        false,
        temporality,
        resource,
        scope);
  }
}
