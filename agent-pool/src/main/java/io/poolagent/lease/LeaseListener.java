package io.poolagent.lease;

/**
 * Receives what the tracker sees, for export. Leak events are rare and arrive on the sweeper
 * thread, on the application thread of a late return, or at exit, never under the tracker's locks.
 * Implementations must not throw and must not block for long.
 */
public interface LeaseListener {

  /** A lease became a leak or a leak changed state. */
  default void leak(LeakEvent event) {}

  /**
   * Whether {@link #returned} is wanted. Only then does the return path build a {@link LeaseEnd}:
   * the default costs the return path nothing.
   */
  default boolean wantsEveryLease() {
    return false;
  }

  /**
   * A lease ended by {@code close()}, or by its pool's own way of ending a borrow ({@link
   * LeaseTracker#evicted}); late returns included.
   */
  default void returned(LeaseEnd end) {}

  /** A pool timed out a borrow; who held its connections then. On the timed-out thread. */
  default void exhausted(PoolExhaustion exhaustion) {}
}
