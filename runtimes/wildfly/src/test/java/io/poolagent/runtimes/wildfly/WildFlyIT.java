package io.poolagent.runtimes.wildfly;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.runtimes.harness.AgentJar;
import io.poolagent.runtimes.harness.LeakMarkers;
import io.poolagent.runtimes.harness.RunChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WildFly as its users run it: {@code bin/standalone.sh}, the agent added in {@code
 * bin/standalone.conf}, a WAR dropped into {@code deployments/}, on the datasource WildFly ships
 * ({@code ExampleDS}: IronJacamar's pool over H2), beside an unused one that fills itself at
 * start ({@link WildFlyServer#PREFILLED_DATA_SOURCE}). Under JBoss Modules a class sees only the
 * modules it depends on, so the woven code of the WAR, of WildFly's datasource and of the H2 module
 * must still reach the agent's bridge. One boot without the agent is the reference; each way of
 * adding the agent is one more boot.
 */
class WildFlyIT {

  private static final String POOL = "ExampleDS";
  private static final String SETTINGS = "leakThreshold=1s";

  private static String leakSite;
  private static WildFlyServer.Run reference;

  @BeforeAll
  static void runWithoutTheAgent() throws Exception {
    leakSite =
        new LeakMarkers(Path.of(System.getProperty("poolagent.appSources"))).callSite("servlet");
    reference = WildFlyServer.fromBuild().run("without-agent", "", null);
    String context = reference.describe();
    assertThat(reference.startedCleanly()).as("started without errors; " + context).isTrue();
    assertThat(reference.query().status()).as(context).isEqualTo(200);
    assertThat(reference.query().body()).as(context).isEqualTo("the answer is 42\n");
    assertThat(reference.leak().status()).as(context).isEqualTo(200);
    assertThat(reference.leak().body()).as(context).isEqualTo("borrowed and kept: 1\n");
    assertThat(reference.queryAgain()).as(context).isEqualTo(reference.query());
    assertThat(reference.exitCode()).as("exit code on SIGTERM; " + context).isZero();
    reference.assertNoLinkageErrors();
    // IJ000610 "Unable to fill pool": the prefilled datasource would then test nothing.
    assertThat(Files.readString(reference.serverLog())).as("server.log").doesNotContain("IJ000610");
  }

  /**
   * What users add first, as the comments of {@code standalone.conf} show for other agents. The
   * datasource's statistics are off, as WildFly ships it: its counts of connections are not known,
   * and no metric gives their zeros; the agent's own count of used ones stands in.
   */
  @Test
  void agentInJavaOpts() throws Exception {
    WildFlyServer server = WildFlyServer.fromBuild();
    Path report = server.reportPath("java-opts");
    String line = "JAVA_OPTS=\"$JAVA_OPTS " + AgentJar.option(SETTINGS, report) + "\"";

    WildFlyServer.Run run = server.run("java-opts", line, new WildFlyServer.Metrics(false));

    assertUnchangedAndLeakReported(run, report);
    PoolMetrics metrics = PoolMetrics.of(run.metrics(), POOL);
    String context = "metrics:\n" + run.metrics();
    assertThat(metrics.value("db_client_connection_count", "used")).as(context).isEqualTo(1);
    assertThat(metrics.value("db_client_connection_count", "idle")).as(context).isNull();
    assertThat(metrics.value("db_client_connection_max", null)).as(context).isEqualTo(20);
    assertThat(metrics.value("db_client_connection_pending_requests", null)).as(context).isZero();
  }

  /**
   * What {@code standalone.conf} recommends for an agent: {@code jboss-modules.jar} then starts
   * first, as an agent itself, and loads this one after the log manager is set up.
   */
  @Test
  void agentInModuleOpts() throws Exception {
    WildFlyServer server = WildFlyServer.fromBuild();
    Path report = server.reportPath("module-opts");
    String line = "MODULE_OPTS=\"" + AgentJar.option(SETTINGS, report) + "\"";

    WildFlyServer.Run run = server.run("module-opts", line, new WildFlyServer.Metrics(true));

    assertUnchangedAndLeakReported(run, report);
    // With statistics on, IronJacamar counts: the leaked connection in use, and the one the two
    // queries shared (the leak took the first query's) idle.
    PoolMetrics metrics = PoolMetrics.of(run.metrics(), POOL);
    String context = "metrics:\n" + run.metrics();
    assertThat(metrics.value("db_client_connection_count", "used")).as(context).isEqualTo(1);
    assertThat(metrics.value("db_client_connection_count", "idle")).as(context).isEqualTo(1);
    assertThat(metrics.value("db_client_connection_max", null)).as(context).isEqualTo(20);
    assertThat(metrics.value("db_client_connection_pending_requests", null)).as(context).isZero();
  }

  private static void assertUnchangedAndLeakReported(WildFlyServer.Run run, Path reportFile)
      throws Exception {
    String context = run.describe();
    assertThat(run.startedCleanly()).as("started without errors; " + context).isTrue();
    assertThat(run.query()).as("/query as without the agent; " + context)
        .isEqualTo(reference.query());
    assertThat(run.leak()).as("/leak as without the agent; " + context)
        .isEqualTo(reference.leak());
    assertThat(run.queryAgain()).as("/query after the leak; " + context)
        .isEqualTo(reference.query());
    assertThat(run.exitCode()).as("exit code on SIGTERM; " + context)
        .isEqualTo(reference.exitCode());
    run.assertNoLinkageErrors();

    Report report = RunChecks.report(reportFile, context);
    assertThat(report.coverage().complete())
        .as("every JDBC class woven, in every module's loader: %s; %s", report.coverage(), context)
        .isTrue();
    RunChecks.assertOnlyLeaks(report, Map.of(leakSite, 1L), POOL, context);
    assertThat(report.totals().all())
        .as("no other leak, nor late return (a prefilled connection closed at exit); " + context)
        .isEqualTo(1);
    assertThat(report.pools())
        .extracting(Report.PoolSummary::name)
        .as("sources; the prefilled datasource's physical connects are none; " + context)
        .containsExactly(POOL);
    Report.PoolSummary pool = RunChecks.pool(report, POOL, context);
    assertThat(pool.kind()).as("the pool's kind; " + context).isEqualTo("ironjacamar");
    assertThat(pool.borrows()).as("two queries and the leak; " + context).isEqualTo(3);
    assertThat(pool.returns()).as("the queries' connections; " + context).isEqualTo(2);
  }
}
