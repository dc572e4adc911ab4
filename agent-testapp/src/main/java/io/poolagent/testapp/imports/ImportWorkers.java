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

  /**
   * One unnamed virtual thread per task, as {@code Executors.newVirtualThreadPerTaskExecutor()}
   * makes them. Looked up reflectively: the app is compiled for Java 17 and runs on 21+ too.
   */
  public static ExecutorService startVirtual() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw new UnsupportedOperationException(
          "--virtual-threads needs Java 21 or newer; this is Java "
              + System.getProperty("java.version"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not start virtual threads", e);
    }
  }

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
