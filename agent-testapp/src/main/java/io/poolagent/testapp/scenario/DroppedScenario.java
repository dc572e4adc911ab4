package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cache.CacheWarmer;
import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Map;

/** Two connections dropped by {@link CacheWarmer}, then garbage-collected: 2 collected leaks. */
final class DroppedScenario implements Scenario {
  private static final int GC_ROUNDS = 5;
  private static final long GC_PAUSE_MILLIS = 200;

  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    Map<String, BigDecimal> totals = new CacheWarmer(db).warm();
    out.println("dropped: warmed " + totals.size() + " cache entries");
    // Collect while the app still runs, so a detector inside it sees the leaks before exit; the
    // pauses give reference processing time to enqueue them.
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
      Thread.sleep(GC_PAUSE_MILLIS);
    }
  }
}
