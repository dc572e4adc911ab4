package io.poolagent.otel;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute names of DESIGN.md §6: OpenTelemetry's semantic conventions where they have one, the
 * agent's own under {@code poolagent.} otherwise. Spelled out here rather than taken from the
 * semconv artifact: they are a contract users query by, and must not move with a dependency.
 */
final class SemanticAttributes {

  static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");
  static final AttributeKey<String> CONNECTION_STATE = AttributeKey.stringKey("db.client.connection.state");
  static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");
  static final AttributeKey<String> CODE_STACKTRACE = AttributeKey.stringKey("code.stacktrace");
  static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> CODE_FILE = AttributeKey.stringKey("code.file.path");
  static final AttributeKey<Long> CODE_LINE = AttributeKey.longKey("code.line.number");
  static final AttributeKey<String> LEAK_STATE = AttributeKey.stringKey("poolagent.leak.state");
  /** Seconds the connection was held, to detection (leak) or to return (lease). */
  static final AttributeKey<Double> HOLD_DURATION = AttributeKey.doubleKey("poolagent.lease.hold_duration");
  /** The trace the borrow ran in, when the official OpenTelemetry agent traced it. */
  static final AttributeKey<String> BORROW_TRACE_ID = AttributeKey.stringKey("poolagent.borrow.trace_id");
  static final AttributeKey<String> BORROW_SPAN_ID = AttributeKey.stringKey("poolagent.borrow.span_id");

  /** Pool exhaustion: connections open when a borrow timed out, and per call site holding them. */
  static final AttributeKey<Long> CONNECTIONS_HELD = AttributeKey.longKey("poolagent.pool.connections_held");
  /** Connections the pool lost to leaks the collector took, which it may still count in use. */
  static final AttributeKey<Long> CONNECTIONS_COLLECTED =
      AttributeKey.longKey("poolagent.pool.connections_collected");
  static final AttributeKey<Long> HOLDER_COUNT = AttributeKey.longKey("poolagent.holder.count");
  static final AttributeKey<Double> HOLDER_LONGEST_HOLD = AttributeKey.doubleKey("poolagent.holder.longest_hold");

  private SemanticAttributes() {}
}
