package io.poolagent.otel;

import io.poolagent.lease.BorrowContext;
import io.poolagent.log.AgentLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * Reads the current span of the official OpenTelemetry Java agent at each borrow, so that a leak
 * span can link to the request that leaked. That agent keeps its (relocated) API on the bootstrap
 * class path behind {@code Java8BytecodeBridge.currentSpan()}; it is reached reflectively, as
 * nothing of it may be linked into this agent.
 *
 * <p>Installed only when that agent is on the command line. Its classes appear when its premain
 * has run, which may be after this agent's, so until then each borrow retries the look-up.
 */
final class AgentTraceContext implements BorrowContext {

  private static final String BRIDGE = "io.opentelemetry.javaagent.bootstrap.Java8BytecodeBridge";

  /** currentSpan, getSpanContext, isValid, getTraceId, getSpanId; null until found. */
  private volatile MethodHandle[] handles;
  /** A failed look-up costs an exception: retried at most once a second. */
  private volatile long nextLookUpNanos = System.nanoTime();

  @Override
  public Object capture() {
    MethodHandle[] h = handles;
    if (h == null) {
      long now = System.nanoTime();
      if (now - nextLookUpNanos < 0) {
        return null;
      }
      nextLookUpNanos = now + 1_000_000_000L;
      h = lookUp();
      if (h == null) {
        return null;
      }
      handles = h;
    }
    try {
      Object span = h[0].invoke();
      Object context = h[1].invoke(span);
      if (!(boolean) h[2].invoke(context)) {
        return null;
      }
      return new ParentTrace((String) h[3].invoke(context), (String) h[4].invoke(context));
    } catch (Throwable t) {
      AgentLog.debug("could not read the OpenTelemetry agent's current span: " + t);
      return null;
    }
  }

  private static MethodHandle[] lookUp() {
    try {
      Class<?> bridge = Class.forName(BRIDGE, false, null);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Method currentSpan = bridge.getMethod("currentSpan");
      Method spanContext = currentSpan.getReturnType().getMethod("getSpanContext");
      Class<?> contextType = spanContext.getReturnType();
      return new MethodHandle[] {
        lookup.unreflect(currentSpan),
        lookup.unreflect(spanContext),
        lookup.unreflect(contextType.getMethod("isValid")),
        lookup.unreflect(contextType.getMethod("getTraceId")),
        lookup.unreflect(contextType.getMethod("getSpanId"))
      };
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      AgentLog.debug("the OpenTelemetry agent's current span is not readable (yet): " + e);
      return null;
    }
  }
}
