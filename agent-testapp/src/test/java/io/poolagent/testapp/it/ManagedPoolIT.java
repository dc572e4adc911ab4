package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.Report.PoolSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mode=manage} on the test app as it is: it opens a connection per request, through {@code
 * DriverManager} or the driver's own DataSource, and the agent pools them without a code change.
 */
class ManagedPoolIT {

  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} via {1}")
  @CsvSource({
    "h2, drivermanager",
    "h2, datasource",
    "postgres, drivermanager",
    "postgres, datasource",
    "mariadb, drivermanager",
    "mariadb, datasource",
  })
  void perRequestConnectionsGoThroughOneManagedPool(String db, String via) throws Exception {
    Databases.requireReachable(db);
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        ChildJvm.testApp(
                "--scenario", "load", "--db", db, "--via", via, "--threads", "4", "--duration",
                "1s")
            .in(dir)
            .withAgent("mode=manage,report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).containsPattern("load: requests=[1-9]\\d* errors=0 ");
    assertThat(result.stderr()).contains("[pool-agent] mode=manage: pooling ");
    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.leaks()).isEmpty();
    // One source: the managed pool. The pool's own physical connects are no leases, and the
    // application's borrows never reached the driver unpooled.
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.kind()).isEqualTo("managed");
              assertThat(pool.name()).startsWith("managed(");
              assertThat(pool.pooling()).isTrue();
              assertThat(pool.borrows()).isPositive().isEqualTo(pool.returns());
              assertThat(pool.reclaimed()).isZero();
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"method-leak", "exception-leak", "executor-leak"})
  void leaksFromTheManagedPoolAreReportedAtTheirCallSite(String scenario) throws Exception {
    Databases.requireReachable("postgres");
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", scenario, "--db", "postgres", "--via", "drivermanager")
            .in(dir)
            .withAgent("mode=manage,report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.leakSites())
        .singleElement()
        .satisfies(site -> assertThat(site.callSite()).isEqualTo(LeakMarkers.callSite(scenario)));
    assertThat(report.leaks())
        .allSatisfy(leak -> assertThat(leak.pool()).isEqualTo("managed(DriverManager(" + PG_URL + "))"));
  }

  @Test
  void droppedConnectionsAreReclaimedNotLost() throws Exception {
    Databases.requireReachable("postgres");
    Path reportFile = dir.resolve("report.json");
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", "dropped", "--db", "postgres", "--via", "datasource")
            .in(dir)
            .withAgent("mode=manage,pool.maxSize=2,report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.totals().collected()).isEqualTo(2);
    assertThat(report.leakSites())
        .singleElement()
        .satisfies(site -> assertThat(site.callSite()).isEqualTo(LeakMarkers.callSite("dropped")));
    assertThat(report.pools()).singleElement().extracting(PoolSummary::reclaimed).isEqualTo(2L);
    assertThat(result.stderr())
        .contains(
            "reclaimed 2 connection(s) the application dropped without close(); the pool refilled");
  }

  @Test
  void anExhaustedManagedPoolNamesWhoHoldsIt() throws Exception {
    Databases.requireReachable("postgres");
    ChildJvm.Result result =
        ChildJvm.testApp(
                "--scenario", "pool-exhausted", "--db", "postgres", "--via", "drivermanager",
                "--pool-size", "2")
            .in(dir)
            .withAgent("mode=manage,pool.maxSize=2,pool.connectionTimeout=1s,report=none")
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout())
        .contains("pool-exhausted: request refused by the pool: SQLTransientConnectionException");
    assertThat(result.stderr())
        .contains(
            "[pool-agent] pool managed(DriverManager("
                + PG_URL
                + ")) exhausted: a borrow timed out (")
        .contains(
            "[pool-agent]   2 borrowed at "
                + LeakMarkers.holderCallSite("pool-exhausted")
                + ", longest held ");
  }

  /**
   * The managed pool's whole point: however many threads open connections, PostgreSQL sees at
   * most {@code pool.maxSize} backends of the app, and the same ones all run long. Without the
   * agent the same run opens a backend per request, which shows the bound is the agent's doing.
   * Distinct backends rather than the most at once: on a busy machine 20 unpooled threads can
   * happen to overlap by no more than five at any sample.
   */
  @Test
  void postgresNeverSeesMoreBackendsThanPoolMaxSize() throws Exception {
    Databases.requireReachable("postgres");
    int unpooled = distinctBackends(false);
    int managed = distinctBackends(true);

    assertThat(managed).isBetween(1, 5);
    assertThat(unpooled).as("backends without the agent").isGreaterThan(5);
  }

  /** The backends of one test-app run, 20 threads, seen in {@code pg_stat_activity}. */
  private int distinctBackends(boolean withAgent) throws Exception {
    String application = "pool-agent-it-" + System.nanoTime();
    ChildJvm app =
        ChildJvm.testApp(
                "--scenario", "load", "--db", "postgres", "--via", "drivermanager", "--threads",
                "20", "--duration", "3s", "--url", PG_URL + "?ApplicationName=" + application)
            .in(dir)
            .env("OTEL_SDK_DISABLED", "true");
    if (withAgent) {
      app.withAgent("mode=manage,pool.maxSize=5,report=none");
    }
    CompletableFuture<ChildJvm.Result> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return app.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Set<Integer> backends = new HashSet<>();
    try (Connection watcher = DriverManager.getConnection(PG_URL, "postgres", "");
        PreparedStatement backendsNow =
            watcher.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      backendsNow.setString(1, application);
      while (!run.isDone()) {
        try (ResultSet rs = backendsNow.executeQuery()) {
          while (rs.next()) {
            backends.add(rs.getInt(1));
          }
        }
        Thread.sleep(20);
      }
    }
    ChildJvm.Result result = run.get(1, TimeUnit.MINUTES);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("errors=0");
    return backends.size();
  }
}
