package io.poolagent.testapp.scenario;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a scenario's background tasks. */
final class Tasks {
  private Tasks() {}

  /** Waits for each task in turn; the first that failed fails the scenario with its own error. */
  static void awaitAll(List<? extends Future<?>> tasks) throws Exception {
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (ExecutionException e) {
        // The task's failure is the real one; the wrapper would only add noise.
        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
      }
    }
  }
}
