package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * Apache Commons DBCP2's {@code BasicDataSource}, and Tomcat's repackaged copy of it (same API).
 * {@code getConnectionPool()} (public since DBCP2 2.10) is null until the pool starts and again
 * once it is closed, and reading it creates nothing; the data source's own {@code getNumActive()}
 * would answer 0 for a pool that does not exist. Everything is read from commons-pool's {@code
 * GenericObjectPool}, the live values, without taking the data source's lock.
 *
 * <p>Older DBCP2, and {@code PoolingDataSource} or the {@code InstanceKeyDataSource}s (whose pools
 * are not public), give no state: the agent's own count of used connections only.
 */
final class Dbcp2Reader implements PoolReader {

  private record PoolApi(
      Getter active, Getter idle, Getter maxTotal, Getter minIdle, Getter maxIdle, Getter waiters) {}

  private static final ClassValue<Getter> CONNECTION_POOL =
      new ClassValue<>() {
        @Override
        protected Getter computeValue(Class<?> type) {
          return Getter.of(type, "getConnectionPool");
        }
      };

  private static final ClassValue<PoolApi> POOLS =
      new ClassValue<>() {
        @Override
        protected PoolApi computeValue(Class<?> type) {
          return new PoolApi(
              Getter.of(type, "getNumActive"),
              Getter.of(type, "getNumIdle"),
              Getter.of(type, "getMaxTotal"),
              Getter.of(type, "getMinIdle"),
              Getter.of(type, "getMaxIdle"),
              Getter.of(type, "getNumWaiters"));
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    Object pool = CONNECTION_POOL.get(dataSource.getClass()).call(dataSource);
    if (pool == null) {
      return null;
    }
    PoolApi api = POOLS.get(pool.getClass());
    OptionalLong used = api.active().number(pool);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        api.idle().number(pool),
        api.maxTotal().number(pool),
        api.minIdle().number(pool),
        api.maxIdle().number(pool),
        api.waiters().number(pool));
  }
}
