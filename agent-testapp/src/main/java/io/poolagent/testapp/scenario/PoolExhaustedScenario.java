package io.poolagent.testapp.scenario;

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
 */
final class PoolExhaustedScenario implements Scenario {

  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    int holders = options.poolSize();
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
      out.println("pool-exhausted: request served (this path does not pool)");
    } catch (SQLException e) {
      out.println("pool-exhausted: request refused by the pool: " + e.getClass().getSimpleName());
    } finally {
      release.countDown();
      for (Thread export : exports) {
        export.join();
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    out.println("pool-exhausted: " + holders + " exports done");
  }
}
