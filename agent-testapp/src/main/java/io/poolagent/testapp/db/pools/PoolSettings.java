package io.poolagent.testapp.db.pools;

import io.poolagent.testapp.db.DbKind;
import java.time.Duration;

/**
 * What every pool is configured from.
 *
 * @param name the pool's name, {@code testapp-<via>}, for pools whose public API takes one
 * @param maxSize the most connections the pool may hold ({@code --pool-size})
 * @param borrowTimeout how long a borrow waits for a free connection before it fails ({@code
 *     --borrow-timeout}); given to every pool, since several wait forever by default
 */
public record PoolSettings(
    DbKind db,
    String url,
    String user,
    String password,
    String name,
    int maxSize,
    Duration borrowTimeout) {

  /** {@code n}, or {@link #maxSize} when smaller: a pool refuses a minimum above its maximum. */
  int atMostMax(int n) {
    return Math.min(n, maxSize);
  }
}
