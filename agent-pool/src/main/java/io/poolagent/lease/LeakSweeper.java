package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.time.Duration;

/**
 * The agent's one background thread. It wakes when the collector queues a dropped connection, and
 * at least every {@code period} to look for leases held past the threshold; nothing is scheduled
 * per borrow. The period is a quarter of the threshold (a leak is seen at most 25% late), kept
 * between 10 ms and 1 s. At each sweep it also reads the pools' gauges for the report's timelines,
 * and it writes the report's checkpoints, at most a period late.
 */
public final class LeakSweeper implements Runnable {

  public static final String THREAD_NAME = "pool-agent-leak-sweeper";

  private final LeaseTracker tracker;
  private final long periodMillis;
  private volatile Thread thread;
  /** Set before {@link #start}; null: no checkpoints. */
  private Runnable checkpoint;
  private long checkpointNanos;
  /** Set before {@link #start}; null: none. */
  private Runnable eachScan;

  public LeakSweeper(LeaseTracker tracker, Duration leakThreshold) {
    this.tracker = tracker;
    this.periodMillis = Math.max(10, Math.min(1000, leakThreshold.toMillis() / 4));
  }

  /** Runs {@code checkpoint} every {@code interval}, on this thread; call before {@link #start}. */
  public void checkpointEvery(Duration interval, Runnable checkpoint) {
    this.checkpoint = checkpoint;
    this.checkpointNanos = interval.toNanos();
  }

  /**
   * Runs {@code task} after each scan for suspects, on this thread; call before {@link #start}. It
   * must be quick, or rate-limit itself: scans come every 10 ms to 1 s.
   */
  public void alsoEachScan(Runnable task) {
    this.eachScan = task;
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
    long nextCheckpoint = nextScan + checkpointNanos;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        long waitMillis = Math.max(1, (nextScan - System.nanoTime()) / 1_000_000);
        tracker.drainCollected(waitMillis);
        long now = System.nanoTime();
        if (now - nextScan >= 0) {
          tracker.sweepSuspects(now);
          tracker.sampleTimelines(now);
          if (eachScan != null) {
            eachScan.run();
          }
          nextScan = now + periodMillis * 1_000_000;
        }
        if (checkpoint != null && now - nextCheckpoint >= 0) {
          checkpoint.run();
          nextCheckpoint = now + checkpointNanos;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // The sweeper must survive anything: one bad lease must not end leak detection.
        AgentLog.warn("leak sweeper: " + e);
      }
    }
  }
}
