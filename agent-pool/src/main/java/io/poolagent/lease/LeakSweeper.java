package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's one background thread. It wakes when the collector queues a dropped connection, and
 * at least every {@code period} to look for leases held past the threshold; nothing is scheduled
 * per borrow. The period is a quarter of the threshold (a leak is seen at most 25% late), kept
 * between 10 ms and 1 s. At each sweep it also reads the pools' gauges for the report's timelines;
 * and it runs the tasks given to {@link #every} (the report's checkpoints), at most a period late.
 */
public final class LeakSweeper implements Runnable {

  public static final String THREAD_NAME = "pool-agent-leak-sweeper";

  private final LeaseTracker tracker;
  private final long periodMillis;
  private volatile Thread thread;
  /** Added before {@link #start}, read by this thread only after. */
  private final List<Periodic> periodic = new ArrayList<>();

  public LeakSweeper(LeaseTracker tracker, Duration leakThreshold) {
    this.tracker = tracker;
    this.periodMillis = Math.max(10, Math.min(1000, leakThreshold.toMillis() / 4));
  }

  /**
   * Runs {@code task} every {@code interval} (the first time one interval after the start), on
   * this thread, at most a period late; call before {@link #start}. For the report's checkpoints,
   * and anything else that must stay off the application's threads.
   */
  public void every(Duration interval, Runnable task) {
    periodic.add(new Periodic(task, interval.toNanos()));
  }

  public void start() {
    Thread t = new Thread(this, THREAD_NAME);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Stops the thread and waits briefly for it; the final sweep is the caller's. */
  public void stop() throws InterruptedException {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      t.join(1000);
    }
  }

  @Override
  public void run() {
    long nextScan = System.nanoTime();
    for (Periodic p : periodic) {
      p.next = nextScan + p.periodNanos;
    }
    while (!Thread.currentThread().isInterrupted()) {
      try {
        long waitMillis = Math.max(1, (nextScan - System.nanoTime()) / 1_000_000);
        tracker.drainCollected(waitMillis);
        long now = System.nanoTime();
        if (now - nextScan >= 0) {
          tracker.sweepSuspects(now);
          tracker.sampleTimelines(now);
          nextScan = now + periodMillis * 1_000_000;
        }
        for (Periodic p : periodic) {
          if (now - p.next >= 0) {
            p.next = now + p.periodNanos;
            p.task.run();
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // The sweeper must survive anything: one bad lease must not end leak detection.
        AgentLog.warn("leak sweeper: " + e);
      }
    }
  }

  /** A task run every so often; {@code next} is this thread's only. */
  private static final class Periodic {
    final Runnable task;
    final long periodNanos;
    long next;

    Periodic(Runnable task, long periodNanos) {
      this.task = task;
      this.periodNanos = periodNanos;
    }
  }
}
