package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import java.io.PrintStream;

/**
 * The README's demo: three kinds of leak and one long hold in one run, so a single report shows
 * leaks grouped by call site in every state (with {@code leakThreshold} below {@code --hold}).
 */
final class DemoScenario implements Scenario {
  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    new ExceptionLeakScenario().run(db, options, out);
    new MethodLeakScenario().run(db, options, out);
    new ExecutorLeakScenario().run(db, options, out);
    new LongHoldScenario().run(db, options, out);
  }
}
