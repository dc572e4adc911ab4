package io.poolagent.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open leases grouped by the call site that borrowed them, with the longest hold, a few threads
 * and one stack per site: who holds a pool's connections, for an explained timeout and for a live
 * look. Materializes each lease's stack, so it runs only where that is paid for: a thread that
 * already waited out its pool's timeout, or a user who asked.
 */
final class Holders {

  static final int MAX_THREADS = 5;
  /** Frames of the one stack shown per call site: enough to see the path into the app. */
  static final int MAX_FRAMES = 12;

  private Holders() {}

  /** {@code leases} by call site, most connections first. */
  static List<PoolExhaustion.Holder> of(List<Lease> leases, long nowNanos) {
    Map<String, Site> bySite = new LinkedHashMap<>();
    for (Lease lease : leases) {
      StackTraceElement[] stack = StackCapture.materialize(lease.stack);
      String callSite = StackCapture.callSite(stack);
      Site site = bySite.get(callSite);
      if (site == null) {
        site = new Site();
        bySite.put(callSite, site);
      }
      site.count++;
      site.longest = Math.max(site.longest, nowNanos - lease.borrowNanos);
      String thread = lease.threadLabel();
      if (site.threads.size() < MAX_THREADS && !site.threads.contains(thread)) {
        site.threads.add(thread);
      }
      if (site.stack.isEmpty() && stack.length > 0) {
        site.stack = List.of(StackCapture.text(stack, MAX_FRAMES));
      }
    }
    List<PoolExhaustion.Holder> holders = new ArrayList<>(bySite.size());
    for (Map.Entry<String, Site> entry : bySite.entrySet()) {
      Site site = entry.getValue();
      holders.add(
          new PoolExhaustion.Holder(
              entry.getKey(), site.count, site.longest, List.copyOf(site.threads), site.stack));
    }
    holders.sort((a, b) -> Integer.compare(b.count(), a.count()));
    return List.copyOf(holders);
  }

  /** How many connections {@code holders} stand for. */
  static int count(List<PoolExhaustion.Holder> holders) {
    int count = 0;
    for (PoolExhaustion.Holder holder : holders) {
      count += holder.count();
    }
    return count;
  }

  /**
   * One line per call site and its stack.
   *
   * @param collected the connections were collected: their hold is how long ago they were
   *     borrowed, not a lease still running
   */
  static void appendLines(
      List<String> lines, List<PoolExhaustion.Holder> holders, boolean collected) {
    for (PoolExhaustion.Holder holder : holders) {
      lines.add(
          "  "
              + holder.count()
              + " borrowed at "
              + holder.callSite()
              + (collected ? ", the first " : ", longest held ")
              + (holder.longestHeldNanos() / 1_000_000)
              + (collected ? " ms ago" : " ms")
              + ", thread"
              + (holder.threads().size() == 1 ? " " : "s ")
              + String.join(", ", holder.threads()));
      for (String frame : holder.stack()) {
        lines.add("      at " + frame);
      }
    }
  }

  private static final class Site {
    int count;
    long longest;
    final List<String> threads = new ArrayList<>();
    List<String> stack = List.of();
  }
}
