package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * Tomcat JDBC ({@code org.apache.tomcat.jdbc.pool.DataSourceProxy}). Its counters ({@code
 * getActive()}, {@code getIdle()}, {@code getWaitCount()}) and {@code getPool()} all create the pool
 * when there is none, opening {@code initialSize} connections. The only public getter that reads
 * the pool without creating it is {@code getPoolName()}, which fails while there is no pool: so the
 * pool is asked for only once that getter answered. (Should the application close the pool in the
 * instant between the two calls, {@code getPool()} would create a new one: no public getter avoids
 * that.) The limits come from the configuration, which never creates anything.
 */
final class TomcatJdbcReader implements PoolReader {

  private record DataSourceApi(
      Getter poolName, Getter pool, Getter maxActive, Getter minIdle, Getter maxIdle) {}

  private record PoolApi(Getter closed, Getter active, Getter idle, Getter waiting) {}

  private static final ClassValue<DataSourceApi> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected DataSourceApi computeValue(Class<?> type) {
          return new DataSourceApi(
              Getter.of(type, "getPoolName"),
              Getter.of(type, "getPool"),
              Getter.of(type, "getMaxActive"),
              Getter.of(type, "getMinIdle"),
              Getter.of(type, "getMaxIdle"));
        }
      };

  private static final ClassValue<PoolApi> POOLS =
      new ClassValue<>() {
        @Override
        protected PoolApi computeValue(Class<?> type) {
          return new PoolApi(
              Getter.of(type, "isClosed"),
              Getter.of(type, "getActive"),
              Getter.of(type, "getIdle"),
              Getter.of(type, "getWaitCount"));
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    DataSourceApi api = DATA_SOURCES.get(dataSource.getClass());
    if (!started(api, dataSource)) {
      return null;
    }
    Object pool = api.pool().call(dataSource);
    if (pool == null) {
      return null;
    }
    PoolApi counts = POOLS.get(pool.getClass());
    OptionalLong used = counts.active().number(pool);
    if (used.isEmpty() || Boolean.TRUE.equals(counts.closed().call(pool))) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        counts.idle().number(pool),
        api.maxActive().number(dataSource),
        api.minIdle().number(dataSource),
        api.maxIdle().number(dataSource),
        counts.waiting().number(pool));
  }

  private static boolean started(DataSourceApi api, Object dataSource) {
    try {
      return api.poolName().exists() && api.poolName().call(dataSource) != null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // NullPointerException inside: there is no pool yet.
      return false;
    }
  }
}
