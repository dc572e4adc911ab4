package io.poolagent.lease;

import java.util.ArrayList;
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
    List<Lease> held = new ArrayList<>();
    for (Lease lease : openLeases.get()) {
      if (lease.source == source) {
        held.add(lease);
      }
    }
    return new PoolExhaustion(
        source.name(),
        clock.epochNanosOf(nowNanos),
        describe(failure),
        held.size(),
        Holders.of(held, nowNanos),
        source.collectedHolders().holders(nowNanos),
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
            + (exhaustion.holders().isEmpty() && !exhaustion.collected().isEmpty()
                ? "no open lease holds one of its connections"
                : exhaustion.holders().isEmpty()
                ? "no lease the agent tracks holds one of its connections (borrowed before the"
                    + " agent started, or the pool is busy with its own work)"
                : exhaustion.held()
                    + (exhaustion.held() == 1 ? " connection" : " connections")
                    + " held now, by call site:"));
    Holders.appendLines(lines, exhaustion.holders(), false);
    if (!exhaustion.collected().isEmpty()) {
      lines.add(collectedLine(exhaustion.pool(), Holders.count(exhaustion.collected())));
      Holders.appendLines(lines, exhaustion.collected(), true);
    }
    return lines;
  }

  /**
   * Says that {@code count} of the pool's connections went to leaks the collector took: the pool
   * may count them in use for good, and no open lease shows them.
   */
  static String collectedLine(String pool, int count) {
    return "pool "
        + pool
        + " also lost "
        + count
        + (count == 1 ? " connection" : " connections")
        + " to leaks: dropped without close() and garbage-collected, still counted in use by a pool"
        + " that does not remove abandoned connections (HikariCP never does), by call site:";
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
