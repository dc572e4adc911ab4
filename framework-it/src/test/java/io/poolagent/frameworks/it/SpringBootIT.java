package io.poolagent.frameworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.frameworks.spring.ShopApplication;
import io.poolagent.report.Report;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot 3 service (Spring Data JPA, Hibernate 6 with its own Byte Buddy, HikariCP) with
 * the agent attached: unchanged behaviour, no false leak, and a leak through Spring's {@code
 * DataSourceUtils} reported at the service's own line.
 */
class SpringBootIT {

  private static final String SCHEMA = "frameworks_spring";
  private static final String POOL = "frameworks-spring";

  @Test
  void runsAsWithoutTheAgentAndGetsEveryConnectionBack() throws Exception {
    Databases.dropSchema(SCHEMA);
    Program.Result plain = Program.of(ShopApplication.class).runWithoutAgent();
    Databases.dropSchema(SCHEMA);
    Program.Result withAgent = Program.of(ShopApplication.class).runWithAgent("leakThreshold=30s");
    String context = withAgent.describe() + "\n--- without the agent ---\n" + plain.describe();

    SameAsWithoutAgent.assertSame(plain, withAgent, context);
    // Hibernate's proxy of the lazy customer, made by Hibernate's Byte Buddy while the agent's
    // (relocated) copy instruments the same JVM, loads on access as it does without the agent.
    assertThat(withAgent.stdout())
        .as(context)
        .contains(
            "first order's customer: lazy proxy true, loaded before access false, after true: Ada")
        .contains("rejected order rolled back: payment declined")
        .contains("orders counted in a transaction: 3")
        .endsWith("shop done\n");

    Report report = withAgent.report();
    ReportChecks.assertEveryConnectionReturned(report, context);
    // One source: Hikari's pool. Its own physical connects (the driver under it) are no leases.
    assertThat(report.pools()).as(context).singleElement().satisfies(pool -> {
      assertThat(pool.name()).isEqualTo(POOL);
      assertThat(pool.kind()).isEqualTo("hikari");
      assertThat(pool.pooling()).isTrue();
    });
  }

  /**
   * The same service configured with Spring's {@code SimpleDriverDataSource}, a connect per
   * borrow, under {@code mode=manage}: the agent pools it, and the service behaves as it does
   * without the agent (transactions, rollbacks, lazy loading) with every connection returned.
   */
  @Test
  void aServiceWithoutPoolIsPooledByModeManageAndRunsAsWithout() throws Exception {
    String[] simpleDriver = {
      "--spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource"
    };
    Databases.dropSchema(SCHEMA);
    Program.Result plain = Program.of(ShopApplication.class, simpleDriver).runWithoutAgent();
    Databases.dropSchema(SCHEMA);
    Program.Result managed =
        Program.of(ShopApplication.class, simpleDriver).runWithAgent("mode=manage,pool.maxSize=4");
    String context = managed.describe() + "\n--- without the agent ---\n" + plain.describe();

    SameAsWithoutAgent.assertSame(plain, managed, context);
    assertThat(managed.stdout())
        .as(context)
        .contains("rejected order rolled back: payment declined")
        .endsWith("shop done\n");
    Report report = managed.report();
    ReportChecks.assertEveryConnectionReturned(report, context);
    assertThat(report.pools()).as(context).singleElement().satisfies(pool -> {
      assertThat(pool.kind()).isEqualTo("managed");
      assertThat(pool.name())
          .isEqualTo("managed(SimpleDriverDataSource(jdbc:postgresql://127.0.0.1:5432/test))");
      assertThat(pool.borrows()).isPositive();
    });
  }

  /**
   * Run from the executable jar, as the service ships: the service's classes then come from
   * Spring Boot's class loader, and the call site must still be the service's own line.
   */
  @Test
  void reportsTheLeakThroughDataSourceUtilsAtTheServiceMethod() throws Exception {
    Databases.dropSchema(SCHEMA);
    Program.Result run = Program.springBootJar("--plant-leak").runWithAgent("leakThreshold=1s");
    String context = run.describe();

    assertThat(run.exitCode()).as(context).isZero();
    assertThat(run.stdout())
        .as(context)
        .contains("orders counted over JDBC: 3")
        .endsWith("shop done\n");

    Report report = run.report();
    // Collected: the service drops the connection when the method returns and Hikari keeps no
    // reference to the proxy it handed out, so the agent's GC at exit finds it unreachable.
    Report.Leak leak = ReportChecks.assertOnlyLeak(report, "spring", POOL, "collected", context);
    assertThat(leak.stack())
        .as("Spring's frame is in the stack, under the call site; " + context)
        .anyMatch(f -> f.startsWith("org.springframework.jdbc.datasource.DataSourceUtils."));
    Report.PoolSummary pool = ReportChecks.pool(report, POOL, context);
    assertThat(pool.returns()).as("every other lease returned; " + context)
        .isEqualTo(pool.borrows() - 1);
  }
}
