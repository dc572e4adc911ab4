package io.poolagent.otel;

import static io.poolagent.otel.SemanticAttributes.CONNECTION_STATE;
import static io.poolagent.otel.SemanticAttributes.POOL_NAME;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LatencyHistogram;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.PoolTimeouts;
import io.poolagent.lease.SourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code db.client.connection.*} metrics, all read when the SDK collects, none recorded on the
 * borrow path: gauges and counters through asynchronous instruments, and the three histograms
 * produced from the tracker's own lock-free histograms (a {@link MetricProducer}), so that a
 * borrow costs the same with export on as off.
 */
final class PoolMetrics implements MetricProducer {

  /** Bucket bounds in seconds, from the semantic conventions' advice for these durations. */
  static final List<Double> BOUNDS_SECONDS =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0);

  private static final long[] BOUNDS_NANOS =
      BOUNDS_SECONDS.stream().mapToLong(s -> Math.round(s * 1e9)).toArray();

  private final LeaseTracker tracker;
  private final InstrumentationScopeInfo scope;
  private final long startEpochNanos;
  private final Map<ConnectionSource, Attributes> attributes = new ConcurrentHashMap<>();

  PoolMetrics(LeaseTracker tracker, InstrumentationScopeInfo scope, long startEpochNanos) {
    this.tracker = tracker;
    this.scope = scope;
    this.startEpochNanos = startEpochNanos;
  }

  void register(Meter meter) {
    meter
        .upDownCounterBuilder("db.client.connection.count")
        .setUnit("{connection}")
        .setDescription("Connections currently in the state given by db.client.connection.state.")
        .buildWithCallback(
            m ->
                forEachSource(
                    (source, state) -> {
                      Attributes pool = attributesOf(source);
                      m.record(state.used(), pool.toBuilder().put(CONNECTION_STATE, "used").build());
                      if (state.idle().isPresent()) {
                        m.record(
                            state.idle().getAsLong(),
                            pool.toBuilder().put(CONNECTION_STATE, "idle").build());
                      }
                    }));
    gauge(meter, "db.client.connection.max", "The maximum number of open connections allowed.", PoolState::max);
    gauge(meter, "db.client.connection.idle.min", "The minimum number of idle connections allowed.", PoolState::idleMin);
    gauge(meter, "db.client.connection.idle.max", "The maximum number of idle connections allowed.", PoolState::idleMax);
    gauge(
        meter,
        "db.client.connection.pending_requests",
        "Requests waiting for a connection from the pool.",
        PoolState::pending);
    meter
        .counterBuilder("db.client.connection.timeouts")
        .setUnit("{timeout}")
        .setDescription("Borrows that timed out waiting for a connection from the pool.")
        .buildWithCallback(
            m -> {
              for (ConnectionSource source : tracker.sources().all()) {
                if (countsTimeouts(source)) {
                  m.record(source.timeouts(), attributesOf(source));
                }
              }
            });
  }

  /**
   * Only where the tracker recognises the pool's own timeout failure ({@link PoolTimeouts}): for
   * any other source a count would be a made-up zero, so it is absent.
   */
  private static boolean countsTimeouts(ConnectionSource source) {
    return source.kind() == SourceKind.POOL && PoolTimeouts.recognises(source.vendor());
  }

  private void gauge(
      Meter meter, String name, String description, Function<PoolState, OptionalLong> value) {
    meter
        .upDownCounterBuilder(name)
        .setUnit("{connection}")
        .setDescription(description)
        .buildWithCallback(
            m ->
                forEachSource(
                    (source, state) -> {
                      OptionalLong v = value.apply(state);
                      if (v.isPresent()) {
                        m.record(v.getAsLong(), attributesOf(source));
                      }
                    }));
  }

  private interface SourceVisitor {
    void visit(ConnectionSource source, PoolState state);
  }

  private void forEachSource(SourceVisitor visitor) {
    for (ConnectionSource source : tracker.sources().all()) {
      visitor.visit(source, PoolState.of(source));
    }
  }

  Attributes attributesOf(ConnectionSource source) {
    return attributes.computeIfAbsent(source, s -> Attributes.of(POOL_NAME, s.name()));
  }

  /**
   * Cumulative histograms of wait, use and create time: create time is every borrow for sources
   * that do not pool, and the pool's own connect times for pools that report them.
   */
  @Override
  public Collection<MetricData> produce(Resource resource) {
    long now = tracker.clock().epochNanosOf(System.nanoTime());
    List<HistogramPointData> wait = new ArrayList<>();
    List<HistogramPointData> use = new ArrayList<>();
    List<HistogramPointData> create = new ArrayList<>();
    for (ConnectionSource source : tracker.sources().all()) {
      Attributes pool = attributesOf(source);
      LatencyHistogram.Snapshot acquire = source.acquireTimes().snapshot();
      LatencyHistogram.Snapshot hold = source.holdTimes().snapshot();
      if (acquire.count() > 0) {
        wait.add(point(acquire, pool, now));
        if (!source.pooling()) {
          // Every borrow from a source that does not pool is a physical connect.
          create.add(point(acquire, pool, now));
        }
      }
      LatencyHistogram created =
          source.ownName() == null ? null : tracker.createTimes().of(source.vendor(), source.ownName());
      if (created != null && source.pooling()) {
        // The pool's own measure of its physical connects (HikariCP's newConnection).
        LatencyHistogram.Snapshot snapshot = created.snapshot();
        if (snapshot.count() > 0) {
          create.add(point(snapshot, pool, now));
        }
      }
      if (hold.count() > 0) {
        use.add(point(hold, pool, now));
      }
    }
    List<MetricData> metrics = new ArrayList<>();
    add(metrics, resource, "db.client.connection.wait_time", "The time it took to obtain an open connection from the pool.", wait);
    add(metrics, resource, "db.client.connection.use_time", "The time between borrowing a connection and returning it to the pool.", use);
    add(metrics, resource, "db.client.connection.create_time", "The time it took to create a new connection.", create);
    return metrics;
  }

  private void add(
      List<MetricData> out,
      Resource resource,
      String name,
      String description,
      List<HistogramPointData> points) {
    if (points.isEmpty()) {
      return;
    }
    out.add(
        ImmutableMetricData.createDoubleHistogram(
            resource,
            scope,
            name,
            description,
            "s",
            ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, points)));
  }

  private HistogramPointData point(LatencyHistogram.Snapshot s, Attributes attributes, long now) {
    long[] counts = s.countsFor(BOUNDS_NANOS);
    List<Long> bucketCounts = new ArrayList<>(counts.length);
    for (long c : counts) {
      bucketCounts.add(c);
    }
    return ImmutableHistogramPointData.create(
        startEpochNanos,
        now,
        attributes,
        s.sumNanos() / 1e9,
        false,
        0,
        true,
        s.maxNanos() / 1e9,
        BOUNDS_SECONDS,
        bucketCounts);
  }
}
