package io.poolagent.otel.pools;

import io.poolagent.lease.ConnectionSource;
import io.poolagent.otel.PoolState;

/**
 * Reads one pool family's state through its public API, reflectively: the pool lives in the
 * application's class loader and the agent never links against it. Methods are resolved once per
 * pool class, so a collection costs a few reflective calls.
 */
public interface PoolReader {

  /**
   * The pool's state now, or null when it has none to give: not started (reading must never start
   * it), closed, or an API this reader does not know. May throw; the caller contains it.
   *
   * @param pool the pool's own object, e.g. a {@code BasicDataSource}
   * @param source what the agent itself saw of the pool
   */
  PoolState read(Object pool, ConnectionSource source) throws ReflectiveOperationException;
}
