package io.poolagent.testapp.imports;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The import executor. Its threads are named so a leak report can show that the borrow happened
 * on a worker, and are daemons so they never hold the JVM open.
 */
public final class ImportWorkers {
  public static final int THREADS = 2;

  private ImportWorkers() {}

  public static ExecutorService start() {
    AtomicInteger next = new AtomicInteger(1);
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "import-worker-" + next.getAndIncrement());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newFixedThreadPool(THREADS, factory);
  }
}
