package io.poolagent.report;

import io.poolagent.report.Report.LeakCounts;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.ReportSet.Input;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar pool-agent.jar check [options] REPORT|DIR...}: the gate a pipeline puts after
 * its test run. Judges one report, or the reports of every JVM of a run together ({@link
 * ReportSet}), prints the summary and a verdict to standard output and exits with a code.
 *
 * <p>Exit codes (a contract: pipelines branch on them, so they never change meaning). Where several
 * apply, the first in this order wins; every reason is printed whatever the code:
 *
 * <ul>
 *   <li>{@code 2} - nothing could be judged: a file not there, unreadable, not JSON, not a report
 *       this version reads; a directory without a report; a bad option or baseline; a JUnit or
 *       baseline file that could not be written. One line on standard error names each.
 *   <li>{@code 1} - a leak that is suspected (still held past the threshold), collected
 *       (garbage-collected without {@code close()}) or open at exit, at a call site the baseline
 *       (if any) does not accept. Late returns alone pass, with a warning line.
 *   <li>{@code 4} - no such leak, but a threshold ({@code --max-wait-p95}, {@code --max-timeouts},
 *       {@code --max-open}, {@code --max-late-returns}) was exceeded or could not be measured.
 *   <li>{@code 3} - none of those, but the run was blind somewhere: the agent left some JDBC class
 *       unwoven or a woven call failed inside it, so leases may have gone untracked.
 *   <li>{@code 0} - pass.
 * </ul>
 *
 * <p>2 is kept apart from 1 so that a pipeline whose test never wrote a report does not read as
 * "leaks found" (nor, worse, as a pass). A measured failure (1, 4) outranks an unseen one (3).
 */
public final class ReportCheck {

  public static final int PASS = 0;
  public static final int LEAKS = 1;
  public static final int UNREADABLE = 2;
  public static final int BLIND = 3;
  public static final int THRESHOLD = 4;

  private static final String ERROR_PREFIX = "pool-agent check: ";

  private ReportCheck() {}

  /** Checks {@code report} and returns the exit code; see the class documentation. */
  public static int run(Path report, PrintStream out, PrintStream err) {
    return run(CheckOptions.of(report), out, err);
  }

  /** Checks what {@code options} name and returns the exit code; see the class documentation. */
  public static int run(CheckOptions options, PrintStream out, PrintStream err) {
    ReportSet set;
    try {
      set = ReportSet.load(options.inputs());
    } catch (ReportSet.UnreadableException e) {
      for (String problem : e.problems) {
        err.println(ERROR_PREFIX + problem);
      }
      return UNREADABLE;
    }
    Baseline baseline = null;
    if (options.baseline() != null) {
      try {
        baseline = Baseline.read(options.baseline());
      } catch (IOException e) {
        err.println(
            ERROR_PREFIX
                + "cannot read baseline "
                + options.baseline()
                + ": "
                + ReportSet.problem(e));
        return UNREADABLE;
      } catch (Baseline.FormatException e) {
        err.println(ERROR_PREFIX + "not a valid baseline: " + e.getMessage());
        return UNREADABLE;
      }
    }
    try {
      return judge(set, baseline, options, out);
    } catch (IOException e) {
      err.println(ERROR_PREFIX + "cannot write " + e.getMessage());
      return UNREADABLE;
    } catch (RuntimeException e) {
      // A bug of ours must not exit with the JVM's 1, which would read as "leaks found".
      err.println(ERROR_PREFIX + "internal error while checking " + options.inputs() + ": " + e);
      e.printStackTrace(err);
      return UNREADABLE;
    }
  }

  private static int judge(ReportSet set, Baseline baseline, CheckOptions options, PrintStream out)
      throws IOException {
    Report report = set.merged();
    if (set.inputs().size() > 1) {
      reportsLines(set).forEach(out::println);
    }
    ReportSummary.lines(report, null).forEach(out::println);
    if (options.writeBaseline() != null) {
      return writeBaseline(options.writeBaseline(), report, options, out);
    }
    List<Thresholds.Outcome> outcomes = Thresholds.evaluate(options.thresholds(), set);
    if (options.junit() != null) {
      try {
        JUnitXml.write(options.junit(), set, baseline, outcomes);
      } catch (IOException e) {
        throw new IOException(options.junit() + ": " + ReportSet.problem(e), e);
      }
    }
    int code = PASS;
    List<LeakSite> fresh = newLeakSites(report, baseline, options, out);
    long leaks = fresh.stream().mapToLong(s -> s.counts().failing()).sum();
    if (leaks > 0) {
      out.println(
          "FAIL: "
              + plural(leaks, "connection leak", "connection leaks")
              + (baseline == null
                  ? " (suspected, collected or open at exit)"
                  : " at "
                      + plural(fresh.size(), "call site", "call sites")
                      + " not in the baseline"));
      code = LEAKS;
    }
    for (Thresholds.Outcome o : outcomes) {
      out.println((o.passed() ? "ok: " : "FAIL: ") + o.line());
      if (!o.passed() && code == PASS) {
        code = THRESHOLD;
      }
    }
    Report.Coverage coverage = report.coverage();
    if (coverage != null && !coverage.complete()) {
      out.println("FAIL: " + blindText(coverage) + "; see the report's coverage section");
      if (code == PASS) {
        code = BLIND;
      }
    }
    if (code == PASS) {
      passLine(report, baseline, out);
    }
    return code;
  }

  /** Which reports were judged, and which of them are checkpoints. */
  private static List<String> reportsLines(ReportSet set) {
    List<String> lines = new ArrayList<>();
    lines.add(
        set.inputs().size()
            + " reports, judged as one run (leak call sites merged, pools per JVM):");
    for (Input input : set.inputs()) {
      Report r = input.report();
      lines.add(
          "  "
              + input.file()
              + ": pid "
              + r.pid()
              + (r.finalReport()
                  ? ", final report of " + r.generatedAt()
                  : ", a checkpoint of "
                      + r.generatedAt()
                      + ": the JVM had not exited (still running, or killed)"));
    }
    return lines;
  }

  /**
   * The failing sites the baseline does not accept (all of them without one), said site by site.
   */
  private static List<LeakSite> newLeakSites(
      Report report, Baseline baseline, CheckOptions options, PrintStream out) {
    List<LeakSite> fresh = new ArrayList<>();
    long accepted = 0;
    long acceptedSites = 0;
    for (LeakSite site : report.leakSites()) {
      if (site.counts().failing() == 0) {
        continue;
      }
      if (baseline != null && baseline.accepts(site.callSite())) {
        accepted += site.counts().failing();
        acceptedSites++;
      } else {
        fresh.add(site);
      }
    }
    if (baseline == null) {
      return fresh;
    }
    for (LeakSite site : fresh) {
      out.println("baseline: new leak call site: " + site.callSite());
    }
    for (String gone : baseline.gone(report.leakSites())) {
      out.println(
          "baseline: gone (no leak there now; remove it from " + options.baseline() + "): " + gone);
    }
    if (accepted > 0) {
      out.println(
          "baseline: "
              + plural(accepted, "connection leak", "connection leaks")
              + " at "
              + plural(acceptedSites, "call site", "call sites")
              + " accepted as known");
    }
    return fresh;
  }

  private static void passLine(Report report, Baseline baseline, PrintStream out) {
    LeakCounts totals = report.totals();
    if (baseline != null && totals.failing() > 0) {
      out.println(
          "PASS: no new connection leaks (every leak is at a call site the baseline accepts)");
    } else if (totals.lateReturns() > 0) {
      out.println(
          "PASS with a warning: "
              + totals.lateReturns()
              + (totals.lateReturns() == 1 ? " connection was" : " connections were")
              + " returned late (held past leakThreshold, then closed)");
    } else {
      out.println("PASS: no connection leaks");
    }
  }

  private static int writeBaseline(Path file, Report report, CheckOptions options, PrintStream out)
      throws IOException {
    String text = Baseline.text(report, sources(options));
    try {
      Path target = file.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Files.writeString(target, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(file + ": " + ReportSet.problem(e), e);
    }
    long sites = report.leakSites().stream().filter(s -> s.counts().failing() > 0).count();
    out.println(
        "wrote a baseline of "
            + plural(sites, "leak call site", "leak call sites")
            + " to "
            + file
            + "; say on each line why it is accepted");
    return PASS;
  }

  private static String sources(CheckOptions options) {
    List<String> names = new ArrayList<>();
    for (Path p : options.inputs()) {
      names.add(p.toString());
    }
    return String.join(", ", names);
  }

  /** A blind run in one line; the summary above says where. */
  static String blindText(Report.Coverage coverage) {
    return "not a clean run: the agent could not see everything ("
        + coverage.leftAloneClasses()
        + " JDBC classes left unwoven, "
        + coverage.failedCalls()
        + " woven calls failed)";
  }

  private static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
