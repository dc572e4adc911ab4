package io.poolagent.frameworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.pool.TestConnectionLeak;
import io.poolagent.report.Report;
import org.junit.jupiter.api.Test;
import org.springframework.samples.clinic.ClinicApp;
import org.springframework.samples.clinic.ClinicConfig;

/**
 * Programs whose own classes live in a vendor's namespace, with the agent: a Spring program under
 * {@code org.springframework.samples} (where Spring's sample applications live) and test code in
 * HikariCP's {@code com.zaxxer.hikari.pool} (where HikariCP keeps its tests). Each leak must be
 * reported at the program's own line: not in the vendor's frames, not at a frame under them, not
 * {@code unknown}.
 */
class VendorNamespaceIT {

  @Test
  void aLeakInSpringsSampleNamespaceIsReportedAtTheSamplesLine() throws Exception {
    Databases.requirePostgres();
    Program.Result run =
        Program.of(ClinicApp.class, "--plant-leak").runWithAgent("leakThreshold=1s");
    String context = run.describe();

    assertThat(run.exitCode()).as(context).isZero();
    assertThat(run.stdout())
        .as(context)
        .contains("visits today: 3", "visits this week, in a transaction: 9")
        .contains("visits counted on a raw connection: 6")
        .endsWith("clinic done\n");

    Report report = run.report();
    // Collected: the repository drops the connection on return and Hikari keeps no reference to
    // the proxy it handed out, so the agent's GC at exit finds it unreachable.
    Report.Leak leak =
        ReportChecks.assertOnlyLeak(
            report, "spring-samples", ClinicConfig.POOL, "collected", context);
    assertThat(leak.stack())
        .as("Spring's JDBC frames are in the stack, above the call site; " + context)
        .anyMatch(f -> f.startsWith("org.springframework.jdbc.datasource.DataSourceUtils."));
    Report.PoolSummary pool = ReportChecks.pool(report, ClinicConfig.POOL, context);
    assertThat(pool.returns())
        .as("JdbcTemplate's and the transaction's leases returned; " + context)
        .isEqualTo(pool.borrows() - 1);
  }

  @Test
  void aLeakInTestCodeInHikarisOwnPackageIsReportedAtTheTestsLine() throws Exception {
    Databases.requirePostgres();
    Program.Result run = Program.of(TestConnectionLeak.class).runWithAgent("leakThreshold=1s");
    String context = run.describe();

    assertThat(run.exitCode()).as(context).isZero();
    assertThat(run.stdout())
        .as(context)
        .contains("counted on returned connections: 6", "counted on a leaked connection: 4")
        .endsWith("hikari test done\n");

    Report report = run.report();
    Report.Leak leak =
        ReportChecks.assertOnlyLeak(
            report, "hikari-package", TestConnectionLeak.POOL, "collected", context);
    assertThat(leak.stack())
        .as("HikariCP's own frames are in the stack, above the call site; " + context)
        .anyMatch(f -> f.startsWith("com.zaxxer.hikari.HikariDataSource.getConnection("));
    Report.PoolSummary pool = ReportChecks.pool(report, TestConnectionLeak.POOL, context);
    assertThat(pool.borrows())
        .as("the pool's physical connects are no leases; " + context)
        .isEqualTo(4);
    assertThat(pool.returns()).as(context).isEqualTo(3);
  }

  /**
   * The user's {@code callSiteSkip}, given in the agent argument beside other settings: the
   * repository skipped, the leak is reported at the line that called it.
   */
  @Test
  void callSiteSkipMovesTheCallSiteToTheCaller() throws Exception {
    Databases.requirePostgres();
    String skip = "callSiteSkip=+org.springframework.samples.clinic.VisitRepository;-org.jooq.";
    Program.Result run =
        Program.of(ClinicApp.class, "--plant-leak").runWithAgent(skip + ",leakThreshold=1s");
    String context = run.describe();

    assertThat(run.exitCode()).as(context).isZero();
    Report report = run.report();
    ReportChecks.assertOnlyLeak(
        report, "spring-samples-caller", ClinicConfig.POOL, "collected", context);
    assertThat(report.settings())
        .as(context)
        .containsEntry(
            "callSiteSkip", "+org.springframework.samples.clinic.VisitRepository;-org.jooq.");
  }
}
