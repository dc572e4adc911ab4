package io.poolagent.report;

import io.poolagent.report.Report.Advice;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * How big a pool should be, and whether it held the application up, from what one run observed.
 *
 * <p>The load, by Little's law, which holds whatever the distributions of arrivals and holds:
 *
 * <ul>
 *   <li>arrival rate λ = borrows / observed time (from the pool's first borrow to the report);
 *   <li>mean hold W = sum of the hold times of returned leases / their count (the histogram keeps
 *       the exact sum, so no percentile stands in for the mean);
 *   <li>mean in use L = λ·W, the average number of connections held at once.
 * </ul>
 *
 * <p>The suggested maximum is the smallest size c at which, were borrows to arrive at random
 * (Poisson) at rate λ and be held W on average, at most 1% of them would wait for a connection:
 * Erlang C(c, L) ≤ 1%, the M/M/c rule that sizes call centres and trunk groups; never below 2, so
 * that one slow query cannot stall every borrow. Why not a fixed utilisation such as L / 0.7: the
 * headroom a pool needs grows like √L, not like L, so a fixed ratio gives small pools too little
 * and large ones too much (for a mean of 1 in use it gives 2 connections, and one borrow in three
 * waits, where Erlang C says 5; for 100 in use it gives 143, where Erlang C says 125). Why not λ
 * times the p95 hold: that follows the shape of the hold distribution, not how many connections are
 * busy (exponential holds would triple it). Random arrivals are the kind case: bursts (one request
 * borrowing several times, a batch fanning out) need more, and that is what the observed waits
 * tell.
 *
 * <p>The bottleneck verdict is observed, not modelled: the pool was the bottleneck if a borrow
 * timed out, if the p95 time inside {@code getConnection} reached 1 ms (a pool hands an idle
 * connection over in microseconds, so a millisecond means at least one borrow in 20 waited for a
 * connection to come back or be made), or, when its maximum is known, if on average 90% or more of
 * it was in use (at 9 of 10, two random borrows in three would wait).
 *
 * <p>Too little data gives no numbers rather than noisy ones: the advice needs 100 returned leases
 * (a mean and a p95 of fewer are noise) over at least 5 s (less is a moment of start-up, not a
 * workload). A timeout is a fact however short the run, so it still makes the verdict.
 */
public final class SizingAdvice {

  static final long MIN_RETURNED_LEASES = 100;
  static final long MIN_OBSERVED_NANOS = 5_000_000_000L;
  static final double WAIT_THRESHOLD_MILLIS = 1.0;
  static final double TARGET_WAIT_PROBABILITY = 0.01;
  static final double SATURATED_SHARE = 0.9;
  static final int MIN_SUGGESTED_SIZE = 2;

  private static final int DECIMALS = 3;

  private SizingAdvice() {}

  /**
   * One pool's measurements at the time of the report.
   *
   * @param observedNanos from the pool's first borrow to the report
   * @param borrows leases started
   * @param returnedLeases leases ended by {@code close()} or evicted by their pool, whose hold
   *     times are summed
   * @param holdSumNanos the sum of their hold times
   * @param waitP95Millis p95 of the time inside {@code getConnection}
   * @param timeouts borrows the pool timed out, or null where its timeouts are not recognised
   * @param configuredMaxSize the pool's own maximum, or null when not known
   */
  public record Observed(
      long observedNanos,
      long borrows,
      long returnedLeases,
      long holdSumNanos,
      double waitP95Millis,
      Long timeouts,
      Integer configuredMaxSize) {}

  public static Advice of(Observed o) {
    double observedSeconds = o.observedNanos() / 1e9;
    boolean timedOut = o.timeouts() != null && o.timeouts() > 0;
    if (o.returnedLeases() < MIN_RETURNED_LEASES || o.observedNanos() < MIN_OBSERVED_NANOS) {
      String shortfall =
          o.returnedLeases()
              + " returned "
              + (o.returnedLeases() == 1 ? "lease" : "leases")
              + " over "
              + Millis.format(o.observedNanos() / 1e6)
              + "; the advice needs at least "
              + MIN_RETURNED_LEASES
              + " over at least "
              + Millis.format(MIN_OBSERVED_NANOS / 1e6);
      String reason =
          timedOut
              ? "pool was the bottleneck: "
                  + timeouts(o.timeouts())
                  + "; not enough data to suggest a maximum size ("
                  + shortfall
                  + ")"
              : "not enough data to advise: " + shortfall;
      return new Advice(
          round(observedSeconds),
          null,
          null,
          null,
          null,
          o.configuredMaxSize(),
          o.timeouts(),
          timedOut ? Boolean.TRUE : null,
          reason);
    }

    double arrivalsPerSecond = o.borrows() / observedSeconds;
    double meanHoldMillis = o.holdSumNanos() / 1e6 / o.returnedLeases();
    double meanInUse = arrivalsPerSecond * meanHoldMillis / 1000;
    int suggested = Math.max(MIN_SUGGESTED_SIZE, erlangCSize(meanInUse, TARGET_WAIT_PROBABILITY));
    Integer max = o.configuredMaxSize();

    List<String> evidence = new ArrayList<>();
    evidence.add("p95 wait " + Millis.format(o.waitP95Millis()));
    boolean slowWait = o.waitP95Millis() >= WAIT_THRESHOLD_MILLIS;
    boolean saturated = max != null && meanInUse >= SATURATED_SHARE * max;
    boolean bottleneck = timedOut || slowWait || saturated;
    if (timedOut) {
      evidence.add(timeouts(o.timeouts()));
    } else if (!bottleneck && o.timeouts() != null) {
      evidence.add("no timeouts");
    }
    if (saturated) {
      evidence.add(decimal(meanInUse) + " of " + max + " connections in use on average");
    }
    String verdict = bottleneck ? "pool was the bottleneck: " : "pool was not the bottleneck: ";
    StringBuilder reason =
        new StringBuilder(verdict)
            .append(String.join(", ", evidence))
            .append("; suggested maximum ")
            .append(suggested);
    if (max != null) {
      reason.append(" (now ").append(max).append(')');
      if (bottleneck && suggested <= max) {
        // The average load fits: what made borrows wait was not it, and a bigger pool may not help.
        reason.append("; the mean load fits in ").append(max).append(", so bursts or long holds");
        reason.append(" made borrows wait");
      }
    }
    return new Advice(
        round(observedSeconds),
        round(arrivalsPerSecond),
        round(meanHoldMillis),
        round(meanInUse),
        suggested,
        max,
        o.timeouts(),
        bottleneck,
        reason.toString());
  }

  /**
   * The smallest size {@code c} at which Erlang C, the probability that a borrow has to wait in an
   * M/M/c queue with offered load {@code load}, is at most {@code target}.
   */
  static int erlangCSize(double load, double target) {
    if (!(load >= 0) || Double.isInfinite(load)) {
      throw new IllegalArgumentException("load must be finite and not negative: " + load);
    }
    // Erlang B by its numerically stable recurrence, B(0) = 1, B(c) = L·B / (c + L·B); Erlang C
    // from it, C = c·B / (c - L·(1 - B)), defined once c > L. About L + 2.5·√L steps: a pool
    // with a million connections in use would still take only milliseconds, once, at exit.
    double blocking = 1;
    for (int c = 1; c < Integer.MAX_VALUE; c++) {
      blocking = load * blocking / (c + load * blocking);
      if (c > load && c * blocking / (c - load * (1 - blocking)) <= target) {
        return c;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** Rates and counts for people: 3 significant digits, whole numbers from 100 on. */
  public static String decimal(double value) {
    if (Math.abs(value) >= 99.5) {
      return Long.toString(Math.round(value));
    }
    if (value == 0) {
      return "0";
    }
    return BigDecimal.valueOf(value)
        .round(new MathContext(3, RoundingMode.HALF_UP))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String timeouts(long count) {
    return count + (count == 1 ? " timeout" : " timeouts");
  }

  /** As the JSON writes them, so that a report equals itself read back. */
  private static double round(double value) {
    return BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_UP).doubleValue();
  }
}
