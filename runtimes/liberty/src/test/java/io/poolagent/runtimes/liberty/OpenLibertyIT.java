package io.poolagent.runtimes.liberty;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.runtimes.harness.AgentJar;
import io.poolagent.runtimes.harness.LeakMarkers;
import io.poolagent.runtimes.harness.RunChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Open Liberty with the agent on its {@code jvm.options} line, a WAR on a server.xml {@code
 * <dataSource>}: Liberty's JDBC code runs in an OSGi bundle on Equinox, and its pool hands the
 * application one data source per resource reference. The server boots twice, once without the
 * agent and once with it; each test holds the two runs against one thing a user checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenLibertyIT {

  private static final String POOL = "jdbc/test";
  /** Injected, looked up, injected again, then the planted leak. */
  private static final List<String> REQUESTS = List.of("query", "lookup", "query", "leak");

  private LibertyServer.Run plain;
  private LibertyServer.Run withAgent;
  private Path reportFile;
  private String context;

  @BeforeAll
  void runWithoutThenWithTheAgent() throws Exception {
    LibertyServer liberty = LibertyServer.fromBuild();
    plain = liberty.run("pool-plain", null, REQUESTS);
    reportFile = liberty.target().resolve("pool-agent-report.json");
    Files.deleteIfExists(reportFile);
    withAgent =
        liberty.run("pool-agent", AgentJar.option("leakThreshold=1s", reportFile), REQUESTS);
    context = withAgent.describe() + "\n--- without the agent ---\n" + plain.describe();
  }

  @Test
  void answersAndStopsAsWithoutTheAgent() {
    assertThat(plain.responses())
        .as("the application itself, without the agent; " + context)
        .containsExactly(
            "200 items: 3 in H2",
            "200 items: 3 in H2",
            "200 items: 3 in H2",
            "200 items seen by a connection never closed: 3");
    assertThat(withAgent.responses()).as(context).isEqualTo(plain.responses());
    assertThat(withAgent.exitCode()).as("exit code; " + context).isEqualTo(plain.exitCode());
  }

  @Test
  void logsNoLinkageError() throws Exception {
    for (LibertyServer.Run run : List.of(plain, withAgent)) {
      assertThat(run.logs().resolve("messages.log"))
          .as("Liberty's log; " + context)
          .isRegularFile();
      RunChecks.assertNoLinkageErrors(run.console(), "console of " + run.name() + "; " + context);
      // messages.log, and the FFDC incidents Liberty writes for the errors it catches.
      RunChecks.assertNoLinkageErrorsUnder(run.logs(), context);
    }
  }

  /**
   * Liberty's JDBC bundle is woven, not left alone: its data source's {@code getConnection}, and
   * the {@code close()} its connection handles inherit from {@code WSJdbcObject}, a class that is
   * no {@code Connection} (statements and result sets extend it too). Without that close, every
   * borrow would look like a leak.
   */
  @Test
  void weavesTheBorrowAndTheCloseOfLibertysJdbcBundle() throws Exception {
    Report report = RunChecks.report(reportFile, context);
    RunChecks.assertCoverageComplete(report, context);
    Report.Coverage coverage = report.coverage();
    assertThat(coverage.loaders())
        .as("coverage " + coverage + "; " + context)
        .flatExtracting(Report.LoaderCoverage::wovenClasses)
        .contains(
            "com.ibm.ws.rsadapter.jdbc.WSJdbcDataSource", "com.ibm.ws.rsadapter.jdbc.WSJdbcObject");
  }

  @Test
  void reportsExactlyThePlantedLeakAtTheServletsLine() throws Exception {
    Report report = RunChecks.report(reportFile, context);
    String servletLine = new LeakMarkers(LibertyServer.appSources()).callSite("servlet");
    RunChecks.assertOnlyLeaks(report, Map.of(servletLine, 1L), POOL, context);
    assertThat(report.leaks())
        .as("the leaked connection is still held when the server stops; " + context)
        .singleElement()
        .satisfies(leak -> assertThat(leak.state()).isEqualTo("open_at_exit"));
  }

  /**
   * One {@code <dataSource>} is one pool, whether the application got it injected or looked it
   * up: Liberty hands out a data source object per resource reference, all over one pool.
   */
  @Test
  void reportsTheDataSourceAsOnePoolNamedByItsJndiName() throws Exception {
    Report report = RunChecks.report(reportFile, context);
    Report.PoolSummary pool = RunChecks.pool(report, POOL, context);
    assertThat(pool.kind()).as(context).isEqualTo("liberty");
    assertThat(pool.pooling()).as(context).isTrue();
    assertThat(report.pools())
        .as("sources in the report; " + context)
        .extracting(Report.PoolSummary::name)
        .containsExactly(POOL);
    assertThat(pool.borrows()).as("borrows; " + context).isEqualTo(REQUESTS.size());
    assertThat(pool.returns()).as("returns; " + context).isEqualTo(REQUESTS.size() - 1);
  }
}
