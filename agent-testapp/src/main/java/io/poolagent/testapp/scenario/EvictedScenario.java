package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.failover.StaleConnections;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * Connections handed back through the pool's own API instead of {@code close()} ({@link
 * StaleConnections}): 3 never closed, then garbage-collected while the app runs, and 1 closed
 * after it was disposed of. No leak: each borrow ended when the pool took the connection back.
 */
final class EvictedScenario implements Scenario {
  private static final int DISPOSED = 3;
  private static final int GC_ROUNDS = 5;
  private static final long GC_PAUSE_MILLIS = 200;

  @Override
  public void run(Database db, Options options, PrintStream out)
      throws SQLException, InterruptedException {
    StaleConnections stale = new StaleConnections(db, options.via());
    for (int id = 1; id <= DISPOSED; id++) {
      stale.checkAndDispose(id);
    }
    stale.checkDisposeAndClose(DISPOSED + 1);
    out.println("evicted: " + (DISPOSED + 1) + " connections disposed of through the pool");
    // The disposed connections are garbage now: a collection while the app runs would show any
    // that were taken for leaks.
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
      Thread.sleep(GC_PAUSE_MILLIS);
    }
  }
}
