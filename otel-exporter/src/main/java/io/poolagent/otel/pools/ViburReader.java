package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * Vibur DBCP ({@code ViburDBCPDataSource}): counts only while {@code getState()} is {@code
 * WORKING}; its object pool ({@code getPool()}, null before {@code start()}) tells taken and idle
 * ({@code remainingCreated}) connections and its maximum. Vibur exposes no waiting threads and no
 * idle limits ({@code poolInitialSize} bounds all connections).
 */
final class ViburReader implements PoolReader {

  private record DataSourceApi(Getter state, Getter pool) {}

  private record PoolApi(Getter taken, Getter idle, Getter max) {}

  private static final ClassValue<DataSourceApi> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected DataSourceApi computeValue(Class<?> type) {
          return new DataSourceApi(Getter.of(type, "getState"), Getter.of(type, "getPool"));
        }
      };

  private static final ClassValue<PoolApi> POOLS =
      new ClassValue<>() {
        @Override
        protected PoolApi computeValue(Class<?> type) {
          return new PoolApi(
              Getter.of(type, "taken"), Getter.of(type, "remainingCreated"), Getter.of(type, "maxSize"));
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    DataSourceApi api = DATA_SOURCES.get(dataSource.getClass());
    Object state = api.state().call(dataSource);
    if (!(state instanceof Enum) || !"WORKING".equals(((Enum<?>) state).name())) {
      return null;
    }
    Object pool = api.pool().call(dataSource);
    if (pool == null) {
      return null;
    }
    PoolApi counts = POOLS.get(pool.getClass());
    OptionalLong used = counts.taken().number(pool);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        counts.idle().number(pool),
        counts.max().number(pool),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }
}
