package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.TestPools;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.LeaseTracker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each real pool's state as the agent reads it: exactly what the pool holds, values the pool does
 * not expose absent, and a pool that has not started left so (the database sees no connection).
 */
class PoolStateTest {

  private LeaseTracker tracker;
  private String url;
  private Connection keepAlive;
  private DataSource pool;
  private long t;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    url = "jdbc:h2:mem:pool-state-" + System.nanoTime();
    keepAlive = DriverManager.getConnection(url, TestPools.USER, "");
    t = System.nanoTime();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pool != null) {
      TestPools.close(pool);
    }
    keepAlive.close();
  }

  /** What each pool exposes besides used and idle: max, idle.min, idle.max, pending. */
  private record Exposed(boolean max, boolean idleMin, boolean idleMax, boolean pending) {}

  private static Exposed exposed(TestPools kind) {
    switch (kind) {
      case HIKARI:
      case DRUID:
        return new Exposed(true, true, false, true);
      case DBCP2:
      case TOMCAT_DBCP:
      case TOMCAT_JDBC:
        return new Exposed(true, true, true, true);
      case UCP:
        // Its maxIdle is unlimited unless set: no limit, so absent.
        return new Exposed(true, true, false, true);
      case C3P0:
      case AGROAL:
        return new Exposed(true, false, false, true);
      case VIBUR:
        return new Exposed(true, false, false, false);
      default:
        throw new IllegalArgumentException(kind.name());
    }
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void aStartedPoolTellsWhatItHolds(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of(url).max(3));
    ConnectionSource source = tracker.sources().of(pool);
    Connection returned = borrow(source);
    Connection held = borrow(source);
    returned.close();
    tracker.returned(returned, t);

    PoolState state = PoolState.of(source);

    assertThat(state.used()).as("used").isEqualTo(1);
    assertThat(state.idle()).as("idle").isEqualTo(OptionalLong.of(1));
    Exposed exposed = exposed(kind);
    assertThat(state.max()).as("max").isEqualTo(exposed.max() ? OptionalLong.of(3) : OptionalLong.empty());
    assertThat(state.idleMin().isPresent()).as("idle.min present").isEqualTo(exposed.idleMin());
    if (exposed.idleMin()) {
      assertThat(state.idleMin()).as("idle.min").isEqualTo(OptionalLong.of(0));
    }
    assertThat(state.idleMax().isPresent()).as("idle.max present").isEqualTo(exposed.idleMax());
    assertThat(state.pending())
        .as("pending")
        .isEqualTo(exposed.pending() ? OptionalLong.of(0) : OptionalLong.empty());
    held.close();
  }

  @ParameterizedTest
  @EnumSource(value = TestPools.class, mode = EnumSource.Mode.EXCLUDE, names = "AGROAL")
  void anUnstartedPoolGivesNoValuesAndIsNotStartedByReading(TestPools kind) throws Exception {
    // A pool that, once started, opens two connections at once.
    pool = kind.build(TestPools.Settings.of(url).max(3).initial(2));
    ConnectionSource source = tracker.sources().of(pool);

    PoolState state = PoolState.of(source);
    PoolState again = PoolState.of(source);

    assertThat(state.used()).isZero();
    assertThat(state.idle()).isEmpty();
    assertThat(state.max()).isEmpty();
    assertThat(state.idleMin()).isEmpty();
    assertThat(state.idleMax()).isEmpty();
    assertThat(state.pending()).isEmpty();
    assertThat(again).isEqualTo(state);
    assertThat(sessions()).as("connections to the database besides the test's own").isEqualTo(1);
  }

  // c3p0 is left out: it closes its connections asynchronously, so the database's count of them
  // cannot tell a reopened pool from a closing one without waiting.
  @ParameterizedTest
  @EnumSource(value = TestPools.class, names = {"DBCP2", "TOMCAT_JDBC", "VIBUR", "DRUID"})
  void aClosedPoolGivesNoValuesAndIsNotReopenedByReading(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of(url).max(3).initial(2));
    ConnectionSource source = tracker.sources().of(pool);
    borrow(source).close();
    TestPools.close(pool);

    PoolState state = PoolState.of(source);

    assertThat(state.idle()).isEmpty();
    assertThat(state.max()).isEmpty();
    assertThat(sessions()).as("connections to the database besides the test's own").isEqualTo(1);
    pool = null;
  }

  private Connection borrow(ConnectionSource source) throws Exception {
    Connection connection = pool.getConnection();
    tracker.borrowed(source, connection, t, t);
    return connection;
  }

  private long sessions() throws Exception {
    try (Statement statement = keepAlive.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
