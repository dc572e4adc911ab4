package io.poolagent.report;

import io.poolagent.report.Report.Advice;
import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakCounts;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.Percentiles;
import io.poolagent.report.Report.PoolSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The human summary of a report: what an engineer reads at the end of a soak test, on stderr at
 * exit and from {@code check}. Lines come without prefix; the caller adds {@code [pool-agent] }
 * where it needs one.
 *
 * <p>"Connection leaks" in the headline are the failing ones (suspected, collected, open at exit);
 * late returns are listed as warnings, so the headline agrees with {@link ReportCheck}'s verdict.
 * Output stays bounded however many sites leak: the JSON report has everything.
 */
public final class ReportSummary {

  /** Call sites shown with a sample; a long tail of sites is summed up in one line. */
  static final int MAX_SITES = 10;

  /** Frames of a sample stack printed; enough to pass the framework frames above the call site. */
  static final int MAX_FRAMES = 20;

  private static final String SITE_INDENT = "  ";
  private static final String SAMPLE_INDENT = "    ";
  private static final String FRAME_INDENT = "      ";

  private ReportSummary() {}

  /**
   * The summary, line by line.
   *
   * @param reportLocation where the JSON report was written, or {@code null} to not mention it
   */
  public static List<String> lines(Report report, String reportLocation) {
    List<String> lines = new ArrayList<>();
    lines.add(headline(report));
    if (!report.finalReport()) {
      lines.add(
          "a checkpoint of "
              + report.generatedAt()
              + ": the JVM had not exited (still running, or killed); connections open then past"
              + " leakThreshold count as suspected leaks");
    }
    blindSpots(report.coverage(), lines);
    if (reportLocation != null) {
      lines.add("JSON report: " + reportLocation);
    }
    leakSites(report, lines);
    if (report.leaksOmitted() > 0) {
      lines.add(
          SITE_INDENT
              + plural(report.leaksOmitted(), "more leak is", "more leaks are")
              + " counted above but not listed in the report (it keeps a few per call site)");
    }
    pools(report, lines);
    return lines;
  }

  /** Loaders named in the summary's blind spots; the JSON report has them all. */
  static final int MAX_BLIND_LOADERS = 5;

  /**
   * Right under the headline: a run where the agent could not see everything must not read as
   * clean, whatever the headline says.
   */
  private static void blindSpots(Report.Coverage coverage, List<String> lines) {
    if (coverage == null || coverage.complete()) {
      return;
    }
    if (coverage.leftAloneClasses() > 0) {
      long loaders = coverage.loaders().stream().filter(l -> l.leftAlone() > 0).count();
      lines.add(
          "blind spot: "
              + plural(coverage.leftAloneClasses(), "JDBC class", "JDBC classes")
              + " left unwoven in "
              + plural(loaders, "class loader", "class loaders")
              + "; connections through them were not tracked");
      coverage.loaders().stream()
          .filter(l -> l.leftAlone() > 0)
          .limit(MAX_BLIND_LOADERS)
          .forEach(
              l -> {
                Report.LeftAlone first = l.leftAloneClasses().get(0);
                lines.add(
                    SITE_INDENT
                        + l.loader()
                        + ": "
                        + first.className()
                        + (l.leftAlone() > 1 ? " and " + (l.leftAlone() - 1) + " more" : "")
                        + " ("
                        + first.reason()
                        + ")");
              });
    }
    if (coverage.failedCalls() > 0) {
      lines.add(
          "blind spot: "
              + plural(coverage.failedCalls(), "woven call", "woven calls")
              + " failed inside the agent (the application went on); leases may be missing");
    }
  }

  /** The summary's first line: the failing leaks, then late returns as a warning. */
  public static String headline(Report report) {
    LeakCounts totals = report.totals();
    String lateReturns = plural(totals.lateReturns(), "late return", "late returns");
    if (totals.failing() == 0) {
      if (totals.lateReturns() == 0) {
        return "no connection leaks";
      }
      return "no connection leaks; warning: "
          + lateReturns
          + " at "
          + plural(countSites(report, false), "call site", "call sites")
          + " (held past leakThreshold"
          + threshold(report)
          + ", then closed)";
    }
    List<String> states = new ArrayList<>();
    addState(states, totals.suspected(), "suspected", "suspected");
    addState(states, totals.collected(), "collected", "collected");
    addState(states, totals.openAtExit(), "open at exit", "open at exit");
    String headline =
        plural(totals.failing(), "connection leak", "connection leaks")
            + " at "
            + plural(countSites(report, true), "call site", "call sites")
            + ": "
            + String.join(", ", states);
    return totals.lateReturns() == 0 ? headline : headline + "; warning: " + lateReturns;
  }

  private static long countSites(Report report, boolean failing) {
    return report.leakSites().stream()
        .filter(site -> failing ? site.counts().failing() > 0 : site.lateReturns() > 0)
        .count();
  }

  private static String threshold(Report report) {
    String threshold = report.settings().get("leakThreshold");
    return threshold == null ? "" : " " + threshold;
  }

  private static void leakSites(Report report, List<String> lines) {
    List<LeakSite> sites = report.leakSites();
    for (LeakSite site : sites.subList(0, Math.min(MAX_SITES, sites.size()))) {
      lines.add(siteLine(site));
      Leak sample = sample(report.leaks(), site.callSite());
      if (sample != null) {
        sampleLines(sample, lines);
      }
    }
    if (sites.size() > MAX_SITES) {
      List<LeakSite> rest = sites.subList(MAX_SITES, sites.size());
      long leaks = rest.stream().mapToLong(site -> site.counts().failing()).sum();
      long late = rest.stream().mapToLong(LeakSite::lateReturns).sum();
      lines.add(
          SITE_INDENT
              + "... "
              + plural(rest.size(), "more call site", "more call sites")
              + " with "
              + plural(leaks, "leak", "leaks")
              + (late > 0 ? " and " + plural(late, "late return", "late returns") : "")
              + " (see the JSON report)");
    }
  }

  /**
   * A site's line counts what the headline counts: its failing leaks, with the late returns as a
   * warning beside them ("LEAK x10: ...; also 1 late return (warning)"), or, for a site with late
   * returns only, those ("LATE x1 late return (warning)").
   */
  static String siteLine(LeakSite site) {
    long failing = site.counts().failing();
    boolean warningOnly = failing == 0;
    List<String> states = new ArrayList<>();
    if (warningOnly) {
      addState(states, site.lateReturns(), "late return", "late returns");
    } else {
      addState(states, site.suspected(), "suspected", "suspected");
      addState(states, site.collected(), "collected", "collected");
      addState(states, site.openAtExit(), "open at exit", "open at exit");
    }
    long shown = warningOnly ? site.lateReturns() : failing;
    StringBuilder line = new StringBuilder(SITE_INDENT);
    line.append(warningOnly ? "LATE x" : "LEAK x").append(shown);
    if (states.size() == 1) {
      // One state needs no breakdown: "x3 open at exit".
      line.append(states.get(0).substring(Long.toString(shown).length()));
    } else {
      line.append(": ").append(String.join(", ", states));
    }
    if (warningOnly) {
      line.append(" (warning)");
    } else if (site.lateReturns() > 0) {
      line.append("; also ")
          .append(plural(site.lateReturns(), "late return", "late returns"))
          .append(" (warning)");
    }
    return line.append("  ").append(site.callSite()).toString();
  }

  /** A leak of the site that fails {@code check} if there is one, preferring one with a stack. */
  public static Leak sample(List<Leak> leaks, String callSite) {
    Leak best = null;
    int bestScore = -1;
    for (Leak leak : leaks) {
      if (!Objects.equals(leak.callSite(), callSite)) {
        continue;
      }
      int score = (isLateReturn(leak) ? 0 : 2) + (leak.stack().isEmpty() ? 0 : 1);
      if (score > bestScore) {
        best = leak;
        bestScore = score;
      }
    }
    return best;
  }

  static void sampleLines(Leak leak, List<String> lines) {
    lines.add(
        SAMPLE_INDENT
            + "e.g. "
            + stateText(leak.state())
            + ", pool "
            + leak.pool()
            + ", thread "
            // Quoted and escaped: a thread name may hold anything, even a line break.
            + (leak.thread() == null ? "unknown" : Json.quote(leak.thread()))
            + ", borrowed "
            + leak.borrowedAt()
            + ", held "
            + Millis.format(leak.heldMillis()));
    List<String> stack = leak.stack();
    if (stack.isEmpty()) {
      lines.add(FRAME_INDENT + "(no borrow stack: not sampled, see stackSampleRate)");
      return;
    }
    for (String frame : stack.subList(0, Math.min(MAX_FRAMES, stack.size()))) {
      lines.add(FRAME_INDENT + "at " + frame);
    }
    if (stack.size() > MAX_FRAMES) {
      lines.add(FRAME_INDENT + "... " + (stack.size() - MAX_FRAMES) + " more");
    }
  }

  private static void pools(Report report, List<String> lines) {
    if (report.pools().isEmpty()) {
      lines.add("pools: none seen");
      return;
    }
    lines.add("pools:");
    boolean managing = "manage".equals(report.settings().get("mode"));
    for (PoolSummary pool : report.pools()) {
      lines.add(
          SITE_INDENT
              + pool.name()
              + " ("
              + pool.kind()
              + "): borrows "
              + pool.borrows()
              + ", returns "
              + pool.returns()
              // Only where a pool evicted: most never do, and the line stays as it was.
              + (pool.evicted() > 0 ? ", evicted " + pool.evicted() : "")
              + ", open "
              + pool.open()
              + ", "
              + holdText(pool.holdMillis()));
      if (!pool.pooling()) {
        lines.add(
            SAMPLE_INDENT
                + "does not pool: every borrow opened a physical connection; "
                + connectText(pool.acquireMillis())
                + (managing ? "" : "; mode=manage would pool it"));
      }
      if (pool.reclaimed() != null && pool.reclaimed() > 0) {
        lines.add(
            SAMPLE_INDENT
                + "reclaimed "
                + pool.reclaimed()
                + " connection(s) the application dropped without close(); the pool refilled");
      }
      String timeline = TimelineSummary.line(pool);
      if (timeline != null) {
        lines.add(SAMPLE_INDENT + timeline);
      }
      if (pool.advice() != null) {
        adviceLines(pool.advice(), lines);
      }
    }
  }

  /** The verdict first, as a reader scans for it; then the load it rests on. */
  private static void adviceLines(Advice advice, List<String> lines) {
    lines.add(SAMPLE_INDENT + "sizing: " + advice.reason());
    if (advice.meanInUse() != null
        && advice.arrivalsPerSecond() != null
        && advice.meanHoldMillis() != null) {
      lines.add(
          SAMPLE_INDENT
              + "load: "
              + SizingAdvice.decimal(advice.meanInUse())
              + (advice.meanInUse() == 1 ? " connection" : " connections")
              + " in use on average ("
              + SizingAdvice.decimal(advice.arrivalsPerSecond())
              + " borrows/s, mean hold "
              + Millis.format(advice.meanHoldMillis())
              + ", over "
              + Millis.format(advice.observedSeconds() * 1000)
              + ")");
    }
  }

  private static String holdText(Percentiles hold) {
    if (hold.count() == 0) {
      return "no hold times yet";
    }
    return "hold p50 "
        + Millis.format(hold.p50())
        + ", p95 "
        + Millis.format(hold.p95())
        + ", max "
        + Millis.format(hold.max());
  }

  private static String connectText(Percentiles acquire) {
    if (acquire.count() == 0) {
      return "connect cost not measured";
    }
    return "connect p50 " + Millis.format(acquire.p50()) + ", p95 " + Millis.format(acquire.p95());
  }

  private static boolean isLateReturn(Leak leak) {
    return "late_return".equals(leak.state());
  }

  /** Leak states as the JSON spells them, in words. */
  public static String stateText(String state) {
    if (state == null) {
      return "unknown state";
    }
    return switch (state) {
      case "late_return" -> "late return";
      case "open_at_exit" -> "open at exit";
      default -> state;
    };
  }

  private static void addState(List<String> states, long count, String one, String many) {
    if (count > 0) {
      states.add(plural(count, one, many));
    }
  }

  private static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
