package io.poolagent.testapp.telemetry;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import java.util.List;
import java.util.Map;

/**
 * One data point of one received metric export, flattened out of its resource, scope and metric so
 * a test can filter a plain list.
 *
 * @param name the metric's name
 * @param kind which OTLP data type carried the point
 * @param unit the metric's unit as sent (e.g. {@code s}, {@code {connection}})
 * @param attributes the point's attributes as plain Java values
 * @param value for {@link Kind#GAUGE} and {@link Kind#SUM}: a {@code Long} (int point) or a {@code
 *     Double}; null for a histogram
 * @param histogram for {@link Kind#HISTOGRAM}; null otherwise
 * @param startTimeUnixNano the point's start (0 when the exporter sent none)
 * @param timeUnixNano when the point was recorded
 * @param monotonic for a sum, whether it only goes up (a counter, not an up-down counter)
 * @param temporality for a sum or histogram, cumulative or delta; unspecified for a gauge
 * @param resourceAttributes the resource's attributes
 * @param scopeName the instrumentation scope's name
 */
public record MetricPoint(
    String name,
    Kind kind,
    String unit,
    Map<String, Object> attributes,
    Number value,
    Histogram histogram,
    long startTimeUnixNano,
    long timeUnixNano,
    boolean monotonic,
    AggregationTemporality temporality,
    Map<String, Object> resourceAttributes,
    String scopeName) {

  /** The OTLP data types the receiver flattens; others are only listed by name. */
  public enum Kind {
    GAUGE,
    SUM,
    HISTOGRAM
  }

  /**
   * An explicit-bucket histogram point.
   *
   * @param count number of recorded values
   * @param sum their sum (0 when the exporter sent none)
   * @param bucketCounts one more than {@code explicitBounds}: the last bucket is above all bounds
   * @param explicitBounds the upper bounds, ascending
   * @param min the smallest value, null when not sent
   * @param max the largest value, null when not sent
   */
  public record Histogram(
      long count,
      double sum,
      List<Long> bucketCounts,
      List<Double> explicitBounds,
      Double min,
      Double max) {}

  /** The gauge or sum value as a double; fails for a histogram, which has no single value. */
  public double doubleValue() {
    if (value == null) {
      throw new AssertionError("metric '" + name + "' is a " + kind + ", it has no single value");
    }
    return value.doubleValue();
  }
}
