package io.poolagent.testapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * Runs a scenario inside a span of the application's own OpenTelemetry API, as a traced request
 * handler would. Without the OpenTelemetry Java agent the API is a no-op; with it, the span is a
 * real trace, and pool-agent's leak spans must point back to it.
 */
final class TracedRun {

  /** The scenario itself, which may throw anything a scenario throws. */
  interface Body {
    void run() throws Exception;
  }

  private TracedRun() {}

  static void run(String scenario, Body body) throws Exception {
    Span span = GlobalOpenTelemetry.getTracer("agent-testapp").spanBuilder("scenario " + scenario).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      body.run();
    } finally {
      span.end();
    }
  }
}
