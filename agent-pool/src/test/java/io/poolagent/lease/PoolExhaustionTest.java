package io.poolagent.lease;

import static io.poolagent.lease.Advice.borrowFromApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.poolagent.config.SettingsParser;
import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real HikariCP pool of two, both connections held by the app, and a third borrow. */
class PoolExhaustionTest {

  private final ByteArrayOutputStream agentLog = new ByteArrayOutputStream();
  private final List<PoolExhaustion> explained = new CopyOnWriteArrayList<>();
  private LeaseTracker tracker;
  private HikariDataSource pool;

  @BeforeEach
  void setUp() throws Exception {
    AgentLog.setOutput(new PrintStream(agentLog, true, StandardCharsets.UTF_8));
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    tracker.addListener(
        new LeaseListener() {
          @Override
          public void exhausted(PoolExhaustion exhaustion) {
            explained.add(exhaustion);
          }
        });
    HikariConfig config = new HikariConfig();
    config.setPoolName("orders");
    config.setJdbcUrl("jdbc:h2:mem:exhaustion");
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(250);
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void tearDown() {
    AgentLog.setOutput(System.err);
    pool.close();
  }

  @Test
  void aTimeoutNamesWhoHoldsTheConnectionsByCallSite() {
    Connection first = borrowFromApp(tracker, pool).connection();
    Connection second = borrowFromApp(tracker, pool).connection();

    Throwable timeout = borrowAndFail();

    assertThat(timeout).hasMessageContaining("request timed out");
    assertThat(explained).singleElement().satisfies(e -> {
      assertThat(e.pool()).isEqualTo("orders");
      assertThat(e.held()).isEqualTo(2);
      assertThat(e.failure()).contains("request timed out");
      assertThat(e.holders()).singleElement().satisfies(h -> {
        assertThat(h.callSite()).isEqualTo(AppCode.CALL_SITE);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.threads()).containsExactly(Thread.currentThread().getName());
        assertThat(h.stack()).first().asString().startsWith("com.example.shop.Checkout.accept");
      });
    });
    assertThat(agentLog.toString(StandardCharsets.UTF_8))
        .contains("[pool-agent] pool orders exhausted: a borrow timed out (")
        .contains("2 connections held now, by call site:")
        .contains("2 borrowed at " + AppCode.CALL_SITE + ", longest held ")
        .contains("      at " + AppCode.CALL_SITE);
    assertThat(first).isNotSameAs(second);
  }

  /**
   * HikariCP never gets back a connection the app dropped unclosed: at {@code total=2, active=2}
   * one is held and one was collected, and the explanation must say both, not "1 held".
   */
  @Test
  void connectionsLostToCollectedLeaksAreExplainedApart() throws Exception {
    Advice.leakFromApp(tracker, pool);
    Await.until(
        () -> tracker.report().totals().collected(),
        collected -> collected == 1,
        () -> {
          System.gc();
          tracker.drainCollected(0);
        });
    borrowFromApp(tracker, pool);

    Throwable timeout = borrowAndFail();

    assertThat(timeout).hasMessageContaining("total=2, active=2");
    assertThat(explained).singleElement().satisfies(e -> {
      assertThat(e.held()).isEqualTo(1);
      assertThat(e.holders()).singleElement().satisfies(h -> assertThat(h.count()).isEqualTo(1));
      assertThat(e.collected()).singleElement().satisfies(c -> {
        assertThat(c.callSite()).isEqualTo(AppCode.CALL_SITE);
        assertThat(c.count()).isEqualTo(1);
        assertThat(c.threads()).containsExactly(Thread.currentThread().getName());
        assertThat(c.stack()).first().asString().startsWith("com.example.shop.Checkout.accept");
      });
    });
    assertThat(agentLog.toString(StandardCharsets.UTF_8))
        .contains("1 connection held now, by call site:")
        .contains(
            "[pool-agent] pool orders also lost 1 connection to leaks: dropped without close() and"
                + " garbage-collected")
        .containsPattern("1 borrowed at \\Q" + AppCode.CALL_SITE + "\\E, the first \\d+ ms ago");
    // The report's episode says the same.
    assertThat(tracker.report().pools()).singleElement().satisfies(p ->
        assertThat(p.exhaustions()).singleElement().satisfies(episode -> {
          assertThat(episode.held()).isEqualTo(1);
          assertThat(episode.holders()).singleElement()
              .satisfies(h -> assertThat(h.count()).isEqualTo(1));
          assertThat(episode.collected()).singleElement().satisfies(c -> {
            assertThat(c.callSite()).isEqualTo(AppCode.CALL_SITE);
            assertThat(c.count()).isEqualTo(1);
          });
        }));
    assertThat(tracker.live()).singleElement().satisfies(live -> {
      assertThat(live.held()).isEqualTo(1);
      assertThat(live.collectedCount()).isEqualTo(1);
      assertThat(PoolLeases.lines(List.of(live)))
          .startsWith("pool orders (hikari): 1 connection held now, by call site:")
          .anySatisfy(l -> assertThat(l).startsWith("pool orders also lost 1 connection"));
    });
  }

  @Test
  void aStormOfTimeoutsIsExplainedOnce() {
    borrowFromApp(tracker, pool);
    borrowFromApp(tracker, pool);

    borrowAndFail();
    borrowAndFail();

    assertThat(explained).hasSize(1);
    assertThat(tracker.sources().of(pool).timeouts()).isEqualTo(2);
  }

  @Test
  void theReportListsTheEpisodeAndItsTimeoutsInTheTimeline() {
    borrowFromApp(tracker, pool);
    borrowFromApp(tracker, pool);
    borrowAndFail();
    borrowAndFail();

    Report.PoolSummary orders = tracker.report().pools().get(0);

    assertThat(orders.exhaustions()).singleElement().satisfies(e -> {
      assertThat(e.timeouts()).isEqualTo(2);
      assertThat(e.held()).isEqualTo(2);
      assertThat(e.holders()).singleElement().satisfies(h -> {
        assertThat(h.callSite()).isEqualTo(AppCode.CALL_SITE);
        assertThat(h.count()).isEqualTo(2);
      });
    });
    assertThat(orders.exhaustionsOmitted()).isZero();
    // The report's own reading: the agent's two open leases, no gauge reader in agent-pool.
    assertThat(orders.timeline()).singleElement().satisfies(p -> {
      assertThat(p.inUseMax()).isEqualTo(2);
      assertThat(p.borrows()).isEqualTo(2);
      assertThat(p.timeouts()).isEqualTo(2);
      assertThat(p.pendingMax()).isNull();
    });
  }

  @Test
  void aFailureThatIsNoTimeoutIsNotExplained() {
    tracker.borrowFailed(tracker.sources().of(pool), new SQLException("password authentication failed"));

    assertThat(explained).isEmpty();
    assertThat(agentLog.toString(StandardCharsets.UTF_8)).doesNotContain("exhausted");
  }

  /** A borrow the pool cannot serve in time, reported to the tracker as the advice does. */
  private Throwable borrowAndFail() {
    Throwable thrown = catchThrowable(() -> pool.getConnection());
    tracker.borrowFailed(tracker.sources().of(pool), thrown);
    return thrown;
  }
}
