package io.poolagent.otel;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.SourceKind;
import io.poolagent.log.AgentLog;
import io.poolagent.otel.pools.PoolReader;
import io.poolagent.otel.pools.PoolReaders;
import java.util.OptionalLong;

/**
 * What a connection source tells about itself at one moment. Values a source does not expose are
 * empty, and the metric is then absent for it: never a made-up zero.
 *
 * <ul>
 *   <li>Known pools: what their public API tells, read by their {@link PoolReader} (see {@code
 *       io.poolagent.otel.pools}), once they have started. Before that, or if reading fails: used
 *       only.
 *   <li>Sources that do not pool: used = the agent's open leases; idle = 0, truly, since nothing
 *       is kept; no maximum.
 *   <li>Unknown sources: used only.
 * </ul>
 */
public record PoolState(
    long used,
    OptionalLong idle,
    OptionalLong max,
    OptionalLong idleMin,
    OptionalLong idleMax,
    OptionalLong pending) {

  static PoolState of(ConnectionSource source) {
    PoolState read = read(source);
    if (read != null) {
      return read;
    }
    OptionalLong idle = source.pooling() ? OptionalLong.empty() : OptionalLong.of(0);
    if (source.kind() == SourceKind.UNKNOWN) {
      idle = OptionalLong.empty();
    }
    return new PoolState(
        Math.max(0, source.open()),
        idle,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  /** Null when the source is no pool with a reader, or its reader has nothing to tell. */
  /**
   * What a known pool's reader tells of it now, or null: no reader for it, the pool gone, or the
   * read failed (logged at debug).
   */
  public static PoolState read(ConnectionSource source) {
    Object pool = source.pool();
    PoolReader reader =
        source.kind() == SourceKind.POOL ? PoolReaders.forVendor(source.vendor()) : null;
    if (reader == null || pool == null) {
      return null;
    }
    try {
      return reader.read(pool, source);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // Whatever the pool does (closing under us, a changed API), the SDK's collection goes on.
      AgentLog.debug("could not read the state of pool " + source.name() + ": " + e);
      return null;
    }
  }
}
