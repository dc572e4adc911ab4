package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.poolagent.config.SettingsParser;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each pool's own "timed out waiting for a connection", from the real pool: a pool of one
 * connection, held, and a second borrow that has to give up. A database that refuses the
 * connection (a wrong password) is no timeout.
 */
class PoolTimeoutsTest {

  private LeaseTracker tracker;
  private DataSource pool;
  private Connection keepAlive;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    url = "jdbc:h2:mem:pool-timeouts-" + System.nanoTime();
    // Creates the database with its password, and keeps it while the test runs.
    keepAlive = DriverManager.getConnection(url, TestPools.USER, "");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pool != null) {
      TestPools.close(pool);
    }
    keepAlive.close();
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void anExhaustedPoolTimingOutIsCountedAsATimeout(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of(url).max(1).timeoutMillis(300));
    ConnectionSource source = tracker.sources().of(pool);
    try (Connection held = pool.getConnection()) {
      Throwable thrown = catchThrowable(pool::getConnection);

      assertThat(thrown).as("a second borrow from a pool of one").isNotNull();
      tracker.borrowFailed(source, thrown);
    }

    assertThat(PoolTimeouts.recognises(source.vendor())).isTrue();
    assertThat(source.timeouts()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void aWrongPasswordIsNoTimeout(TestPools kind) throws Exception {
    // Long enough that the pool gives up on the database before it gives up waiting.
    pool = kind.create(TestPools.Settings.of(url).password("wrong").max(1).timeoutMillis(5_000));
    ConnectionSource source = tracker.sources().of(pool);

    Throwable thrown = catchThrowable(pool::getConnection);

    assertThat(thrown).as("a borrow with a wrong password").isNotNull();
    tracker.borrowFailed(source, thrown);
    assertThat(source.timeouts()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void aFailureOfAnotherPoolIsNotReadAsThisPoolsTimeout(TestPools kind) throws Exception {
    pool = kind.create(TestPools.Settings.of(url).max(1).timeoutMillis(300));
    Throwable thrown;
    try (Connection held = pool.getConnection()) {
      thrown = catchThrowable(pool::getConnection);
    }

    for (TestPools other : TestPools.values()) {
      if (!other.vendor.equals(kind.vendor) && !sameFamily(kind, other)) {
        assertThat(PoolTimeouts.isTimeout(other.vendor, thrown)).as(other.vendor).isFalse();
      }
    }
    assertThat(PoolTimeouts.isTimeout("datasource", thrown)).isFalse();
  }

  /** DBCP2 and Tomcat DBCP are one code base: they time out alike. */
  private static boolean sameFamily(TestPools a, TestPools b) {
    return a.vendor.contains("dbcp") && b.vendor.contains("dbcp");
  }
}
