package io.poolagent.frameworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.util.List;

/** What a user reads in the JSON report after a run, as assertions. */
final class ReportChecks {

  private ReportChecks() {}

  /** No leak in any state, and every connection source got back every connection it lent. */
  static void assertEveryConnectionReturned(Report report, String context) {
    assertThat(report.leakSites()).as("leak sites; " + context).isEmpty();
    assertThat(report.leaks()).as("leaks; " + context).isEmpty();
    assertThat(report.pools())
        .as("connection sources; " + context)
        .isNotEmpty()
        .allSatisfy(
            pool -> {
              assertThat(pool.borrows()).as(pool.name() + " borrows; " + context).isPositive();
              assertThat(pool.returns()).as(pool.name() + " returns; " + context)
                  .isEqualTo(pool.borrows());
              assertThat(pool.open()).as(pool.name() + " open; " + context).isZero();
            });
  }

  /**
   * The planted leak and no other that fails {@code check}: one leak, at the line marked {@code //
   * LEAK: <marker>}, from {@code pool}, in {@code state}. Late returns are warnings, not failures:
   * a legitimate hold longer than the short threshold of a leak run may produce one on a busy
   * machine, so they are not counted here.
   */
  static Report.Leak assertOnlyLeak(
      Report report, String marker, String pool, String state, String context) {
    String callSite = LeakMarkers.callSite(marker);
    assertThat(report.leakSites().stream().filter(s -> s.counts().failing() > 0))
        .as("call sites with leaks; " + context)
        .singleElement()
        .satisfies(
            site -> {
              assertThat(site.callSite()).isEqualTo(callSite);
              assertThat(site.counts().failing()).isEqualTo(1);
            });
    List<Report.Leak> failing =
        report.leaks().stream().filter(l -> !l.state().equals("late_return")).toList();
    assertThat(failing).as("leaks; " + context).hasSize(1);
    Report.Leak leak = failing.get(0);
    assertThat(leak.callSite()).as("call site; " + context).isEqualTo(callSite);
    assertThat(leak.pool()).as("pool; " + context).isEqualTo(pool);
    assertThat(leak.state()).as("state; " + context).isEqualTo(state);
    assertThat(leak.thread()).as("thread; " + context).isEqualTo("main");
    assertThat(leak.stack()).as("borrow stack; " + context).contains(callSite);
    return leak;
  }

  /** The one source named {@code name}; fails when there is none or more than one. */
  static Report.PoolSummary pool(Report report, String name, String context) {
    List<Report.PoolSummary> named =
        report.pools().stream().filter(p -> p.name().equals(name)).toList();
    assertThat(named).as("sources named " + name + "; " + context).hasSize(1);
    return named.get(0);
  }
}
