package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.PoolGauges;
import io.poolagent.lease.SourceKind;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Gives each known pool's configured maximum to the report ({@code configuredMaxSize}, which the
 * sizing advice compares with), read by the same reader as the metrics, whether or not telemetry
 * is exported. Read once when the pool is first seen (it has just lent a connection, so it has
 * started) and again when a report is written; the last value read stands, since a pool the
 * application closed before the exit report answers nothing.
 *
 * <p>The same reader gives the report's timeline the pool's own gauges (in use, threads waiting,
 * maximum), read by the agent's sweeper once a sweep: one read of the pool for all three.
 */
public final class PoolMaxSizes implements Consumer<ConnectionSource> {

  @Override
  public void accept(ConnectionSource source) {
    if (source.kind() == SourceKind.POOL && PoolReaders.forVendor(source.vendor()) != null) {
      MaxSize max = new MaxSize(source);
      max.getAsInt();
      source.setConfiguredMaxSize(max);
      source.readGaugesWith(max);
    }
  }

  /**
   * The pool's maximum as last read; 0 (not known) until a read tells it. Its gauges as read now,
   * -1 for what the pool's reader does not tell (never a made-up 0).
   */
  private static final class MaxSize implements IntSupplier, PoolGauges {
    private final ConnectionSource source;
    private volatile int last;

    MaxSize(ConnectionSource source) {
      this.source = source;
    }

    @Override
    public int getAsInt() {
      read();
      return last;
    }

    @Override
    public Reading read() {
      PoolState state = PoolState.read(source);
      if (state == null) {
        return null;
      }
      OptionalLong max = state.max();
      if (max.isPresent() && max.getAsLong() > 0) {
        last = (int) Math.min(Integer.MAX_VALUE, max.getAsLong());
      }
      return new Reading(
          state.used(), state.pending().orElse(-1), max.isPresent() ? max.getAsLong() : -1);
    }
  }
}
