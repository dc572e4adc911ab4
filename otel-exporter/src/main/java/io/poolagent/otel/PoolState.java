package io.poolagent.otel;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.SourceKind;
import java.lang.reflect.Method;
import java.util.OptionalLong;

/**
 * What a connection source tells about itself at one moment. Values a source does not expose are
 * empty, and the metric is then absent for it: never a made-up zero.
 *
 * <ul>
 *   <li>HikariCP: through its public API ({@code getHikariPoolMXBean()}, {@code
 *       getMaximumPoolSize()}, {@code getMinimumIdle()}), read reflectively because HikariCP lives
 *       in the application's class loader. It has no maximum-idle setting.
 *   <li>Sources that do not pool: used = the agent's open leases; idle = 0, truly, since nothing
 *       is kept; no maximum.
 *   <li>Other pools (until they get a reader) and unknown sources: used only.
 * </ul>
 */
record PoolState(
    long used,
    OptionalLong idle,
    OptionalLong max,
    OptionalLong idleMin,
    OptionalLong idleMax,
    OptionalLong pending) {

  static PoolState of(ConnectionSource source) {
    Object pool = source.pool();
    if ("hikari".equals(source.vendor()) && pool != null) {
      PoolState hikari = hikari(pool);
      if (hikari != null) {
        return hikari;
      }
    }
    OptionalLong idle = source.pooling() ? OptionalLong.empty() : OptionalLong.of(0);
    if (source.kind() == SourceKind.UNKNOWN) {
      idle = OptionalLong.empty();
    }
    return new PoolState(
        Math.max(0, source.open()),
        idle,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  /** Null when the pool has not started (no MXBean yet) or its API is not as expected. */
  private static PoolState hikari(Object dataSource) {
    try {
      Object mxBean = call(dataSource, "getHikariPoolMXBean");
      if (mxBean == null) {
        return null;
      }
      return new PoolState(
          number(call(mxBean, "getActiveConnections")),
          OptionalLong.of(number(call(mxBean, "getIdleConnections"))),
          OptionalLong.of(number(call(dataSource, "getMaximumPoolSize"))),
          OptionalLong.of(number(call(dataSource, "getMinimumIdle"))),
          OptionalLong.empty(),
          OptionalLong.of(number(call(mxBean, "getThreadsAwaitingConnection"))));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Object call(Object target, String getter) throws ReflectiveOperationException {
    Method method = publicMethod(target.getClass(), getter);
    return method.invoke(target);
  }

  /** A public declaration of the method: HikariPool is public, its MXBean interface too. */
  private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
    for (Class<?> i : type.getInterfaces()) {
      try {
        return i.getMethod(name);
      } catch (NoSuchMethodException e) {
        // try the next one
      }
    }
    return type.getMethod(name);
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }
}
