package io.poolagent.lease;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long pools took to make physical connections, as the pools themselves report it, by pool.
 * Keyed by the pool's own name because the report comes from inside the pool (HikariCP's {@code
 * PoolBase}), which knows its name but not the DataSource object the application borrows from;
 * pools fill themselves before the first borrow, so the times are kept until a source claims them.
 */
public final class CreateTimes {

  /** Pools in one JVM are few; the cap only guards against an application that makes thousands. */
  static final int MAX_POOLS = 1_000;

  private final Map<String, LatencyHistogram> byPool = new ConcurrentHashMap<>();

  void record(String vendor, String poolName, long nanos) {
    String key = key(vendor, poolName);
    LatencyHistogram times = byPool.get(key);
    if (times == null) {
      if (byPool.size() >= MAX_POOLS) {
        return;
      }
      times = byPool.computeIfAbsent(key, k -> new LatencyHistogram());
    }
    times.record(nanos);
  }

  /** The create times {@code poolName} reported, or null if it reported none. */
  public LatencyHistogram of(String vendor, String poolName) {
    return byPool.get(key(vendor, poolName));
  }

  private static String key(String vendor, String poolName) {
    return vendor + '\0' + poolName;
  }
}
