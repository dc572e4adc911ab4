package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import java.io.PrintStream;

/**
 * One named workload. Apart from {@code load} and {@code soak}, what a scenario prints must be the
 * same on every run: tests compare the output with and without the agent attached.
 */
public interface Scenario {
  void run(Database db, Options options, PrintStream out) throws Exception;
}
