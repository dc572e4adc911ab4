package io.poolagent.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pool's connections that the application dropped without {@code close()} and the collector
 * took. A pool that never gets such a connection back (HikariCP; any pool without its own
 * abandoned-connection removal) still counts it in use, for good: an exhausted pool has that many
 * connections fewer, and no open lease says so.
 *
 * <p>Counts by call site, not leases, so memory is bounded however many leak: at most {@link
 * #MAX_SITES} sites, the rest counted under {@link LeakLedger#OTHER_SITES}. Written by one thread
 * at a time (the sweeper, then the exit), read by any (an explained timeout, a live look).
 */
final class CollectedHolders {

  static final int MAX_SITES = 100;

  private final ConcurrentHashMap<String, Site> sites = new ConcurrentHashMap<>();

  /** A lease of this pool was collected: borrowed at {@code event}'s call site and thread. */
  void add(LeakEvent event, long borrowNanos) {
    String key =
        sites.size() < MAX_SITES || sites.containsKey(event.callSite())
            ? event.callSite()
            : LeakLedger.OTHER_SITES;
    Site seen = sites.get(key);
    List<String> threads = seen == null ? List.of() : seen.threads;
    if (threads.size() < Holders.MAX_THREADS && !threads.contains(event.thread())) {
      List<String> more = new ArrayList<>(threads);
      more.add(event.thread());
      threads = List.copyOf(more);
    }
    if (seen == null) {
      List<String> stack = event.stack();
      sites.put(
          key,
          new Site(
              1,
              borrowNanos,
              threads,
              List.copyOf(stack.subList(0, Math.min(Holders.MAX_FRAMES, stack.size())))));
    } else {
      sites.put(
          key,
          new Site(
              seen.count + 1, Math.min(seen.firstBorrowNanos, borrowNanos), threads, seen.stack));
    }
  }

  boolean isEmpty() {
    return sites.isEmpty();
  }

  /**
   * By call site, most connections first; each one's hold is how long ago its first connection
   * was borrowed.
   */
  List<PoolExhaustion.Holder> holders(long nowNanos) {
    List<PoolExhaustion.Holder> holders = new ArrayList<>();
    for (java.util.Map.Entry<String, Site> entry : sites.entrySet()) {
      Site site = entry.getValue();
      holders.add(
          new PoolExhaustion.Holder(
              entry.getKey(),
              site.count,
              nowNanos - site.firstBorrowNanos,
              site.threads,
              site.stack));
    }
    holders.sort((a, b) -> Integer.compare(b.count(), a.count()));
    return List.copyOf(holders);
  }

  private record Site(int count, long firstBorrowNanos, List<String> threads, List<String> stack) {}
}
