package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one scenario in a child JVM with the agent and checks the report the way a user would:
 * the exact leaks per state, the call site of each, the pool, and that every borrow is accounted.
 */
final class ScenarioRun {

  private ScenarioRun() {}

  /** Runs {@code java -javaagent:... -jar agent-testapp.jar} with the scenario. */
  static Report runAndVerify(Jdk jdk, Scenario scenario, String db, String via, String... appArgs)
      throws Exception {
    return runAndVerify(jdk, scenario, db, via, ChildJvm::testApp, appArgs);
  }

  /**
   * Runs the scenario in the JVM that {@code launcher} makes from the test app's arguments (another
   * class path, environment variables...); the agent and the JDK are set here.
   */
  static Report runAndVerify(
      Jdk jdk,
      Scenario scenario,
      String db,
      String via,
      Function<String[], ChildJvm> launcher,
      String... appArgs)
      throws Exception {
    Databases.requireReachable(db);
    Outcome expected =
        PoolUnderTest.byVia(via).map(pool -> pool.outcome(scenario)).orElse(scenario.outcome());
    Path dir = Files.createTempDirectory("pool-agent-it-");
    Path reportFile = dir.resolve("report.json");
    List<String> args = new ArrayList<>(List.of("--scenario", scenario.cliName, "--db", db, "--via", via));
    args.addAll(scenario.extraArgs());
    args.addAll(List.of(appArgs));
    ChildJvm.Result result =
        launcher
            .apply(args.toArray(String[]::new))
            .on(jdk)
            .withAgent("leakThreshold=" + Scenario.THRESHOLD + ",report=" + reportFile)
            .in(dir)
            .run();
    String context = jdk + " " + String.join(" ", args) + "\n" + result.describe();

    assertThat(result.exitCode()).as(context).isZero();
    assertThat(result.stdout()).as(context).contains("scenario " + scenario.cliName + " done");
    Report report = ChildJvm.readReport(reportFile, result);
    Report.LeakCounts totals = report.totals();
    assertThat(totals.suspected()).as("suspected leaks; " + context).isEqualTo(expected.suspected());
    assertThat(totals.lateReturns()).as("late returns; " + context).isEqualTo(expected.lateReturns());
    assertThat(totals.collected()).as("collected leaks; " + context).isEqualTo(expected.collected());
    assertThat(totals.openAtExit()).as("open at exit; " + context).isEqualTo(expected.openAtExit());

    if (expected.leaks() > 0) {
      String callSite = LeakMarkers.callSite(scenario.cliName);
      assertThat(report.leakSites())
          .as("every leak at the scenario's marked line; " + context)
          .singleElement()
          .satisfies(site -> assertThat(site.callSite()).isEqualTo(callSite));
      assertThat(report.leaks()).as(context).hasSize((int) expected.leaks());
      for (Report.Leak leak : report.leaks()) {
        assertThat(leak.callSite()).isEqualTo(callSite);
        assertThat(leak.stack()).as("borrow stack; " + context).contains(callSite);
        assertThat(leak.heldMillis()).as(context).isPositive();
      }
    } else {
      assertThat(report.leakSites()).as(context).isEmpty();
      assertThat(report.leaks()).as(context).isEmpty();
    }
    verifyPool(report, scenario, expected, db, via, context);
    assertThat(result.agentLines())
        .as("the agent's summary; " + context)
        .anyMatch(l -> l.contains(expected.failingLeaks() == 0 ? "no connection leaks" : "connection leaks"));
    return report;
  }

  /**
   * One source, of the right kind, with every borrow accounted for, and no more borrows than the
   * app made: a pool's own physical connects (HikariCP's creator thread calling the driver, c3p0's
   * helper threads...) are not leases.
   */
  private static void verifyPool(
      Report report, Scenario scenario, Outcome expected, String db, String via, String context) {
    assertThat(report.pools()).as("connection sources; " + context).hasSize(1);
    Report.PoolSummary pool = report.pools().get(0);
    Optional<PoolUnderTest> known = PoolUnderTest.byVia(via);
    if (known.isPresent()) {
      assertThat(pool.name()).as(context).isEqualTo(known.get().reportName);
      assertThat(pool.kind()).as(context).isEqualTo(known.get().kind);
      assertThat(pool.pooling()).isTrue();
    } else if (via.equals("datasource")) {
      assertThat(pool.kind()).isEqualTo("datasource");
      assertThat(pool.pooling()).isFalse();
    } else {
      assertThat(pool.name()).startsWith("DriverManager(jdbc:" + (db.equals("postgres") ? "postgresql" : db));
      assertThat(pool.kind()).isEqualTo("drivermanager");
      assertThat(pool.pooling()).isFalse();
    }
    long neverReturned = expected.collected() + expected.openAtExit();
    if (scenario.borrows().isPresent()) {
      assertThat(pool.borrows()).as("borrows; " + context).isEqualTo(scenario.borrows().getAsLong());
    } else {
      assertThat(pool.borrows()).as(context).isPositive();
    }
    assertThat(pool.returns()).as("returns; " + context).isEqualTo(pool.borrows() - neverReturned);
    assertThat(pool.evicted()).as("no scenario here hands a connection back but by close(); " + context).isZero();
    assertThat(pool.open()).as("open at exit; " + context).isEqualTo(expected.openAtExit());
    assertThat(pool.holdMillis().count()).as(context).isEqualTo(pool.returns());
  }
}
