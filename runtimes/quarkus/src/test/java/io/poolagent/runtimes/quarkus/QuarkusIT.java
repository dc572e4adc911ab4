package io.poolagent.runtimes.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.runtimes.harness.AgentJar;
import io.poolagent.runtimes.harness.JarRun;
import io.poolagent.runtimes.harness.LeakMarkers;
import io.poolagent.runtimes.harness.Postgres;
import io.poolagent.runtimes.harness.RunChecks;
import io.poolagent.runtimes.harness.SameAsWithoutAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus application as its users run it in JVM mode, {@code java -jar
 * target/quarkus-app/quarkus-run.jar}: its classes then come from Quarkus' own runner class
 * loader, its datasources are Agroal pools behind ArC's client proxies, its transactions
 * Narayana's. With the agent it must behave as without, and the one connection it leaks must be
 * reported at the service's line, in the pool Quarkus calls {@code <default>}.
 */
class QuarkusIT {

  private static final Path TARGET = Path.of(System.getProperty("poolagent.target", "target"));
  private static final Path RUNNER = TARGET.resolve("quarkus-app/quarkus-run.jar");
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

  /** Quarkus' name for the unnamed datasource, and the named one the application configures. */
  private static final String DEFAULT_POOL = "<default>";
  private static final String AUDIT_POOL = "audit";

  @Test
  void runsAsWithoutTheAgentAndReportsOnlyThePlantedLeakAtTheServiceLine() throws Exception {
    assertThat(RUNNER).as("the Quarkus build's runner jar; run the package phase").isRegularFile();
    Postgres.require();

    JarRun plain = run("without-agent", null);
    Path report = TARGET.resolve("runs/with-agent/report.json");
    JarRun withAgent = run("with-agent", AgentJar.option("leakThreshold=1s", report));
    String context = withAgent.describe("with the agent") + "\n" + plain.describe("without");

    assertThat(plain.exitCode()).as(context).isZero();
    assertThat(plain.output())
        .as(context)
        .contains("delivery rolled back: unknown supplier")
        .contains("audit events: 1")
        .contains("units counted over JDBC: 500")
        .endsWith("stock done\n");
    SameAsWithoutAgent.assertSame(
        plain.exitCode(), plain.output(), withAgent.exitCode(), withAgent.output(), context);
    RunChecks.assertNoLinkageErrors(withAgent.output(), context);

    Report r = RunChecks.report(report, context);
    RunChecks.assertCoverageComplete(r, context);
    String callSite =
        new LeakMarkers(Path.of(System.getProperty("poolagent.appSources"))).callSite("quarkus");
    RunChecks.assertOnlyLeaks(r, Map.of(callSite, 1L), DEFAULT_POOL, context);

    // One source per Quarkus datasource, by its Quarkus name; Agroal's physical connects under
    // them are no leases.
    assertThat(r.pools()).as(context).extracting(Report.PoolSummary::name)
        .containsExactlyInAnyOrder(DEFAULT_POOL, AUDIT_POOL);
    Report.PoolSummary stock = RunChecks.pool(r, DEFAULT_POOL, context);
    assertThat(stock.kind()).as(context).isEqualTo("agroal");
    assertThat(stock.pooling()).as(context).isTrue();
    // Every other lease came back, those Narayana returned at commit and at rollback included.
    assertThat(stock.returns()).as("returns; " + context).isEqualTo(stock.borrows() - 1);
    Report.PoolSummary audit = RunChecks.pool(r, AUDIT_POOL, context);
    assertThat(audit.borrows()).as(context).isEqualTo(2);
    assertThat(audit.returns()).as(context).isEqualTo(2);
  }

  private static JarRun run(String name, String agentOption) throws Exception {
    return JarRun.run(TARGET, name, agentOption, EXIT_TIMEOUT, RUNNER);
  }
}
