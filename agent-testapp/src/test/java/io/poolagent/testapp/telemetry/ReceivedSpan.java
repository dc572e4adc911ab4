package io.poolagent.testapp.telemetry;

import io.opentelemetry.proto.trace.v1.Span;
import java.util.Map;

/**
 * One span as an OTLP receiver got it: the proto span with the resource and scope it was sent
 * under, which the flat list would otherwise lose.
 *
 * @param resourceAttributes the resource's attributes (e.g. {@code service.name})
 * @param scopeName the instrumentation scope's name
 * @param span the span as decoded
 */
public record ReceivedSpan(Map<String, Object> resourceAttributes, String scopeName, Span span) {

  public String name() {
    return span.getName();
  }

  /** The span's own attributes, as plain Java values (see {@link OtlpValues#toJava}). */
  public Map<String, Object> attributes() {
    return OtlpValues.toMap(span.getAttributesList());
  }

  /** The string attribute {@code key}; fails, listing the attributes, if there is none. */
  public String stringAttribute(String key) {
    return attribute(key, String.class);
  }

  /** The integer attribute {@code key}; fails, listing the attributes, if there is none. */
  public long longAttribute(String key) {
    return attribute(key, Long.class);
  }

  /** The double attribute {@code key}; fails, listing the attributes, if there is none. */
  public double doubleAttribute(String key) {
    return attribute(key, Double.class);
  }

  private <T> T attribute(String key, Class<T> type) {
    Map<String, Object> attributes = attributes();
    Object value = attributes.get(key);
    if (!type.isInstance(value)) {
      // A message naming what is there says at once whether the key or the type is wrong.
      throw new AssertionError(
          String.format(
              "span '%s' has no %s attribute '%s'; its attributes: %s",
              name(), type.getSimpleName(), key, attributes));
    }
    return type.cast(value);
  }
}
