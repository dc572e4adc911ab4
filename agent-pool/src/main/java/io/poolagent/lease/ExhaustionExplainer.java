package io.poolagent.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Explains a pool timeout by listing the open leases of that pool, grouped by call site. Runs on
 * the thread whose borrow just timed out, which has already waited for the pool's whole timeout:
 * materializing a few stacks costs it little. Timeouts come in storms (every waiting thread times
 * out at once), so each pool is explained at most once per {@link #QUIET_NANOS}.
 */
final class ExhaustionExplainer {

  static final long QUIET_NANOS = 10_000_000_000L;
  static final int MAX_THREADS = 5;
  /** Frames of the one stack shown per call site: enough to see the path into the app. */
  static final int MAX_FRAMES = 12;

  private final Clock clock;
  private final Map<ConnectionSource, AtomicLong> lastExplained = new ConcurrentHashMap<>();

  ExhaustionExplainer(Clock clock) {
    this.clock = clock;
  }

  /** The explanation, or null when this pool was explained less than a quiet period ago. */
  PoolExhaustion explain(
      ConnectionSource source,
      Throwable failure,
      Supplier<List<Lease>> openLeases,
      BorrowContext context,
      long nowNanos) {
    AtomicLong last = lastExplained.computeIfAbsent(source, s -> new AtomicLong(nowNanos - QUIET_NANOS));
    long previous = last.get();
    if (nowNanos - previous < QUIET_NANOS || !last.compareAndSet(previous, nowNanos)) {
      return null;
    }
    Map<String, List<Lease>> bySite = new LinkedHashMap<>();
    Map<String, List<String>> stackBySite = new LinkedHashMap<>();
    int held = 0;
    for (Lease lease : openLeases.get()) {
      if (lease.source != source) {
        continue;
      }
      held++;
      StackTraceElement[] stack = StackCapture.materialize(lease.stack);
      String site = StackCapture.callSite(stack);
      bySite.computeIfAbsent(site, s -> new ArrayList<>()).add(lease);
      if (stack.length > 0) {
        stackBySite.computeIfAbsent(site, s -> List.of(StackCapture.text(stack, MAX_FRAMES)));
      }
    }
    List<PoolExhaustion.Holder> holders = new ArrayList<>();
    for (Map.Entry<String, List<Lease>> site : bySite.entrySet()) {
      long longest = 0;
      List<String> threads = new ArrayList<>();
      for (Lease lease : site.getValue()) {
        longest = Math.max(longest, nowNanos - lease.borrowNanos);
        String thread = lease.threadLabel();
        if (threads.size() < MAX_THREADS && !threads.contains(thread)) {
          threads.add(thread);
        }
      }
      holders.add(
          new PoolExhaustion.Holder(
              site.getKey(),
              site.getValue().size(),
              longest,
              List.copyOf(threads),
              stackBySite.getOrDefault(site.getKey(), List.of())));
    }
    holders.sort((a, b) -> Integer.compare(b.count(), a.count()));
    return new PoolExhaustion(
        source.name(),
        clock.epochNanosOf(nowNanos),
        describe(failure),
        held,
        List.copyOf(holders),
        context == null ? null : context.capture());
  }

  /** The lines the agent prints: one for the timeout, then one per call site and its stack. */
  static List<String> lines(PoolExhaustion exhaustion) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "pool "
            + exhaustion.pool()
            + " exhausted: a borrow timed out ("
            + exhaustion.failure()
            + "); "
            + (exhaustion.holders().isEmpty()
                ? "no lease the agent tracks holds one of its connections (borrowed before the"
                    + " agent started, or the pool is busy with its own work)"
                : exhaustion.held()
                    + (exhaustion.held() == 1 ? " connection" : " connections")
                    + " held now, by call site:"));
    for (PoolExhaustion.Holder holder : exhaustion.holders()) {
      lines.add(
          "  "
              + holder.count()
              + " borrowed at "
              + holder.callSite()
              + ", longest held "
              + (holder.longestHeldNanos() / 1_000_000)
              + " ms, thread"
              + (holder.threads().size() == 1 ? " " : "s ")
              + String.join(", ", holder.threads()));
      for (String frame : holder.stack()) {
        lines.add("      at " + frame);
      }
    }
    return lines;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
