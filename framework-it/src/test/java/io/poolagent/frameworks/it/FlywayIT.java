package io.poolagent.frameworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.frameworks.flyway.MigrationApp;
import io.poolagent.report.Report;
import org.junit.jupiter.api.Test;

/** Flyway migrating at startup with the agent attached: the same migration, no false leak. */
class FlywayIT {

  private static final String SCHEMA = "frameworks_flyway";

  @Test
  void migratesAsWithoutTheAgentAndGetsEveryConnectionBack() throws Exception {
    Databases.dropSchema(SCHEMA);
    Program.Result plain = Program.of(MigrationApp.class).runWithoutAgent();
    Databases.dropSchema(SCHEMA);
    Program.Result withAgent = Program.of(MigrationApp.class).runWithAgent("leakThreshold=30s");
    String context = withAgent.describe() + "\n--- without the agent ---\n" + plain.describe();

    SameAsWithoutAgent.assertSame(plain, withAgent, context);
    assertThat(withAgent.stdout())
        .as(context)
        .contains("migrations executed: 2", "schema version: 2", "  book Dune rated 5")
        .endsWith("migration done\n");
    // What Flyway itself recorded, read from the database after the run with the agent.
    assertThat(
            Databases.rows(
                "select version, script, success from " + SCHEMA
                    + ".flyway_schema_history where version is not null order by installed_rank"))
        .as(context)
        .containsExactly("1 V1__create_book.sql t", "2 V2__add_rating.sql t");

    ReportChecks.assertEveryConnectionReturned(withAgent.report(), context);
  }

  /**
   * Given a URL, Flyway connects through its own {@code DriverDataSource}, which opens a physical
   * connection on every {@code getConnection} ({@code Driver.connect}, no pool). The report must
   * say so ({@code pooling} false), as it does for the drivers' own DataSources: it is how a user
   * learns that a source does not pool.
   */
  @Test
  void reportsFlywaysOwnDataSourceAsNotPooling() throws Exception {
    Databases.dropSchema(SCHEMA);
    Program.Result run = Program.of(MigrationApp.class).runWithAgent("leakThreshold=30s");
    String context = run.describe();

    assertThat(run.exitCode()).as(context).isZero();
    Report.PoolSummary source =
        ReportChecks.pool(run.report(), "DriverDataSource(" + Databases.URL + ")", context);
    assertThat(source.kind()).as(context).isEqualTo("datasource");
    assertThat(source.pooling()).as("pooling; " + context).isFalse();
  }
}
