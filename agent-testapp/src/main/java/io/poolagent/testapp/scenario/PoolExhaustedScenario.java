package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cache.CacheWarmer;
import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.exports.ExportBatch;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code --pool-size} exports each hold a connection on an {@code export-worker-N} thread; one
 * more request then waits {@code --borrow-timeout} and is refused by the pool; the exports close.
 * No leak: what the agent must say is who held the pool when it ran dry. Through a path that does
 * not pool, the request is simply served.
 *
 * <p>As {@code pool-lost}, {@link CacheWarmer} first drops {@value #DROPPED} connections, which
 * are collected: a pool that never gets them back (HikariCP) is that much smaller, and the exports
 * hold the rest. They then hold for {@code --hold}, for a look at the running JVM, and close.
 */
final class PoolExhaustedScenario implements Scenario {

  static final int DROPPED = 2;
  private static final int GC_ROUNDS = 5;
  private static final long GC_PAUSE_MILLIS = 200;

  private final String name;
  private final boolean lose;

  PoolExhaustedScenario(String name, boolean lose) {
    this.name = name;
    this.lose = lose;
  }

  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    int holders = options.poolSize();
    if (lose) {
      new CacheWarmer(db).warm();
      for (int i = 0; i < GC_ROUNDS; i++) {
        System.gc();
        Thread.sleep(GC_PAUSE_MILLIS);
      }
      holders -= DROPPED;
    }
    CountDownLatch borrowed = new CountDownLatch(holders);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> exports = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (int i = 1; i <= holders; i++) {
      Thread export =
          new Thread(
              () -> {
                try {
                  new ExportBatch(db).run(borrowed, release);
                } catch (SQLException | InterruptedException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                  borrowed.countDown();
                }
              },
              "export-worker-" + i);
      exports.add(export);
      export.start();
    }
    borrowed.await();
    try (Connection request = db.connect()) {
      out.println(name + ": request served (this path does not pool)");
    } catch (SQLException e) {
      out.println(name + ": request refused by the pool: " + e.getClass().getSimpleName());
    } finally {
      if (lose) {
        out.println(
            name + ": holding " + holders + " connections for " + options.hold().toMillis() + " ms");
        Thread.sleep(options.hold().toMillis());
      }
      release.countDown();
      for (Thread export : exports) {
        export.join();
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    out.println(name + ": " + holders + " exports done");
  }
}
