package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import io.poolagent.pool.ManagedPool;
import java.util.OptionalLong;

/**
 * The agent's own managed pools ({@code mode=manage}): read directly, they are the agent's
 * classes. Like HikariCP, the engine inside, they have no maximum-idle setting.
 */
final class ManagedPoolReader implements PoolReader {

  @Override
  public PoolState read(Object pool, ConnectionSource source) {
    ManagedPool managed = (ManagedPool) pool;
    return new PoolState(
        managed.active(),
        OptionalLong.of(managed.idle()),
        OptionalLong.of(managed.maxSize()),
        OptionalLong.of(managed.minIdle()),
        OptionalLong.empty(),
        OptionalLong.of(managed.pending()));
  }
}
