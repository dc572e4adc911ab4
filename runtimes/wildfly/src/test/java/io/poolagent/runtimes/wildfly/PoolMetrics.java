package io.poolagent.runtimes.wildfly;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One pool's series in a Prometheus scrape of the agent's metrics. */
final class PoolMetrics {

  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} (\\S+)$");

  private final String scrape;
  private final String pool;

  private PoolMetrics(String scrape, String pool) {
    this.scrape = scrape;
    this.pool = pool;
  }

  static PoolMetrics of(String scrape, String pool) {
    return new PoolMetrics(scrape, pool);
  }

  /**
   * The value of {@code metric} for the pool, in connection {@code state} (null: a metric without
   * states); null when the scrape has no such series, as for a value the pool does not expose.
   */
  Long value(String metric, String state) {
    for (String line : scrape.lines().toList()) {
      Matcher sample = SAMPLE.matcher(line);
      if (sample.matches()
          && sample.group(1).equals(metric)
          && sample.group(2).contains("db_client_connection_pool_name=\"" + pool + "\"")
          && (state == null
              || sample.group(2).contains("db_client_connection_state=\"" + state + "\""))) {
        return (long) Double.parseDouble(sample.group(3));
      }
    }
    return null;
  }
}
