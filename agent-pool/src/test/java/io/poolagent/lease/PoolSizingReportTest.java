package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.Advice.Borrow;
import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import io.poolagent.report.ReportSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sizing advice as a user meets it: a real HikariCP pool driven as the woven code drives the
 * tracker, the JSON report written and read back, and its summary. Hold times and the end of the
 * observed time are given rather than waited for, so the numbers are exact.
 */
class PoolSizingReportTest {

  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000 * MILLI;

  @TempDir Path dir;

  private HikariDataSource pool;
  private LeaseTracker tracker;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    // The timeout below is explained in the agent's log; keep it out of the build's output.
    AgentLog.setOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    String url = "jdbc:h2:mem:" + test.getTestMethod().orElseThrow().getName();
    pool =
        (HikariDataSource)
            TestPools.HIKARI.create(
                TestPools.Settings.of(url).max(2).timeoutMillis(250).name("orders"));
  }

  @AfterEach
  void tearDown() {
    pool.close();
    AgentLog.setOutput(System.err);
  }

  @Test
  void aPoolThatTimedOutIsTheBottleneckAndIsToldItsSize() throws Exception {
    // Two exports hold both connections; a request times out; then 200 requests of 100 ms.
    Borrow first = Advice.borrowFromApp(tracker, pool);
    Borrow second = Advice.borrowFromApp(tracker, pool);
    SQLException timeout = catchThrowableOfType(pool::getConnection, SQLException.class);
    tracker.borrowFailed(tracker.sources().of(pool), timeout);
    Advice.close(tracker, first.connection(), first.atNanos() + 1_000 * MILLI);
    Advice.close(tracker, second.connection(), second.atNanos() + 1_000 * MILLI);
    for (int i = 0; i < 200; i++) {
      Borrow borrow = Advice.borrowFromApp(tracker, pool);
      Advice.close(tracker, borrow.connection(), borrow.atNanos() + 100 * MILLI);
    }
    ConnectionSource source = tracker.sources().of(pool);
    // What the managed pool, or a reader of a foreign pool's settings, does.
    source.setConfiguredMaxSize(pool::getMaximumPoolSize);

    Path file = dir.resolve("pool-agent-report.json");
    ReportJson.write(tracker.report(source.registeredNanos() + 60 * SECOND, false), file);
    Report report = ReportJson.read(file);

    Report.Advice advice = report.pools().get(0).advice();
    assertThat(advice.bottleneck()).isTrue();
    assertThat(advice.timeouts()).isEqualTo(1);
    assertThat(advice.configuredMaxSize()).isEqualTo(2);
    // 202 leases held 22 s in all over 60 s: 0.367 connections in use on average.
    assertThat(advice.arrivalsPerSecond()).isEqualTo(3.367);
    assertThat(advice.meanHoldMillis()).isEqualTo(108.911);
    assertThat(advice.meanInUse()).isEqualTo(0.367);
    assertThat(advice.suggestedMaxSize()).isEqualTo(3);
    assertThat(ReportSummary.lines(report, null))
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "    sizing: pool was the bottleneck: p95 wait [0-9.]+ m?s, 1 timeout;"
                            + " suggested maximum 3 \\(now 2\\)"))
        .contains(
            "    load: 0.367 connections in use on average"
                + " (3.37 borrows/s, mean hold 109 ms, over 1 min)");
  }

  @Test
  void aShortRunSaysNotEnoughDataAndGivesNoNumbers() throws Exception {
    for (int i = 0; i < 5; i++) {
      Borrow borrow = Advice.borrowFromApp(tracker, pool);
      Advice.close(tracker, borrow.connection(), borrow.atNanos() + 10 * MILLI);
    }

    Path file = dir.resolve("pool-agent-report.json");
    ReportJson.write(tracker.report(), file);

    Report.Advice advice = ReportJson.read(file).pools().get(0).advice();
    assertThat(advice.reason()).startsWith("not enough data to advise: 5 returned leases over ");
    assertThat(advice.bottleneck()).isNull();
    assertThat(Files.readString(file))
        .contains(
            "\"arrivalsPerSecond\": null,",
            "\"suggestedMaxSize\": null,",
            "\"timeouts\": 0,",
            "\"bottleneck\": null,");
  }
}
