package io.poolagent.lease;

import static io.poolagent.lease.Advice.borrowFromApp;
import static io.poolagent.lease.Advice.leakFromApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.Advice.Borrow;
import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import io.poolagent.report.Report.LeakSite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class LeakSweeperTest {

  private final ByteArrayOutputStream agentLog = new ByteArrayOutputStream();
  private final List<Connection> kept = new ArrayList<>();

  private JdbcDataSource dataSource;
  private LeaseTracker tracker;
  private LeakSweeper sweeper;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    AgentLog.setOutput(new PrintStream(agentLog, true, StandardCharsets.UTF_8));
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:sweeper-" + test.getTestMethod().orElseThrow().getName());
    tracker = new LeaseTracker(SettingsParser.parse("leakThreshold=50ms", Map.of(), Map.of()));
    sweeper = new LeakSweeper(tracker, tracker.settings().leakThreshold());
  }

  @AfterEach
  void tearDown() throws Exception {
    sweeper.stop();
    AgentLog.setOutput(System.err);
    for (Connection connection : kept) {
      connection.close();
    }
  }

  @Test
  void heldConnectionBecomesSuspectedWithoutAnyoneSweeping() throws Exception {
    sweeper.start();
    Borrow borrow = borrowFromApp(tracker, dataSource);
    kept.add(borrow.connection());

    Report report = Await.until(tracker::report, r -> r.totals().suspected() == 1, () -> {});

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 1, 0, 0, 0));
    assertThat(report.leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.state()).isEqualTo("suspected");
              assertThat(leak.heldMillis()).isGreaterThanOrEqualTo(50);
            });
    assertThat(agentLog.toString(StandardCharsets.UTF_8))
        .contains("[pool-agent] suspected leak")
        .contains(AppCode.CALL_SITE);
  }

  @Test
  void returnedInTimeIsNeverSuspected() throws Exception {
    sweeper.start();
    Borrow borrow = borrowFromApp(tracker, dataSource);
    Advice.close(tracker, borrow.connection(), System.nanoTime());
    Borrow held = borrowFromApp(tracker, dataSource);
    kept.add(held.connection());

    // Once the lease held past the threshold is suspected, the sweeper has looked at both.
    Report report = Await.until(tracker::report, r -> r.totals().suspected() == 1, () -> {});

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 1, 0, 0, 0));
    assertThat(report.pools().get(0).returns()).isEqualTo(1);
  }

  @Test
  void droppedConnectionBecomesCollectedWithoutAnyoneDraining() throws Exception {
    sweeper.start();
    leakFromApp(tracker, dataSource);

    Report report = Await.until(tracker::report, r -> r.totals().collected() == 1, System::gc);

    assertThat(report.leakSites()).containsExactly(new LeakSite(AppCode.CALL_SITE, 1, 0, 0, 1, 0));
    assertThat(report.leaks())
        .singleElement()
        .satisfies(leak -> assertThat(leak.state()).isEqualTo("collected"));
    assertThat(tracker.openLeases()).isZero();
  }

  @Test
  void runsOnOneNamedDaemonThreadThatStopEnds() throws Exception {
    Set<Thread> before = sweeperThreads();

    sweeper.start();
    Set<Thread> started = sweeperThreads();
    started.removeAll(before);

    assertThat(started).hasSize(1);
    Thread thread = started.iterator().next();
    assertThat(thread.getName()).isEqualTo("pool-agent-leak-sweeper");
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.isAlive()).isTrue();

    sweeper.stop();

    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void stopBeforeStartDoesNothing() {
    LeakSweeper neverStarted = new LeakSweeper(tracker, tracker.settings().leakThreshold());

    assertThatCode(neverStarted::stop).doesNotThrowAnyException();
  }

  private static Set<Thread> sweeperThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(LeakSweeper.THREAD_NAME) && t.isAlive())
        .collect(Collectors.toSet());
  }
}
