package io.poolagent.report;

import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.ReportSet.Input;
import io.poolagent.report.Threshold.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a run to its {@link Threshold}s: each limit against each pool it applies to, in each JVM.
 * Where a limit cannot be measured (a pool named that no report has, a limit no pool falls under)
 * it fails rather than passes: a gate that cannot see must not read as green.
 */
final class Thresholds {

  /**
   * One limit applied to one pool (or to the run, for late returns).
   *
   * @param name what was checked, for the JUnit test case: {@code max-wait-p95 HikariPool-1}
   * @param line the one line that says it: pool, measured value, limit, option
   */
  record Outcome(String name, boolean passed, String line) {}

  private Thresholds() {}

  static List<Outcome> evaluate(List<Threshold> thresholds, ReportSet set) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Threshold t : thresholds) {
      if (!t.kind().perPool) {
        long late = set.merged().totals().lateReturns();
        outcomes.add(outcome(t, "run", late, t.limit(), null));
        continue;
      }
      boolean seen = false;
      for (Input input : set.inputs()) {
        for (PoolSummary pool : input.report().pools()) {
          if (applies(t, pool, thresholds)) {
            seen = true;
            outcomes.add(measure(t, set.poolName(input, pool), pool));
          }
        }
      }
      if (!seen && t.pool() == null) {
        outcomes.add(
            new Outcome(
                name(t, "all pools"),
                false,
                t.kind().option
                    + " "
                    + t.limitText()
                    + " applies to no pool: "
                    + (t.kind() == Kind.WAIT_P95
                        ? "no report has a pooling source"
                        : t.kind() == Kind.TIMEOUTS
                            ? "no report has a pool whose timeouts the agent counts"
                            : "no report has a pool")
                    + " (pools: "
                    + poolNames(set)
                    + ")"));
      }
      if (!seen && t.pool() != null) {
        outcomes.add(
            new Outcome(
                name(t, t.pool()),
                false,
                "pool "
                    + t.pool()
                    + ": not in any report, so "
                    + t.kind().option
                    + " "
                    + t.pool()
                    + "="
                    + t.limitText()
                    + " cannot be checked (pools: "
                    + poolNames(set)
                    + ")"));
      }
    }
    return outcomes;
  }

  /**
   * A pool's own limit wins over the all-pools one of the same kind. The all-pools wait limit skips
   * sources that do not pool (their "wait" is the cost of a physical connect), the all-pools
   * timeouts limit those whose timeouts the agent does not recognise.
   */
  private static boolean applies(Threshold t, PoolSummary pool, List<Threshold> all) {
    if (t.pool() != null) {
      return t.pool().equals(pool.name());
    }
    if (t.kind() == Kind.WAIT_P95 && !pool.pooling()) {
      return false;
    }
    if (t.kind() == Kind.TIMEOUTS && (pool.advice() == null || pool.advice().timeouts() == null)) {
      // Named, such a pool fails as not measured; unnamed, it is one the limit cannot speak for.
      return false;
    }
    for (Threshold other : all) {
      if (other.kind() == t.kind() && pool.name().equals(other.pool())) {
        return false;
      }
    }
    return true;
  }

  private static Outcome measure(Threshold t, String poolName, PoolSummary pool) {
    switch (t.kind()) {
      case WAIT_P95:
        double p95 = pool.acquireMillis().p95();
        return outcome(t, poolName, p95, t.limit(), Millis.format(p95));
      case OPEN:
        return outcome(t, poolName, pool.open(), t.limit(), null);
      case TIMEOUTS:
        Long timeouts = pool.advice() == null ? null : pool.advice().timeouts();
        if (timeouts == null) {
          return new Outcome(
              name(t, poolName),
              false,
              "pool "
                  + poolName
                  + ": timeouts not measured (the agent does not recognise this pool's timeouts),"
                  + " so "
                  + t.kind().option
                  + " cannot be checked; name the pools it can measure");
        }
        return outcome(t, poolName, timeouts, t.limit(), null);
      default:
        throw new IllegalStateException(t.kind().toString());
    }
  }

  private static Outcome outcome(
      Threshold t, String subject, double measured, long limit, String measuredText) {
    boolean passed = measured <= limit;
    String value = measuredText != null ? measuredText : Long.toString((long) measured);
    String limitText = t.kind() == Kind.WAIT_P95 ? Millis.format(limit) : t.limitText();
    String where = t.kind().perPool ? "pool " + subject + ": " : "";
    String line =
        where
            + t.kind().measure
            + " "
            + value
            + (passed ? " <= " : " > ")
            + "limit "
            + limitText
            + " ("
            + t.kind().option
            + ")";
    return new Outcome(name(t, subject), passed, line);
  }

  private static String name(Threshold t, String subject) {
    String option = t.kind().option.substring(2);
    return t.kind().perPool ? option + " " + subject : option;
  }

  private static String poolNames(ReportSet set) {
    List<String> names = new ArrayList<>();
    for (Input input : set.inputs()) {
      for (PoolSummary pool : input.report().pools()) {
        if (!names.contains(pool.name())) {
          names.add(pool.name());
        }
      }
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
