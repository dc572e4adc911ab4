package io.poolagent.otel;

/** The trace and span a borrow ran in, as the official OpenTelemetry agent saw them. */
record ParentTrace(String traceId, String spanId) {}
