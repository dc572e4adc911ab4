package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * Alibaba Druid ({@code DruidDataSource}): its counters answer 0 before {@code init()}, so they are
 * read only while {@code isInited()} and not {@code isClosed()}. Idle connections are its {@code
 * poolingCount}; {@code minIdle} is a true idle minimum; its {@code maxIdle} is deprecated and
 * ignored by Druid itself, so it is not reported.
 */
final class DruidReader implements PoolReader {

  private record Api(
      Getter inited, Getter closed, Getter active, Getter pooling, Getter waiting, Getter max, Getter minIdle) {}

  private static final ClassValue<Api> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected Api computeValue(Class<?> type) {
          return new Api(
              Getter.of(type, "isInited"),
              Getter.of(type, "isClosed"),
              Getter.of(type, "getActiveCount"),
              Getter.of(type, "getPoolingCount"),
              Getter.of(type, "getWaitThreadCount"),
              Getter.of(type, "getMaxActive"),
              Getter.of(type, "getMinIdle"));
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    Api api = DATA_SOURCES.get(dataSource.getClass());
    if (!Boolean.TRUE.equals(api.inited().call(dataSource))
        || !Boolean.FALSE.equals(api.closed().call(dataSource))) {
      return null;
    }
    OptionalLong used = api.active().number(dataSource);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        api.pooling().number(dataSource),
        api.max().number(dataSource),
        api.minIdle().number(dataSource),
        OptionalLong.empty(),
        api.waiting().number(dataSource));
  }
}
