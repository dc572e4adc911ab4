package io.poolagent.frameworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.frameworks.jooq.InventoryApp;
import io.poolagent.report.Report;
import org.junit.jupiter.api.Test;

/**
 * The jOOQ program over PostgreSQL's non-pooling {@code PGSimpleDataSource} with the agent
 * attached: unchanged behaviour, no false leak, and a leak through jOOQ's {@code
 * ConnectionProvider} reported at the program's own line.
 */
class JooqIT {

  private static final String SCHEMA = "frameworks_jooq";
  /** Non-pooling sources are named by class and URL. */
  private static final String SOURCE = "PGSimpleDataSource(" + Databases.URL + ")";

  @Test
  void runsAsWithoutTheAgentAndGetsEveryConnectionBack() throws Exception {
    Databases.dropSchema(SCHEMA);
    Program.Result plain = Program.of(InventoryApp.class).runWithoutAgent();
    Databases.dropSchema(SCHEMA);
    Program.Result withAgent = Program.of(InventoryApp.class).runWithAgent("leakThreshold=30s");
    String context = withAgent.describe() + "\n--- without the agent ---\n" + plain.describe();

    SameAsWithoutAgent.assertSame(plain, withAgent, context);
    assertThat(withAgent.stdout())
        .as(context)
        .contains("moved: 5 bolt to nut", "move rolled back: not enough nut", "  washer 50")
        .endsWith("inventory done\n");

    Report report = withAgent.report();
    ReportChecks.assertEveryConnectionReturned(report, context);
    assertThat(report.pools()).as(context).singleElement().satisfies(pool -> {
      assertThat(pool.name()).isEqualTo(SOURCE);
      assertThat(pool.kind()).isEqualTo("datasource");
      assertThat(pool.pooling()).isFalse();
    });
  }

  @Test
  void reportsTheLeakThroughTheConnectionProviderAtTheProgramMethod() throws Exception {
    Databases.dropSchema(SCHEMA);
    Program.Result run =
        Program.of(InventoryApp.class, "--plant-leak").runWithAgent("leakThreshold=1s");
    String context = run.describe();

    assertThat(run.exitCode()).as(context).isZero();
    assertThat(run.stdout()).as(context)
        .contains("items counted on a raw connection: 3")
        .endsWith("inventory done\n");

    Report report = run.report();
    // Collected: the method drops the connection on return; nothing else holds it.
    Report.Leak leak = ReportChecks.assertOnlyLeak(report, "jooq", SOURCE, "collected", context);
    assertThat(leak.stack())
        .as("jOOQ's provider is in the stack, under the call site; " + context)
        .anyMatch(frame -> frame.startsWith("org.jooq.impl.DataSourceConnectionProvider.acquire"));
    Report.PoolSummary source = ReportChecks.pool(report, SOURCE, context);
    assertThat(source.returns()).as("every other lease returned; " + context)
        .isEqualTo(source.borrows() - 1);
  }
}
