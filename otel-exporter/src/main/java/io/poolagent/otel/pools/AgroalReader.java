package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;
import java.util.OptionalLong;

/**
 * Agroal ({@code AgroalDataSource}): started when built. Its counts come from {@code getMetrics()},
 * which answers 0 for everything unless the pool was configured with {@code metricsEnabled}: then
 * only what the agent sees (used) and the configured maximum are given, never those zeros. Agroal
 * has no idle limits ({@code minSize} bounds all connections).
 */
final class AgroalReader implements PoolReader {

  private record DataSourceApi(Getter configuration, Getter metrics) {}

  private record ConfigurationApi(Getter metricsEnabled, Getter poolConfiguration) {}

  private static final ClassValue<DataSourceApi> DATA_SOURCES =
      new ClassValue<>() {
        @Override
        protected DataSourceApi computeValue(Class<?> type) {
          return new DataSourceApi(Getter.of(type, "getConfiguration"), Getter.of(type, "getMetrics"));
        }
      };

  private static final ClassValue<ConfigurationApi> CONFIGURATIONS =
      new ClassValue<>() {
        @Override
        protected ConfigurationApi computeValue(Class<?> type) {
          return new ConfigurationApi(
              Getter.of(type, "metricsEnabled"), Getter.of(type, "connectionPoolConfiguration"));
        }
      };

  private static final ClassValue<Getter> MAX_SIZE =
      new ClassValue<>() {
        @Override
        protected Getter computeValue(Class<?> type) {
          return Getter.of(type, "maxSize");
        }
      };

  private record MetricsApi(Getter active, Getter available, Getter awaiting) {}

  private static final ClassValue<MetricsApi> METRICS =
      new ClassValue<>() {
        @Override
        protected MetricsApi computeValue(Class<?> type) {
          return new MetricsApi(
              Getter.of(type, "activeCount"),
              Getter.of(type, "availableCount"),
              Getter.of(type, "awaitingCount"));
        }
      };

  @Override
  public PoolState read(Object dataSource, ConnectionSource source)
      throws ReflectiveOperationException {
    DataSourceApi api = DATA_SOURCES.get(dataSource.getClass());
    Object configuration = api.configuration().call(dataSource);
    if (configuration == null) {
      return null;
    }
    ConfigurationApi config = CONFIGURATIONS.get(configuration.getClass());
    Object poolConfiguration = config.poolConfiguration().call(configuration);
    OptionalLong max =
        poolConfiguration == null
            ? OptionalLong.empty()
            : MAX_SIZE.get(poolConfiguration.getClass()).number(poolConfiguration);
    Object metrics =
        Boolean.TRUE.equals(config.metricsEnabled().call(configuration))
            ? api.metrics().call(dataSource)
            : null;
    if (metrics == null) {
      return new PoolState(
          Math.max(0, source.open()),
          OptionalLong.empty(),
          max,
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty());
    }
    MetricsApi counts = METRICS.get(metrics.getClass());
    OptionalLong used = counts.active().number(metrics);
    if (used.isEmpty()) {
      return null;
    }
    return new PoolState(
        used.getAsLong(),
        counts.available().number(metrics),
        max,
        OptionalLong.empty(),
        OptionalLong.empty(),
        counts.awaiting().number(metrics));
  }
}
