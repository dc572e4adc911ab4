package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.imports.ImportTask;
import io.poolagent.testapp.imports.ImportWorkers;
import io.poolagent.testapp.imports.PendingImports;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Four import tasks on two worker threads (or on four virtual threads), each parking its
 * connection: 4 leaks open at exit.
 */
final class ExecutorLeakScenario implements Scenario {
  private static final int TASKS = 4;

  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    ExecutorService workers =
        options.virtualThreads() ? ImportWorkers.startVirtual() : ImportWorkers.start();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int batch = 1; batch <= TASKS; batch++) {
        done.add(workers.submit(new ImportTask(db, batch)));
      }
      Tasks.awaitAll(done);
    } finally {
      workers.shutdown();
    }
    // Totals only: which worker ran which batch differs from run to run.
    out.println(
        "executor-leak: "
            + PendingImports.count()
            + " imports pending, "
            + PendingImports.rows()
            + " orders staged");
  }
}
