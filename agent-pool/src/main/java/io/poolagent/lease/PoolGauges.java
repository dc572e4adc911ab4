package io.poolagent.lease;

/**
 * Reads what a pool tells of itself at one moment, for the report's timeline: given to a {@link
 * ConnectionSource} by whoever knows the pool's API (the exporter's pool readers; the agent's
 * core knows none). Asked on the sweeper thread, at most once a sweep, never on a borrow.
 */
public interface PoolGauges {

  /** The pool now, or null when it tells nothing (not started, closed, the read failed). */
  Reading read();

  /**
   * @param inUse connections lent out, by the pool's own count; -1 if it does not tell
   * @param pending threads waiting for a connection; -1 if it does not tell
   * @param maxSize the pool's maximum size; -1 if it does not tell
   */
  record Reading(long inUse, long pending, long maxSize) {}
}
