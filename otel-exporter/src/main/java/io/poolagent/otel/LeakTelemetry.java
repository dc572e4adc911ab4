package io.poolagent.otel;

import static io.poolagent.otel.SemanticAttributes.BORROW_SPAN_ID;
import static io.poolagent.otel.SemanticAttributes.BORROW_TRACE_ID;
import static io.poolagent.otel.SemanticAttributes.CODE_FILE;
import static io.poolagent.otel.SemanticAttributes.CODE_FUNCTION;
import static io.poolagent.otel.SemanticAttributes.CODE_LINE;
import static io.poolagent.otel.SemanticAttributes.CODE_STACKTRACE;
import static io.poolagent.otel.SemanticAttributes.CONNECTIONS_HELD;
import static io.poolagent.otel.SemanticAttributes.CONNECTIONS_COLLECTED;
import static io.poolagent.otel.SemanticAttributes.HOLDER_COUNT;
import static io.poolagent.otel.SemanticAttributes.HOLDER_LONGEST_HOLD;
import static io.poolagent.otel.SemanticAttributes.HOLD_DURATION;
import static io.poolagent.otel.SemanticAttributes.LEAK_STATE;
import static io.poolagent.otel.SemanticAttributes.POOL_NAME;
import static io.poolagent.otel.SemanticAttributes.THREAD_NAME;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeakEvent;
import io.poolagent.lease.LeakState;
import io.poolagent.lease.LeaseEnd;
import io.poolagent.lease.LeaseListener;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.PoolExhaustion;
import io.poolagent.lease.StackCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leaks as telemetry: a {@code connection leak} span per leak (from the borrow to its detection,
 * status ERROR, with the borrow stack and the call site), the {@code poolagent.connection.leaks}
 * and {@code poolagent.connection.late_returns} counters, and with {@code spans=all} a {@code
 * connection lease} span per returned lease; a {@code connection pool exhausted} span per explained
 * pool timeout, with an event per call site holding the pool's connections.
 */
final class LeakTelemetry implements LeaseListener {

  static final String LEAK_SPAN = "connection leak";
  static final String LEASE_SPAN = "connection lease";
  static final String EXHAUSTED_SPAN = "connection pool exhausted";
  static final String HOLDER_EVENT = "connections held";
  static final String COLLECTED_EVENT = "connections lost to collected leaks";
  private static final LeakState[] COUNTED = {
    LeakState.SUSPECTED, LeakState.COLLECTED, LeakState.OPEN_AT_EXIT
  };

  /** Spans of leaks seen before the SDK is ready; bounded, the rest are counted only. */
  private static final int MAX_PENDING = 10_000;

  private final boolean spanPerLease;
  /** pool name -> state -> count; late returns under LATE_RETURN. Leaks are rare: a map is fine. */
  private final Map<String, Map<LeakState, LongAdder>> counts = new ConcurrentHashMap<>();
  /** Null until the SDK is built, which happens off the application's start-up path. */
  private volatile Tracer tracer;
  private final ReentrantLock pendingLock = new ReentrantLock();
  private final List<Object> pending = new ArrayList<>();

  LeakTelemetry(boolean spanPerLease) {
    this.spanPerLease = spanPerLease;
  }

  /** The SDK is ready: spans from now on go straight out, and those that waited go first. */
  void ready(Tracer readyTracer) {
    pendingLock.lock();
    try {
      tracer = readyTracer;
      for (Object event : pending) {
        emit(event);
      }
      pending.clear();
    } finally {
      pendingLock.unlock();
    }
  }

  /** Emits now, or keeps the event until {@link #ready}. */
  private void span(Object event) {
    if (tracer == null) {
      pendingLock.lock();
      try {
        if (tracer == null) {
          if (pending.size() < MAX_PENDING) {
            pending.add(event);
          }
          return;
        }
      } finally {
        pendingLock.unlock();
      }
    }
    emit(event);
  }

  private void emit(Object event) {
    if (event instanceof LeakEvent) {
      leakSpan((LeakEvent) event);
    } else if (event instanceof PoolExhaustion) {
      exhaustedSpan((PoolExhaustion) event);
    } else {
      leaseSpan((LeaseEnd) event);
    }
  }

  /**
   * The counters are observed, not recorded: every known pool reports every state from the start
   * (at zero), so a dashboard sees "no leaks" as 0 rather than as no data.
   */
  void register(Meter meter, LeaseTracker tracker) {
    meter
        .counterBuilder("poolagent.connection.leaks")
        .setUnit("{leak}")
        .setDescription("Leases that became leaks, by poolagent.leak.state.")
        .buildWithCallback(
            m -> {
              for (ConnectionSource source : tracker.sources().all()) {
                for (LeakState state : COUNTED) {
                  m.record(
                      count(source.name(), state),
                      Attributes.of(POOL_NAME, source.name(), LEAK_STATE, state.reportName));
                }
              }
            });
    meter
        .counterBuilder("poolagent.connection.late_returns")
        .setUnit("{lease}")
        .setDescription("Suspected leaks that were closed, or evicted by their pool, after all.")
        .buildWithCallback(
            m -> {
              for (ConnectionSource source : tracker.sources().all()) {
                m.record(
                    count(source.name(), LeakState.LATE_RETURN),
                    Attributes.of(POOL_NAME, source.name()));
              }
            });
    // Managed pools only: nothing else takes a dropped connection back, so anywhere else the
    // count would be a made-up zero.
    meter
        .counterBuilder("poolagent.connection.reclaimed")
        .setUnit("{connection}")
        .setDescription(
            "Connections of a managed pool taken back after the application dropped them without"
                + " close().")
        .buildWithCallback(
            m -> {
              for (ConnectionSource source : tracker.sources().all()) {
                if (source.reclaims()) {
                  m.record(source.reclaimed(), Attributes.of(POOL_NAME, source.name()));
                }
              }
            });
  }

  private long count(String pool, LeakState state) {
    Map<LeakState, LongAdder> byState = counts.get(pool);
    LongAdder adder = byState == null ? null : byState.get(state);
    return adder == null ? 0 : adder.sum();
  }

  @Override
  public void leak(LeakEvent event) {
    counts
        .computeIfAbsent(event.pool(), p -> new ConcurrentHashMap<>())
        .computeIfAbsent(event.state(), s -> new LongAdder())
        .increment();
    // One span per leak: when a lease first becomes one. A suspected leak that is later collected,
    // or still open at exit, was already reported; a late return is counted, not re-reported.
    if (event.previous() == null && event.state() != LeakState.LATE_RETURN) {
      span(event);
    }
  }

  /** What leak and lease spans share: a root span from the borrow, on the pool and thread. */
  private SpanBuilder leaseSpanBuilder(
      String name, long borrowEpochNanos, String pool, String thread, long heldNanos) {
    return tracer
        .spanBuilder(name)
        .setNoParent()
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(borrowEpochNanos, TimeUnit.NANOSECONDS)
        .setAttribute(POOL_NAME, pool)
        .setAttribute(THREAD_NAME, thread)
        .setAttribute(HOLD_DURATION, heldNanos / 1e9);
  }

  private void leakSpan(LeakEvent event) {
    SpanBuilder span =
        leaseSpanBuilder(
                LEAK_SPAN, event.borrowEpochNanos(), event.pool(), event.thread(), event.heldNanos())
            .setAttribute(LEAK_STATE, event.state().reportName);
    callSite(span, event.callSite());
    if (!event.stack().isEmpty()) {
      span.setAttribute(CODE_STACKTRACE, stackText(event.stack()));
    }
    link(span, event.borrowContext());
    Span started = span.startSpan();
    started.setStatus(StatusCode.ERROR, "connection leak: " + event.state().reportName);
    started.end(event.detectedEpochNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean wantsEveryLease() {
    return spanPerLease;
  }

  @Override
  public void returned(LeaseEnd end) {
    span(end);
  }

  private void leaseSpan(LeaseEnd end) {
    SpanBuilder span =
        leaseSpanBuilder(LEASE_SPAN, end.borrowEpochNanos(), end.pool(), end.thread(), end.heldNanos());
    StackTraceElement[] stack = end.stack();
    if (stack.length > 0) {
      callSite(span, StackCapture.callSite(stack));
    }
    link(span, end.borrowContext());
    span.startSpan().end(end.returnEpochNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void exhausted(PoolExhaustion exhaustion) {
    span(exhaustion);
  }

  /**
   * An instant at the timeout, linked to the request that timed out when it was traced. Each call
   * site holding connections is an event, so Jaeger and Tempo list them as the span's logs.
   */
  private void exhaustedSpan(PoolExhaustion exhaustion) {
    long at = exhaustion.detectedEpochNanos();
    SpanBuilder builder =
        tracer
            .spanBuilder(EXHAUSTED_SPAN)
            .setNoParent()
            .setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(at, TimeUnit.NANOSECONDS)
            .setAttribute(POOL_NAME, exhaustion.pool())
            .setAttribute(CONNECTIONS_HELD, (long) exhaustion.held());
    link(builder, exhaustion.borrowContext());
    Span span = builder.startSpan();
    for (PoolExhaustion.Holder holder : exhaustion.holders()) {
      span.addEvent(HOLDER_EVENT, holderAttributes(holder), at, TimeUnit.NANOSECONDS);
    }
    long collected = 0;
    for (PoolExhaustion.Holder holder : exhaustion.collected()) {
      collected += holder.count();
      span.addEvent(COLLECTED_EVENT, holderAttributes(holder), at, TimeUnit.NANOSECONDS);
    }
    if (collected > 0) {
      span.setAttribute(CONNECTIONS_COLLECTED, collected);
    }
    span.setStatus(StatusCode.ERROR, exhaustion.failure());
    span.end(at, TimeUnit.NANOSECONDS);
  }

  private static Attributes holderAttributes(PoolExhaustion.Holder holder) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(HOLDER_COUNT, (long) holder.count())
            .put(HOLDER_LONGEST_HOLD, holder.longestHeldNanos() / 1e9)
            .put(THREAD_NAME, String.join(", ", holder.threads()));
    CallSiteParts parts = CallSiteParts.parse(holder.callSite());
    putIfPresent(attributes, CODE_FUNCTION, parts.function());
    putIfPresent(attributes, CODE_FILE, parts.file());
    if (parts.line() >= 0) {
      attributes.put(CODE_LINE, parts.line());
    }
    if (!holder.stack().isEmpty()) {
      attributes.put(CODE_STACKTRACE, stackText(holder.stack()));
    }
    return attributes.build();
  }

  private static void putIfPresent(
      AttributesBuilder attributes,
      AttributeKey<String> key,
      String value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }

  private static void callSite(SpanBuilder span, String callSite) {
    CallSiteParts parts = CallSiteParts.parse(callSite);
    setIfPresent(span, CODE_FUNCTION, parts.function());
    setIfPresent(span, CODE_FILE, parts.file());
    if (parts.line() >= 0) {
      span.setAttribute(CODE_LINE, parts.line());
    }
  }

  private static void setIfPresent(SpanBuilder span, AttributeKey<String> key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  /** The request that borrowed, as the official OpenTelemetry agent traced it: link and ids. */
  private static void link(SpanBuilder span, Object borrowContext) {
    if (borrowContext instanceof ParentTrace) {
      ParentTrace parent = (ParentTrace) borrowContext;
      SpanContext context =
          SpanContext.createFromRemoteParent(
              parent.traceId(), parent.spanId(), TraceFlags.getSampled(), TraceState.getDefault());
      if (context.isValid()) {
        span.addLink(context);
        span.setAttribute(BORROW_TRACE_ID, parent.traceId());
        span.setAttribute(BORROW_SPAN_ID, parent.spanId());
      }
    }
  }

  /** The JVM's own stack trace format, one frame a line: what {@code code.stacktrace} expects. */
  private static String stackText(List<String> frames) {
    StringBuilder text = new StringBuilder();
    for (String frame : frames) {
      text.append("\tat ").append(frame).append('\n');
    }
    return text.toString();
  }
}
