package io.poolagent.testapp.db.pools;

import io.poolagent.testapp.db.DbKind;
import java.time.Duration;

/**
 * What every pool is configured from.
 *
 * @param name the pool's name, {@code testapp-<via>}, for pools whose public API takes one
 * @param maxSize the most connections the pool may hold ({@code --pool-size})
 */
public record PoolSettings(
    DbKind db, String url, String user, String password, String name, int maxSize) {

  /**
   * How long a borrow waits for a free connection before it fails: HikariCP's default, given to
   * every pool. Several pools wait forever by default (c3p0, Druid, Agroal), which would turn an
   * exhausted pool or a database that went away into a test app that hangs instead of failing.
   */
  public static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);

  /** {@code n}, or {@link #maxSize} when smaller: a pool refuses a minimum above its maximum. */
  int atMostMax(int n) {
    return Math.min(n, maxSize);
  }
}
