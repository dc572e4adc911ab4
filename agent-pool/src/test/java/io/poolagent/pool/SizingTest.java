package io.poolagent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import io.poolagent.lease.Await;
import io.poolagent.lease.LeaseTracker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The managed pool's bounds, counted where a DBA counts them: the server's sessions of this
 * test's DataSource ({@code pg_stat_activity}, by a unique {@code applicationName}).
 */
class SizingTest {

  private static final int MAX_SIZE = 5;
  private static final int THREADS = 20;
  private static final long RUN_MILLIS = 2_000;
  private static final long HOLD_MILLIS = 50;

  private final String applicationName = "pool-agent-sizing-" + UUID.randomUUID();
  private LeaseTracker tracker;
  private ManagedPools pools;
  private ExecutorService workers;

  private void start(String agentArgs) throws Exception {
    tracker = new LeaseTracker(SettingsParser.parse(agentArgs, Map.of(), Map.of()));
    pools = new ManagedPools(tracker, tracker.settings().pool(), DriverManagerConnector.direct());
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (pools != null) {
      pools.closeAll();
    }
  }

  @Test
  void twentyThreadsNeverHoldMoreThanMaxSizeSessions() throws Exception {
    start("mode=manage,pool.maxSize=" + MAX_SIZE + ",pool.minIdle=2");
    DataSource dataSource = Databases.POSTGRES.dataSource(applicationName);
    // One borrow first: the pool starts. Its first physical connect, a probe the pool closes
    // before its engine starts, would otherwise be counted while the server is still ending it.
    borrow(dataSource).close();

    workers = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger borrows = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      running.add(
          workers.submit(
              () -> {
                go.await();
                while (System.nanoTime() - end < 0) {
                  try (Connection connection = borrow(dataSource);
                      Statement st = connection.createStatement();
                      ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                    Thread.sleep(HOLD_MILLIS);
                    borrows.incrementAndGet();
                  } catch (Throwable e) {
                    failures.add(e);
                    return null;
                  }
                }
                return null;
              }));
    }

    int maxSessions = 0;
    int maxInPool = 0;
    int samples = 0;
    try (Connection observer = Databases.POSTGRES.direct()) {
      go.countDown();
      while (running.stream().anyMatch(f -> !f.isDone())) {
        maxSessions = Math.max(maxSessions, Databases.backends(observer, applicationName).size());
        ManagedPool pool = pools.pools().iterator().next();
        // One reading: active() + idle() are two, between which a connection can move.
        maxInPool = Math.max(maxInPool, pool.total());
        samples++;
        Thread.sleep(10);
      }
    }
    for (Future<?> f : running) {
      f.get();
    }

    assertThat(failures).as("borrows that failed").isEmpty();
    assertThat(borrows.get()).as("borrows made").isGreaterThanOrEqualTo(THREADS);
    assertThat(samples).as("samples of pg_stat_activity taken during the run").isPositive();
    assertThat(maxSessions)
        .as("most server sessions of this DataSource at once, over %d samples", samples)
        .isBetween(1, MAX_SIZE);
    assertThat(maxInPool).as("most connections in the pool at once").isBetween(1, MAX_SIZE);
    assertThat(pools.pools()).as("one DataSource, one pool").hasSize(1);
  }

  @Test
  void keepsMinIdleSessionsOpenOnceStarted() throws Exception {
    start("mode=manage,pool.maxSize=" + MAX_SIZE + ",pool.minIdle=3");
    DataSource dataSource = Databases.POSTGRES.dataSource(applicationName);
    borrow(dataSource).close();

    ManagedPool pool = pools.pools().iterator().next();
    try (Connection observer = Databases.POSTGRES.direct()) {
      int sessions =
          Await.until(
              () -> Databases.backends(observer, applicationName).size(), n -> n >= 3);
      assertThat(sessions).as("server sessions kept open, with nothing borrowed").isBetween(3, MAX_SIZE);
    }
    assertThat(Await.until(pool::idle, n -> n >= 3))
        .as("idle connections in the pool")
        .isGreaterThanOrEqualTo(3);
    assertThat(pool.active()).as("connections lent out").isZero();
  }

  private Connection borrow(DataSource dataSource) throws SQLException {
    Connection connection = pools.route(dataSource, null, null, null, 0);
    assertThat(connection).as("a driver DataSource is routed to a managed pool").isNotNull();
    return connection;
  }
}
