package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * HikariCP: {@code HikariDataSource.getHikariPoolMXBean()} is null until the pool starts, and
 * reading it starts nothing. HikariCP has no maximum-idle setting.
 */
final class HikariReader implements PoolReader {

  private record DataSourceApi(Getter mxBean, Getter max, Getter minIdle) {}

  private record MxBeanApi(Getter active, Getter idle, Getter waiting) {}

  private static final ClassValue<DataSourceApi> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected DataSourceApi computeValue(Class<?> type) {
          return new DataSourceApi(
              Getter.of(type, "getHikariPoolMXBean"),
              Getter.of(type, "getMaximumPoolSize"),
              Getter.of(type, "getMinimumIdle"));
        }
      };

  private static final ClassValue<MxBeanApi> MX_BEANS =
      new ClassValue<>() {
        @Override
        protected MxBeanApi computeValue(Class<?> type) {
          return new MxBeanApi(
              Getter.of(type, "getActiveConnections"),
              Getter.of(type, "getIdleConnections"),
              Getter.of(type, "getThreadsAwaitingConnection"));
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    DataSourceApi api = DATA_SOURCES.get(dataSource.getClass());
    Object mxBean = api.mxBean().call(dataSource);
    if (mxBean == null) {
      return null;
    }
    MxBeanApi pool = MX_BEANS.get(mxBean.getClass());
    OptionalLong used = pool.active().number(mxBean);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        pool.idle().number(mxBean),
        api.max().number(dataSource),
        api.minIdle().number(dataSource),
        OptionalLong.empty(),
        pool.waiting().number(mxBean));
  }
}
