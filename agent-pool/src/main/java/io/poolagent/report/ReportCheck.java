package io.poolagent.report;

import io.poolagent.report.Report.LeakCounts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code java -jar pool-agent.jar check REPORT}: the gate a soak pipeline puts after its test run.
 * Prints the report's summary and a verdict line to standard output.
 *
 * <p>Exit codes (a contract: pipelines branch on them, so they never change meaning):
 *
 * <ul>
 *   <li>{@code 0} - no failing leak. Late returns alone (connections held past {@code
 *       leakThreshold}, then closed) pass, with a warning line.
 *   <li>{@code 1} - at least one leak that is suspected (still held past the threshold), collected
 *       (garbage-collected without {@code close()}) or open at exit.
 *   <li>{@code 2} - the report could not be checked: no such file, unreadable, not JSON, or not a
 *       report this version reads (a field missing or mistyped, a newer {@code schemaVersion}).
 *       One line on standard error names the file and the problem.
 *   <li>{@code 3} - no failing leak, but the run was blind somewhere: the agent left some JDBC
 *       class unwoven (its class loader could not see the agent, or it could not be woven) or a
 *       woven call failed inside the agent, so leases may have gone untracked. One line says
 *       which and how many; the report's {@code coverage} section lists them per class loader.
 * </ul>
 *
 * <p>2 is kept apart from 1 so that a pipeline whose test never wrote a report does not read as
 * "leaks found" (nor, worse, as a pass).
 */
public final class ReportCheck {

  public static final int PASS = 0;
  public static final int LEAKS = 1;
  public static final int UNREADABLE = 2;
  public static final int BLIND = 3;

  private static final String ERROR_PREFIX = "pool-agent check: ";

  private ReportCheck() {}

  /** Checks {@code report} and returns the exit code; see the class documentation. */
  public static int run(Path report, PrintStream out, PrintStream err) {
    Report parsed;
    try {
      parsed = ReportJson.read(report);
    } catch (IOException e) {
      err.println(ERROR_PREFIX + "cannot read " + report + ": " + problem(e));
      return UNREADABLE;
    } catch (ReportFormatException e) {
      // Its message starts with the file already.
      err.println(ERROR_PREFIX + "not a valid pool-agent report: " + e.getMessage());
      return UNREADABLE;
    }
    try {
      return verdict(parsed, out);
    } catch (RuntimeException e) {
      // A bug of ours must not exit with the JVM's 1, which would read as "leaks found".
      err.println(ERROR_PREFIX + "internal error while checking " + report + ": " + e);
      e.printStackTrace(err);
      return UNREADABLE;
    }
  }

  private static String problem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static int verdict(Report report, PrintStream out) {
    ReportSummary.lines(report, null).forEach(out::println);
    LeakCounts totals = report.totals();
    if (totals.failing() > 0) {
      out.println(
          "FAIL: "
              + totals.failing()
              + (totals.failing() == 1 ? " connection leak" : " connection leaks")
              + " (suspected, collected or open at exit)");
      return LEAKS;
    }
    Report.Coverage coverage = report.coverage();
    if (coverage != null && !coverage.complete()) {
      out.println(
          "FAIL: not a clean run: the agent could not see everything ("
              + coverage.leftAloneClasses()
              + " JDBC classes left unwoven, "
              + coverage.failedCalls()
              + " woven calls failed); see the report's coverage section");
      return BLIND;
    }
    if (totals.lateReturns() > 0) {
      out.println(
          "PASS with a warning: "
              + totals.lateReturns()
              + (totals.lateReturns() == 1 ? " connection was" : " connections were")
              + " returned late (held past leakThreshold, then closed)");
      return PASS;
    }
    out.println("PASS: no connection leaks");
    return PASS;
  }
}
