package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
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
 */
public final class PoolMaxSizes implements Consumer<ConnectionSource> {

  @Override
  public void accept(ConnectionSource source) {
    if (source.kind() == SourceKind.POOL && PoolReaders.forVendor(source.vendor()) != null) {
      MaxSize max = new MaxSize(source);
      max.getAsInt();
      source.setConfiguredMaxSize(max);
    }
  }

  /** The pool's maximum as last read; 0 (not known) until a read tells it. */
  private static final class MaxSize implements IntSupplier {
    private final ConnectionSource source;
    private volatile int last;

    MaxSize(ConnectionSource source) {
      this.source = source;
    }

    @Override
    public int getAsInt() {
      PoolState state = PoolState.read(source);
      OptionalLong max = state == null ? OptionalLong.empty() : state.max();
      if (max.isPresent() && max.getAsLong() > 0) {
        last = (int) Math.min(Integer.MAX_VALUE, max.getAsLong());
      }
      return last;
    }
  }
}
