package io.poolagent.pool;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread of a managed pool: its engine's housekeeping and connection adders, and the start of
 * the pool. Every physical connect of a managed pool runs on one, which is how the agent knows
 * not to route it back into the pool: one {@code instanceof}, no thread-local, no stack walk.
 */
public final class PoolThread extends Thread {

  private PoolThread(Runnable task, String name) {
    super(task, name);
    // Never what keeps a JVM alive: the application decides when it ends.
    setDaemon(true);
  }

  /** Whether the current thread is a managed pool's: its connects are the pool's own. */
  public static boolean isCurrent() {
    return Thread.currentThread() instanceof PoolThread;
  }

  static ThreadFactory factory(String poolName) {
    AtomicInteger count = new AtomicInteger();
    return task -> new PoolThread(task, "pool-agent " + poolName + " #" + count.incrementAndGet());
  }
}
