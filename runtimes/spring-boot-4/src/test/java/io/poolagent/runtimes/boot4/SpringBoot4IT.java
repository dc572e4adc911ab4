package io.poolagent.runtimes.boot4;

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
 * The Spring Boot 4 service (Spring Data JPA, Hibernate 7 with its own Byte Buddy, HikariCP) as it
 * ships, {@code java -jar} on the executable jar: its classes and nested jars come from Spring
 * Boot's class loader. With the agent it must behave as without, and its two leaks (through
 * Spring's {@code DataSourceUtils}, and straight from the pool) must be reported at the service's
 * lines, none from its JPA repositories and transactions.
 */
class SpringBoot4IT {

  private static final Path TARGET = Path.of(System.getProperty("poolagent.target", "target"));
  private static final Path APP_JAR = Path.of(System.getProperty("poolagent.appJar"));
  // Spring Boot and Hibernate start in seconds, but in much more on a loaded two-core machine.
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(180);
  /** {@code spring.datasource.hikari.pool-name}. */
  private static final String POOL = "runtime-boot4";

  @Test
  void runsAsWithoutTheAgentAndReportsOnlyThePlantedLeaksAtTheServiceLines() throws Exception {
    assertThat(APP_JAR).as("the executable jar; run the package phase").isRegularFile();
    Postgres.require();

    JarRun plain = run("without-agent", null);
    Path report = TARGET.resolve("runs/with-agent/report.json");
    JarRun withAgent = run("with-agent", AgentJar.option("leakThreshold=1s", report));
    String context = withAgent.describe("with the agent") + "\n" + plain.describe("without");

    assertThat(plain.exitCode()).as(context).isZero();
    // Hibernate's proxy of the lazy customer, made by Hibernate's Byte Buddy while the agent's
    // (relocated) copy instruments the same JVM, loads on access.
    assertThat(plain.output())
        .as(context)
        .contains(
            "first order's customer: lazy proxy true, loaded before access false, after true: Ada")
        .contains("rejected order rolled back: payment declined")
        .contains("orders counted in a transaction: 3")
        .contains("largest order over JDBC: 2700 cents")
        .endsWith("shop done\n");
    SameAsWithoutAgent.assertSame(
        plain.exitCode(), plain.output(), withAgent.exitCode(), withAgent.output(), context);
    RunChecks.assertNoLinkageErrors(withAgent.output(), context);

    Report r = RunChecks.report(report, context);
    RunChecks.assertCoverageComplete(r, context);
    LeakMarkers markers = new LeakMarkers(Path.of(System.getProperty("poolagent.appSources")));
    String throughSpring = markers.callSite("spring");
    RunChecks.assertOnlyLeaks(
        r, Map.of(throughSpring, 1L, markers.callSite("plain"), 1L), POOL, context);
    String dataSourceUtils = "org.springframework.jdbc.datasource.DataSourceUtils.";
    assertThat(r.leaks())
        .filteredOn(leak -> leak.callSite().equals(throughSpring))
        .singleElement()
        .satisfies(
            leak ->
                assertThat(leak.stack())
                    .as("Spring's frame is in the stack, above the call site; " + context)
                    .anyMatch(f -> f.startsWith(dataSourceUtils)));

    // One source, Hikari's pool by its configured name; its physical connects are no leases, and
    // every lease but the two leaked came back (repositories, commits, the rollback).
    assertThat(r.pools()).as(context).singleElement().satisfies(pool -> {
      assertThat(pool.name()).isEqualTo(POOL);
      assertThat(pool.kind()).isEqualTo("hikari");
      assertThat(pool.pooling()).isTrue();
      assertThat(pool.returns()).as("returns").isEqualTo(pool.borrows() - 2);
    });
  }

  private static JarRun run(String name, String agentOption) throws Exception {
    return JarRun.run(
        TARGET, name, agentOption, EXIT_TIMEOUT, APP_JAR, "--plant-leak", "--plant-plain-leak");
  }
}
