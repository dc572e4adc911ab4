package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.SourceKind;
import io.poolagent.log.AgentLog;
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
    PoolReader reader =
        source.kind() == SourceKind.POOL ? PoolReaders.forVendor(source.vendor()) : null;
    if (reader != null && source.pool() != null) {
      MaxSize max = new MaxSize(reader, source);
      max.getAsInt();
      source.setConfiguredMaxSize(max);
    }
  }

  /** The pool's maximum as last read; 0 (not known) until a read tells it. */
  private static final class MaxSize implements IntSupplier {
    private final PoolReader reader;
    private final ConnectionSource source;
    private volatile int last;

    MaxSize(PoolReader reader, ConnectionSource source) {
      this.reader = reader;
      this.source = source;
    }

    @Override
    public int getAsInt() {
      Object pool = source.pool();
      if (pool != null) {
        try {
          PoolState state = reader.read(pool, source);
          OptionalLong max = state == null ? OptionalLong.empty() : state.max();
          if (max.isPresent() && max.getAsLong() > 0) {
            last = (int) Math.min(Integer.MAX_VALUE, max.getAsLong());
          }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          AgentLog.debug("could not read the maximum of pool " + source.name() + ": " + e);
        }
      }
      return last;
    }
  }
}
