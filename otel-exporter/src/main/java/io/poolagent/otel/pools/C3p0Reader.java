package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * c3p0 ({@code AbstractPoolBackedDataSource}, e.g. {@code ComboPooledDataSource}). Every one of its
 * counters goes through a pool manager that it creates on demand, with helper threads and the
 * default user's pool acquiring {@code initialPoolSize} connections: even after {@code close()}. So
 * the counters are read only when both show the pool is running: the agent saw a borrow succeed
 * (which created the pool) and {@code C3P0Registry.getPooledDataSources()}, the registry of pools
 * not closed, still holds it. Counters are those of the default user's pool, which {@code
 * getConnection()} borrows from.
 *
 * <p>c3p0 has no idle limits: {@code minPoolSize} bounds all connections, not idle ones.
 */
final class C3p0Reader implements PoolReader {

  private record Api(Method openPools, Getter busy, Getter idle, Getter waiting, Getter max) {}

  private static final ClassValue<Api> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected Api computeValue(Class<?> type) {
          return new Api(
              openPools(type),
              Getter.of(type, "getNumBusyConnectionsDefaultUser"),
              Getter.of(type, "getNumIdleConnectionsDefaultUser"),
              Getter.of(type, "getNumThreadsAwaitingCheckoutDefaultUser"),
              Getter.of(type, "getMaxPoolSize"));
        }
      };

  /** {@code C3P0Registry.getPooledDataSources()}, as the pool's own class loader sees it. */
  private static Method openPools(Class<?> type) {
    try {
      Class<?> registry =
          Class.forName("com.mchange.v2.c3p0.C3P0Registry", false, type.getClassLoader());
      return PublicMethods.find(registry, "getPooledDataSources");
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    Api api = DATA_SOURCES.get(dataSource.getClass());
    if (api.openPools() == null || source.borrows() == 0) {
      return null;
    }
    Object open = api.openPools().invoke(null);
    if (!(open instanceof Collection) || !((Collection<?>) open).contains(dataSource)) {
      return null;
    }
    OptionalLong used = api.busy().number(dataSource);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        api.idle().number(dataSource),
        api.max().number(dataSource),
        OptionalLong.empty(),
        OptionalLong.empty(),
        api.waiting().number(dataSource));
  }
}
