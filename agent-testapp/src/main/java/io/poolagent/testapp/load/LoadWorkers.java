package io.poolagent.testapp.load;

import io.poolagent.testapp.OneLine;
import io.poolagent.testapp.db.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code load-worker-N} threads of one run, started together and summed once joined. Shared by
 * the scenarios that put a service's steady traffic on the pool.
 */
public final class LoadWorkers {
  private final List<LoadWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final LatencyHistogram latencies = new LatencyHistogram();
  private final SqlStateCounts errorStates = new SqlStateCounts();
  private long requests;
  private long errors;

  private LoadWorkers() {}

  /**
   * Starts {@code count} daemon workers that run until {@code deadlineNanos}. The first failure is
   * shown on stderr as {@code <label>: first error: ...}: one message is enough to diagnose, and
   * thousands would drown the result line.
   */
  public static LoadWorkers start(
      Database db,
      int count,
      long measureFromNanos,
      long deadlineNanos,
      Duration think,
      String label) {
    LoadWorkers group = new LoadWorkers();
    AtomicBoolean errorShown = new AtomicBoolean();
    for (int i = 1; i <= count; i++) {
      LoadWorker worker =
          new LoadWorker(
              db,
              measureFromNanos,
              deadlineNanos,
              think,
              i,
              e -> {
                if (errorShown.compareAndSet(false, true)) {
                  System.err.println(label + ": first error: " + OneLine.of(e));
                }
              });
      Thread thread = new Thread(worker, "load-worker-" + i);
      thread.setDaemon(true);
      group.workers.add(worker);
      group.threads.add(thread);
      thread.start();
    }
    return group;
  }

  /** Waits for every worker to pass its deadline, then sums what they counted. */
  public void join() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
    for (LoadWorker worker : workers) {
      latencies.add(worker.latencies());
      errorStates.add(worker.errorStates());
      requests += worker.requests();
      errors += worker.errors();
    }
  }

  /** Read only after {@link #join()}. */
  public LatencyHistogram latencies() {
    return latencies;
  }

  /** Read only after {@link #join()}. */
  public SqlStateCounts errorStates() {
    return errorStates;
  }

  /** Read only after {@link #join()}. */
  public long requests() {
    return requests;
  }

  /** Read only after {@link #join()}. */
  public long errors() {
    return errors;
  }
}
