package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test app's {@code soak} scenario on PostgreSQL through HikariCP, with the agent, as the
 * README's demo runs it but shorter: steady load, a slow leak from the midpoint, an exhaustion
 * burst at 70%, a clean end. The report must tell that story: the leaking call site with every
 * leaked connection open at exit, the pool's timeouts, and who held the pool when it ran dry.
 */
class SoakIT {

  private static final Duration RUN = Duration.ofSeconds(55);

  /** Leaked connections: one per export run (SoakScenario.LEAK_AT_PERCENT). */
  private static final int LEAKED = 6;

  /** The test app's defaults: load workers, and the pool's maximum size. */
  private static final int THREADS = 4;

  private static final int POOL_SIZE = 10;

  /**
   * Above the burst's hold (6% of the run: 3.3 s), so the burst is an exhaustion and no late
   * return.
   */
  private static final String THRESHOLD = "4s";

  @TempDir Path dir;

  @Test
  void theReportShowsTheLeakingSiteTheTimeoutsAndWhoHeldThePool() throws Exception {
    Databases.requireReachable("postgres");
    Path reportFile = dir.resolve("report.json");
    long startedNanos = System.nanoTime();
    ChildJvm.Result result =
        ChildJvm.testApp(
                "--scenario", "soak", "--db", "postgres", "--via", "hikari",
                "--duration", RUN.toSeconds() + "s")
            .withAgent("leakThreshold=" + THRESHOLD + ",report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .in(dir)
            .run();
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout())
        .as(result.describe())
        .contains("scenario soak done")
        .containsPattern("soak: requests=\\d+ errors=[1-9]\\d* p95=[\\d.]+ms leaked=" + LEAKED
            + " burst_held=[1-9]\\d* burst_refused=\\d+");
    assertThat(took)
        .as("the soak stops by itself soon after its duration (JVM start and exit included)")
        .isLessThan(RUN.plusSeconds(30));

    String leakSite = LeakMarkers.callSite("soak");
    String burstSite = LeakMarkers.holderCallSite("soak");
    assertThat(result.stderr())
        .as(result.describe())
        .contains("[pool-agent] pool testapp-hikari exhausted: a borrow timed out (")
        .contains(" borrowed at " + burstSite + ", longest held ")
        .contains(" borrowed at " + leakSite + ", longest held ");

    Report report = ChildJvm.readReport(reportFile, result);
    assertThat(report.leakSites())
        .as("the export job is the one leaking site; the burst held, and gave back")
        .singleElement()
        .satisfies(
            site -> {
              assertThat(site.callSite()).isEqualTo(leakSite);
              assertThat(site.openAtExit()).isEqualTo(LEAKED);
              assertThat(site.count()).isEqualTo(LEAKED);
            });
    assertThat(report.leaks())
        .hasSize(LEAKED)
        .allSatisfy(leak -> assertThat(leak.thread()).isEqualTo("report-scheduler"));

    assertThat(report.pools()).hasSize(1);
    Report.PoolSummary pool = report.pools().get(0);
    assertThat(pool.name()).isEqualTo("testapp-hikari");
    assertThat(pool.open()).isEqualTo(LEAKED);
    assertThat(pool.advice().timeouts()).as("the burst's timeouts").isPositive();
    assertThat(pool.advice().bottleneck()).isTrue();

    List<Instant> leakedAt =
        report.leaks().stream().map(l -> Instant.parse(l.borrowedAt())).sorted().toList();
    assertThat(Duration.between(leakedAt.get(0), leakedAt.get(LEAKED - 1)))
        .as("the leak is slow: from 50% to 90% of the run")
        .isBetween(RUN.multipliedBy(35).dividedBy(100), RUN.multipliedBy(45).dividedBy(100));

    // The timeline, 10 s a point: the load alone before the leak; every connection in use, and
    // timeouts, at the burst; after it the leaked connections never given back, 6 by the end.
    List<Report.TimelinePoint> timeline = pool.timeline();
    Instant firstLeak = leakedAt.get(0);
    assertThat(timeline.stream().filter(p -> !end(p).isAfter(firstLeak)))
        .as("before the leak: the load's %d workers at most, no timeout", THREADS)
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.inUseMax()).isLessThanOrEqualTo(THREADS);
              assertThat(p.timeouts()).isZero();
            });
    assertThat(timeline)
        .as("the burst: the pool's every connection in use and borrows timing out")
        .anySatisfy(
            p -> {
              assertThat(p.inUseMax()).isEqualTo(POOL_SIZE);
              assertThat(p.timeouts()).isPositive();
            });
    assertThat(timeline.stream().mapToLong(Report.TimelinePoint::timeouts).sum())
        .as("every timeout in the timeline")
        .isEqualTo(pool.advice().timeouts());

    assertThat(pool.exhaustions())
        .as("one exhaustion episode: the burst")
        .singleElement()
        .satisfies(
            episode -> {
              assertThat(Instant.parse(episode.start()))
                  .isBetween(leakedAt.get(3), leakedAt.get(4));
              assertThat(episode.timeouts()).isEqualTo(pool.advice().timeouts());
              assertThat(episode.holders())
                  .extracting(Report.Holder::callSite)
                  .contains(burstSite, leakSite);
              Instant over = Instant.parse(episode.end());
              assertThat(timeline.stream().filter(p -> Instant.parse(p.start()).isAfter(over)))
                  .as("after the burst: the %d connections leaked before it still out", 4)
                  .isNotEmpty()
                  .allSatisfy(p -> assertThat(p.inUseMax()).isGreaterThanOrEqualTo(4));
            });
    assertThat(timeline.get(timeline.size() - 1).inUseMax())
        .as("at the end: all %d leaked connections in use", LEAKED)
        .isGreaterThanOrEqualTo(LEAKED);

    // The page a user opens after the run, beside the JSON, names the leak and who drained the pool.
    Path page = dir.resolve("report.html");
    assertThat(page).as("the HTML report beside the JSON").exists();
    assertThat(Files.readString(page)).contains(leakSite, burstSite);
  }

  private static Instant end(Report.TimelinePoint point) {
    return Instant.parse(point.start()).plusMillis(point.millis());
  }

  private static boolean contains(Report.TimelinePoint point, Instant instant) {
    return !instant.isBefore(Instant.parse(point.start())) && instant.isBefore(end(point));
  }

  @Test
  void aSoakTooShortForItsPhasesIsOneLineAndExitCodeTwo() throws Exception {
    ChildJvm.Result result = ChildJvm.testApp("--scenario", "soak", "--duration", "10s").run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    assertThat(result.stderr().lines())
        .containsExactly(
            "testapp: --duration: bad value '10s' for --scenario soak; accepted: at least 30s"
                + " (see --help)");
  }
}
