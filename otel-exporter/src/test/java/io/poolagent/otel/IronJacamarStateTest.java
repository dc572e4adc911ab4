package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.IronJacamarPools;
import io.poolagent.lease.LeaseTracker;
import java.sql.Connection;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IronJacamar's state as the agent reads it from WildFly's DataSource: its statistics where the
 * datasource has them enabled, else only what needs none (the maximum, the waiting threads) and
 * used as the agent counts it; never the zeros that disabled statistics answer.
 */
class IronJacamarStateTest {

  private LeaseTracker tracker;
  private IronJacamarPools.Built pool;
  private long t;

  @BeforeEach
  void setUp() throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    t = System.nanoTime();
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  private void create(boolean statistics) throws Exception {
    pool =
        IronJacamarPools.create(
            "jdbc:h2:mem:ironjacamar-state-" + System.nanoTime(),
            3,
            "OrdersDS",
            "java:jboss/datasources/OrdersDS",
            statistics);
  }

  private Connection borrow(ConnectionSource source) throws Exception {
    Connection connection = pool.application().getConnection();
    tracker.borrowed(source, connection, t, t);
    return connection;
  }

  @Test
  void withStatisticsThePoolTellsWhatItHolds() throws Exception {
    create(true);
    ConnectionSource source = tracker.sources().of(pool.application());
    Connection returned = borrow(source);
    Connection held = borrow(source);
    returned.close();
    tracker.returned(returned, t);

    PoolState state = PoolState.of(source);

    assertThat(state.used()).as("used").isEqualTo(1);
    assertThat(state.idle()).as("idle").isEqualTo(OptionalLong.of(1));
    assertThat(state.max()).as("max").isEqualTo(OptionalLong.of(3));
    assertThat(state.idleMin()).as("idle.min").isEmpty();
    assertThat(state.idleMax()).as("idle.max").isEmpty();
    assertThat(state.pending()).as("pending").isEqualTo(OptionalLong.of(0));
    held.close();
  }

  @Test
  void withoutStatisticsOnlyWhatIsKnownIsGiven() throws Exception {
    create(false);
    ConnectionSource source = tracker.sources().of(pool.application());
    Connection returned = borrow(source);
    Connection held = borrow(source);
    returned.close();
    tracker.returned(returned, t);

    PoolState state = PoolState.of(source);

    assertThat(state.used()).as("used, as the agent counts it").isEqualTo(1);
    assertThat(state.idle()).as("idle: the disabled statistics' 0 is no count").isEmpty();
    assertThat(state.max()).as("max").isEqualTo(OptionalLong.of(3));
    assertThat(state.pending()).as("pending").isEqualTo(OptionalLong.of(0));
    held.close();
  }

  @Test
  void threadsWaitingForAFullPoolArePending() throws Exception {
    create(false);
    ConnectionSource source = tracker.sources().of(pool.application());
    Connection[] all = {borrow(source), borrow(source), borrow(source)};
    Thread waiter =
        new Thread(
            () -> {
              try (Connection late = pool.application().getConnection()) {
                late.isValid(1);
              } catch (Exception timedOutOrServed) {
                // Either way the wait was what the test looked at.
              }
            });
    waiter.start();
    try {
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (PoolState.of(source).pending().orElse(-1) != 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(PoolState.of(source).pending()).isEqualTo(OptionalLong.of(1));
    } finally {
      for (Connection connection : all) {
        connection.close();
      }
      waiter.join(5_000);
    }
  }

  @Test
  void aPoolThatWasShutDownGivesNoValues() throws Exception {
    create(true);
    ConnectionSource source = tracker.sources().of(pool.application());
    borrow(source).close();
    pool.close();

    PoolState state = PoolState.of(source);

    assertThat(state.idle()).isEmpty();
    assertThat(state.max()).isEmpty();
    assertThat(state.pending()).isEmpty();
  }
}
