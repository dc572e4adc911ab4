package io.poolagent.config;

import java.time.Duration;
import java.util.Map;

/**
 * The bounds of every managed pool ({@code pool.*} settings), validated by {@link SettingsParser}.
 *
 * @param maxSize the most physical connections one managed pool holds, in use and idle
 * @param minIdle idle connections the pool keeps ready
 * @param connectionTimeout how long a borrow waits for a connection before it fails
 * @param idleTimeout how long a connection above {@code minIdle} may sit idle; zero: forever
 * @param maxLifetime when a connection is retired, idle or at its next return; zero: never
 * @param validationTimeout how long the liveness check of a connection may take
 */
public record ManagedPoolSettings(
    int maxSize,
    int minIdle,
    Duration connectionTimeout,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration validationTimeout) {

  void asText(Map<String, String> text) {
    text.put("pool.maxSize", Integer.toString(maxSize));
    text.put("pool.minIdle", Integer.toString(minIdle));
    text.put("pool.connectionTimeout", Durations.format(connectionTimeout));
    text.put("pool.idleTimeout", Durations.format(idleTimeout));
    text.put("pool.maxLifetime", Durations.format(maxLifetime));
    text.put("pool.validationTimeout", Durations.format(validationTimeout));
  }
}
