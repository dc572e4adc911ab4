package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import io.poolagent.report.Report.TimelinePoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HikariCP pool of three on PostgreSQL run dry (the test app's {@code pool-exhausted}
 * scenario: three exports hold the pool, a request waits 3 s and is refused): the report's
 * timeline shows the pool full with a thread waiting, and the timeout as an episode naming the
 * call site that held the connections.
 */
class PoolTimelineIT {

  @TempDir Path dir;

  @Test
  void anExhaustedPoolIsInItsTimelineAndAnEpisodeSaysWhoHeldIt() throws Exception {
    Databases.requireReachable("postgres");
    Path reportFile = dir.resolve("report.json");
    // leakThreshold=10s: a sweep (and a reading of the pool) every second, no leak from the 3 s
    // holds; the request's 3 s wait spans at least two readings.
    ChildJvm.Result result =
        ChildJvm.testApp(
                "--scenario", "pool-exhausted", "--db", "postgres", "--via", "hikari",
                "--pool-size", "3", "--borrow-timeout", "3s")
            .in(dir)
            .withAgent("leakThreshold=10s,report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("pool-exhausted: request refused by the pool: ");
    Report report = ChildJvm.readReport(reportFile, result);
    Report.PoolSummary pool = report.pools().get(0);
    assertThat(pool.name()).isEqualTo("testapp-hikari");

    assertThat(pool.timeline())
        .as(result.describe())
        .anySatisfy(p -> {
          assertThat(p.maxSize()).isEqualTo(3);
          assertThat(p.inUseMax()).isEqualTo(3);
          assertThat(p.pendingMax()).isPositive();
        })
        .anySatisfy(p -> assertThat(p.timeouts()).isEqualTo(1));
    assertThat(pool.timeline().stream().mapToLong(TimelinePoint::borrows).sum())
        .isEqualTo(pool.borrows());

    String site = LeakMarkers.holderCallSite("pool-exhausted");
    assertThat(pool.exhaustions()).singleElement().satisfies(e -> {
      assertThat(e.timeouts()).isEqualTo(1);
      assertThat(e.held()).isEqualTo(3);
      assertThat(e.holders()).singleElement().satisfies(h -> {
        assertThat(h.callSite()).isEqualTo(site);
        assertThat(h.count()).isEqualTo(3);
        assertThat(h.threads()).allMatch(t -> t.startsWith("export-worker-"));
        assertThat(h.stack()).contains(site);
      });
    });
    assertThat(pool.exhaustionsOmitted()).isZero();
    assertThat(result.stderr())
        .contains("[pool-agent]     timeline (UTC): peak in use 3/3 at ")
        .contains("; 1 episode of exhaustion (")
        .contains(", 1 timeout, held by " + shortSite(site) + " x3)");
  }

  /** {@code a.b.ExportBatch.run(ExportBatch.java:28)} as the summary shortens it. */
  private static String shortSite(String site) {
    String method = site.substring(0, site.indexOf('('));
    String type = method.substring(0, method.lastIndexOf('.'));
    return type.substring(type.lastIndexOf('.') + 1) + method.substring(method.lastIndexOf('.'));
  }
}
