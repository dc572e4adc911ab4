package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario in a child JVM with the agent and checks the report the way a user would:
 * the exact leaks per state, the call site of each, the pool, and that every borrow is accounted.
 */
final class ScenarioRun {

  private ScenarioRun() {}

  static Report runAndVerify(Jdk jdk, Scenario scenario, String db, String via, String... appArgs)
      throws Exception {
    Databases.requireReachable(db);
    Path dir = Files.createTempDirectory("pool-agent-it-");
    Path reportFile = dir.resolve("report.json");
    List<String> args = new ArrayList<>(List.of("--scenario", scenario.cliName, "--db", db, "--via", via));
    args.addAll(scenario.extraArgs());
    args.addAll(List.of(appArgs));
    ChildJvm.Result result =
        ChildJvm.testApp(args.toArray(String[]::new))
            .on(jdk)
            .withAgent("leakThreshold=" + Scenario.THRESHOLD + ",report=" + reportFile)
            .in(dir)
            .run();
    String context = jdk + " " + String.join(" ", args) + "\n" + result.describe();

    assertThat(result.exitCode()).as(context).isZero();
    assertThat(result.stdout()).as(context).contains("scenario " + scenario.cliName + " done");
    Report report = ChildJvm.readReport(reportFile, result);
    Report.LeakCounts totals = report.totals();
    assertThat(totals.suspected()).as("suspected leaks; " + context).isEqualTo(scenario.suspected);
    assertThat(totals.lateReturns()).as("late returns; " + context).isEqualTo(scenario.lateReturns);
    assertThat(totals.collected()).as("collected leaks; " + context).isEqualTo(scenario.collected);
    assertThat(totals.openAtExit()).as("open at exit; " + context).isEqualTo(scenario.openAtExit);

    if (scenario.leaks() > 0) {
      String callSite = LeakMarkers.callSite(scenario.cliName);
      assertThat(report.leakSites())
          .as("every leak at the scenario's marked line; " + context)
          .singleElement()
          .satisfies(site -> assertThat(site.callSite()).isEqualTo(callSite));
      assertThat(report.leaks()).as(context).hasSize((int) scenario.leaks());
      for (Report.Leak leak : report.leaks()) {
        assertThat(leak.callSite()).isEqualTo(callSite);
        assertThat(leak.stack()).as("borrow stack; " + context).contains(callSite);
        assertThat(leak.heldMillis()).as(context).isPositive();
      }
    } else {
      assertThat(report.leakSites()).as(context).isEmpty();
      assertThat(report.leaks()).as(context).isEmpty();
    }
    verifyPool(report, scenario, db, via, context);
    assertThat(result.agentLines())
        .as("the agent's summary; " + context)
        .anyMatch(l -> l.contains(scenario.failingLeaks() == 0 ? "no connection leaks" : "connection leaks"));
    return report;
  }

  /**
   * One source, of the right kind, with every borrow accounted for. With HikariCP this also proves
   * that the pool's own physical connects (its creator thread calling the driver) are not leases.
   */
  private static void verifyPool(Report report, Scenario scenario, String db, String via, String context) {
    assertThat(report.pools()).as("connection sources; " + context).hasSize(1);
    Report.PoolSummary pool = report.pools().get(0);
    switch (via) {
      case "hikari":
        assertThat(pool.name()).isEqualTo("testapp-hikari");
        assertThat(pool.kind()).isEqualTo("hikari");
        assertThat(pool.pooling()).isTrue();
        break;
      case "datasource":
        assertThat(pool.kind()).isEqualTo("datasource");
        assertThat(pool.pooling()).isFalse();
        break;
      default:
        assertThat(pool.name()).startsWith("DriverManager(jdbc:" + (db.equals("postgres") ? "postgresql" : db));
        assertThat(pool.kind()).isEqualTo("drivermanager");
        assertThat(pool.pooling()).isFalse();
    }
    long neverReturned = scenario.collected + scenario.openAtExit;
    assertThat(pool.borrows()).as(context).isPositive();
    assertThat(pool.returns()).as("returns; " + context).isEqualTo(pool.borrows() - neverReturned);
    assertThat(pool.open()).as("open at exit; " + context).isEqualTo(scenario.openAtExit);
    assertThat(pool.holdMillis().count()).as(context).isEqualTo(pool.returns());
  }
}
