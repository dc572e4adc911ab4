package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * Oracle UCP ({@code PoolDataSource}). Its counters answer 0 before the pool starts, so they are
 * read only once {@code getStatistics()}, null until then (and creating nothing), is there; the
 * statistics also tell the pending requests. {@code getMinIdle()}/{@code getMaxIdle()} exist in
 * recent UCP only; an unlimited maximum is no limit, hence absent.
 */
final class UcpReader implements PoolReader {

  private record DataSourceApi(
      Getter statistics, Getter borrowed, Getter available, Getter max, Getter minIdle, Getter maxIdle) {}

  private static final ClassValue<DataSourceApi> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected DataSourceApi computeValue(Class<?> type) {
          return new DataSourceApi(
              Getter.of(type, "getStatistics"),
              Getter.of(type, "getBorrowedConnectionsCount"),
              Getter.of(type, "getAvailableConnectionsCount"),
              Getter.of(type, "getMaxPoolSize"),
              Getter.of(type, "getMinIdle"),
              Getter.of(type, "getMaxIdle"));
        }
      };

  private static final ClassValue<Getter> PENDING =
      new ClassValue<>() {
        @Override
        protected Getter computeValue(Class<?> type) {
          return Getter.of(type, "getPendingRequestsCount");
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    DataSourceApi api = DATA_SOURCES.get(dataSource.getClass());
    Object statistics = api.statistics().call(dataSource);
    if (statistics == null) {
      return null;
    }
    OptionalLong used = api.borrowed().number(dataSource);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        api.available().number(dataSource),
        api.max().number(dataSource),
        api.minIdle().number(dataSource),
        api.maxIdle().number(dataSource),
        PENDING.get(statistics.getClass()).number(statistics));
  }
}
