package io.poolagent.lease;

import java.util.List;

/**
 * A pool ran dry: a borrow timed out waiting for a connection. Says who holds the pool's
 * connections at that moment, grouped by where they were borrowed, because "request timed out
 * after 30000ms" alone never tells an engineer which code is sitting on the connections.
 *
 * @param pool the pool's name
 * @param detectedEpochNanos wall-clock time of the timeout
 * @param failure the pool's own timeout message, as it threw it
 * @param held how many leases of this pool were open
 * @param holders the open leases by call site, most connections first
 * @param collected connections of this pool the application dropped without {@code close()} and
 *     the collector took, by call site, most first: a pool that never gets them back (HikariCP)
 *     still counts them in use; empty for a pool that reclaims them (a managed pool's)
 * @param borrowContext what the {@link BorrowContext} captured on the thread that timed out, or
 *     null: the request that could not get a connection
 */
public record PoolExhaustion(
    String pool,
    long detectedEpochNanos,
    String failure,
    int held,
    List<Holder> holders,
    List<Holder> collected,
    Object borrowContext) {

  /**
   * Connections borrowed at one call site and still held (or, among {@code collected}, dropped).
   *
   * @param longestHeldNanos the longest hold among them; for collected ones, how long ago the
   *     first of them was borrowed
   * @param threads the threads that borrowed them, at most {@link Holders#MAX_THREADS}
   * @param stack one borrow stack from this site, innermost first; empty when none was sampled
   */
  public record Holder(
      String callSite, int count, long longestHeldNanos, List<String> threads, List<String> stack) {}
}
