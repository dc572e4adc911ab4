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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * IronJacamar's "IJ000655: No managed connections available within configured blocking timeout",
 * from a real pool of one connection, held; as {@link PoolTimeoutsTest} checks the other pools.
 */
class IronJacamarTimeoutsTest {

  private LeaseTracker tracker;
  private Connection keepAlive;
  private String url;
  private IronJacamarPools.Built pool;

  @BeforeEach
  void setUp() throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse("", Map.of(), Map.of()));
    url = "jdbc:h2:mem:ironjacamar-timeouts-" + System.nanoTime();
    // Creates the database with its password, and keeps it while the test runs.
    keepAlive = DriverManager.getConnection(url, TestPools.USER, "");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pool != null) {
      pool.close();
    }
    keepAlive.close();
  }

  private Throwable timedOut() throws Exception {
    pool = IronJacamarPools.create(url, "", 1, 300, "OrdersDS", "java:/OrdersDS", false);
    try (Connection held = pool.application().getConnection()) {
      Throwable thrown = catchThrowable(pool.application()::getConnection);
      assertThat(thrown).as("a second borrow from a pool of one").isNotNull();
      return thrown;
    }
  }

  @Test
  void anExhaustedPoolTimingOutIsCountedAsATimeout() throws Exception {
    Throwable thrown = timedOut();
    ConnectionSource source = tracker.sources().of(pool.application());

    tracker.borrowFailed(source, thrown);

    assertThat(PoolTimeouts.recognises(source.vendor())).isTrue();
    assertThat(source.timeouts()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsNoTimeout() throws Exception {
    pool = IronJacamarPools.create(url, "wrong", 1, 5_000, "OrdersDS", "java:/OrdersDS", false);
    ConnectionSource source = tracker.sources().of(pool.application());

    Throwable thrown = catchThrowable(pool.application()::getConnection);

    assertThat(thrown).as("a borrow with a wrong password").isNotNull();
    tracker.borrowFailed(source, thrown);
    assertThat(source.timeouts()).isZero();
  }

  @Test
  void ironJacamarsTimeoutIsNoOtherPoolsTimeout() throws Exception {
    Throwable thrown = timedOut();

    for (TestPools other : TestPools.values()) {
      assertThat(PoolTimeouts.isTimeout(other.vendor, thrown)).as(other.vendor).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestPools.class)
  void anotherPoolsTimeoutIsNoIronJacamarTimeout(TestPools kind) throws Exception {
    DataSource other = kind.create(TestPools.Settings.of(url).max(1).timeoutMillis(300));
    try (Connection held = other.getConnection()) {
      Throwable thrown = catchThrowable(other::getConnection);

      assertThat(thrown).as("a second borrow from a pool of one").isNotNull();
      assertThat(PoolTimeouts.isTimeout("ironjacamar", thrown)).isFalse();
    } finally {
      TestPools.close(other);
    }
  }
}
