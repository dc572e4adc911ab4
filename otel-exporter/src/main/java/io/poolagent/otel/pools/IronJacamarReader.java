package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.IronJacamar;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * IronJacamar (WildFly, JBoss EAP), reached through {@link IronJacamar}. Its counts come from
 * {@code Pool.getStatistics()}, which answers 0 for everything unless the datasource has {@code
 * statistics-enabled} (off in WildFly's shipped configuration): then only what the agent sees
 * (used) is given, never those zeros. Two values need no statistics: the maximum ({@code
 * max-pool-size}) and the threads waiting, queued on the semaphore that admits at most the maximum
 * into the pool. {@code min-pool-size} bounds all connections, not idle ones: no idle limits.
 */
final class IronJacamarReader implements PoolReader {

  private record PoolApi(Getter shutdown, Getter statistics, Getter lock) {}

  private record StatisticsApi(Getter enabled, Getter inUse, Getter idle) {}

  private static final ClassValue<PoolApi> POOLS =
      new ClassValue<>() {
        @Override
        protected PoolApi computeValue(Class<?> type) {
          return new PoolApi(
              Getter.of(type, "isShutdown"),
              Getter.of(type, "getStatistics"),
              Getter.of(type, "getLock"));
        }
      };

  private static final ClassValue<StatisticsApi> STATISTICS =
      new ClassValue<>() {
        @Override
        protected StatisticsApi computeValue(Class<?> type) {
          return new StatisticsApi(
              Getter.of(type, "isEnabled"),
              Getter.of(type, "getInUseCount"),
              Getter.of(type, "getIdleCount"));
        }
      };

  /** {@code java.util.concurrent.Semaphore}, which IronJacamar's own semaphore extends. */
  private static final ClassValue<Getter> QUEUES =
      new ClassValue<>() {
        @Override
        protected Getter computeValue(Class<?> type) {
          return Getter.of(type, "getQueueLength");
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    Object pool = IronJacamar.pool(dataSource);
    if (pool == null) {
      return null;
    }
    PoolApi api = POOLS.get(pool.getClass());
    if (!Boolean.FALSE.equals(api.shutdown().call(pool))) {
      return null;
    }
    int maxSize = IronJacamar.maxSize(pool);
    OptionalLong max = maxSize > 0 ? OptionalLong.of(maxSize) : OptionalLong.empty();
    Object lock = api.lock().call(pool);
    OptionalLong waiting =
        lock == null ? OptionalLong.empty() : QUEUES.get(lock.getClass()).number(lock);
    Object statistics = api.statistics().call(pool);
    StatisticsApi counts = statistics == null ? null : STATISTICS.get(statistics.getClass());
    if (counts == null || !Boolean.TRUE.equals(counts.enabled().call(statistics))) {
      return new PoolState(
          Math.max(0, source.open()),
          OptionalLong.empty(),
          max,
          OptionalLong.empty(),
          OptionalLong.empty(),
          waiting);
    }
    OptionalLong used = counts.inUse().number(statistics);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        counts.idle().number(statistics),
        max,
        OptionalLong.empty(),
        OptionalLong.empty(),
        waiting);
  }
}
