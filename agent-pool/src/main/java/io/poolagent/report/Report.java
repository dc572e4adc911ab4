package io.poolagent.report;

import java.util.List;
import java.util.Map;

/**
 * The leak report as users read it: the JSON file written at JVM exit and the input of
 * {@code pool-agent.jar check}. Field names here are the JSON names; docs/report.md documents them.
 *
 * @param schemaVersion bumped only on an incompatible change of the JSON layout
 * @param settings the effective agent settings, as {@code key -> value} text
 * @param leakSites every call site that leaked, most leaks first; its counts are exact
 * @param leaks individual leaks with their borrow stacks, at most a fixed number per call site
 *     (memory stays bounded however many connections leak)
 * @param leaksOmitted how many leaks are counted in {@code leakSites} but not listed in {@code leaks}
 * @param coverage what the agent could and could not see; null in reports written before it
 *     existed, and in reports not written by the agent
 * @param finalReport JSON {@code final}: written at the JVM's exit; false for a checkpoint written
 *     while it ran ({@code reportInterval}), which is what a JVM killed outright leaves. Reports
 *     written before checkpoints existed are final
 */
public record Report(
    int schemaVersion,
    String agentVersion,
    String generatedAt,
    long pid,
    String javaVersion,
    long uptimeMillis,
    Map<String, String> settings,
    List<LeakSite> leakSites,
    List<Leak> leaks,
    long leaksOmitted,
    List<PoolSummary> pools,
    Coverage coverage,
    boolean finalReport) {

  public static final int SCHEMA_VERSION = 1;

  /** Leak totals over all call sites, by final state. */
  public LeakCounts totals() {
    long suspected = 0;
    long lateReturns = 0;
    long collected = 0;
    long openAtExit = 0;
    for (LeakSite site : leakSites) {
      suspected += site.suspected();
      lateReturns += site.lateReturns();
      collected += site.collected();
      openAtExit += site.openAtExit();
    }
    return new LeakCounts(suspected, lateReturns, collected, openAtExit);
  }

  /** Leak counts by final state. */
  public record LeakCounts(long suspected, long lateReturns, long collected, long openAtExit) {

    /** Leaks that fail {@code check}: every state but late return. */
    public long failing() {
      return suspected + collected + openAtExit;
    }

    public long all() {
      return failing() + lateReturns;
    }
  }

  /**
   * One leaked lease.
   *
   * @param state the lease's state when the report was written: {@code suspected}, {@code
   *     late_return}, {@code collected} or {@code open_at_exit}
   * @param callSite the first application frame under the JDBC, pool and framework frames, as
   *     {@code Class.method(File.java:line)}; {@code unknown} when no stack was captured
   * @param borrowedAt ISO-8601 instant of the borrow
   * @param heldMillis how long the connection was held: until its return (late return), until
   *     the agent saw it collected, or until the report (still open)
   * @param stack the borrow stack, innermost frame first, in {@code StackTraceElement} form;
   *     empty when the borrow was not sampled ({@code stackSampleRate})
   */
  public record Leak(
      String state,
      String pool,
      String callSite,
      String thread,
      String borrowedAt,
      long heldMillis,
      List<String> stack) {}

  /** All leaks of one call site, counted by final state. */
  public record LeakSite(
      String callSite, long count, long suspected, long lateReturns, long collected, long openAtExit) {

    /** This site's leaks by final state, e.g. for {@link LeakCounts#failing()}. */
    public LeakCounts counts() {
      return new LeakCounts(suspected, lateReturns, collected, openAtExit);
    }
  }

  /**
   * One connection source: a pool, a non-pooling DataSource or {@code DriverManager} for one URL.
   *
   * @param kind what the source is, e.g. {@code hikari}, {@code datasource}, {@code drivermanager}
   * @param pooling false for sources where every borrow opens a physical connection
   * @param borrows leases started
   * @param returns leases ended by {@code close()} (late returns included)
   * @param evicted leases the pool ended by its own documented way of disposing of a borrowed
   *     connection without {@code close()}: HikariCP's {@code evictConnection}, DBCP2's and Tomcat
   *     DBCP's {@code invalidateConnection}, Vibur's {@code severConnection} (late returns
   *     included); 0 in reports written before it existed
   * @param open leases still open when the report was written: borrows less returns, evictions
   *     and collected leaks
   * @param holdMillis hold time of returned and evicted leases
   * @param acquireMillis time spent inside {@code getConnection}: the wait for a pooled connection,
   *     or the cost of a physical connect where the source does not pool
   * @param reclaimed managed pools only ({@code kind} {@code managed}), else null: connections
   *     the application dropped without {@code close()} that the pool took back
   * @param advice how big the pool should be and whether it held the application up; null for
   *     sources that are not known to pool (and in reports written before it existed)
   * @param timeline the run, interval by interval, oldest first: a bounded number of points
   *     however long the run (neighbours merge as it grows); empty in reports written before it
   *     existed
   * @param exhaustions the episodes in which borrows timed out, oldest first, at most a fixed
   *     number of them; empty in reports written before they existed
   * @param exhaustionsOmitted episodes that happened but are not listed in {@code exhaustions}
   */
  public record PoolSummary(
      String name,
      String kind,
      boolean pooling,
      long borrows,
      long returns,
      long evicted,
      long open,
      Percentiles holdMillis,
      Percentiles acquireMillis,
      Long reclaimed,
      Advice advice,
      List<TimelinePoint> timeline,
      List<Exhaustion> exhaustions,
      long exhaustionsOmitted) {

    /** The same pool under another name, e.g. told apart from its namesakes in other JVMs. */
    public PoolSummary named(String otherName) {
      return new PoolSummary(
          otherName,
          kind,
          pooling,
          borrows,
          returns,
          evicted,
          open,
          holdMillis,
          acquireMillis,
          reclaimed,
          advice,
          timeline,
          exhaustions,
          exhaustionsOmitted);
    }
  }

  /**
   * An episode of an exhausted pool: borrows timing out, one after another, with who held the
   * connections when the first of them timed out.
   *
   * @param start ISO-8601 instant of the episode's first timeout
   * @param end ISO-8601 instant of its last timeout
   * @param timeouts borrows that timed out in the episode
   * @param held leases of this pool open at the first timeout
   * @param holders those leases by call site, most connections first
   * @param collected connections the pool still counted as in use although the application had
   *     dropped them without {@code close()} and they were collected, by call site: a pool that
   *     never gets such a connection back (HikariCP) is that much smaller for good
   */
  public record Exhaustion(
      String start,
      String end,
      long timeouts,
      long held,
      List<Holder> holders,
      List<Holder> collected) {}

  /**
   * Connections borrowed at one call site and not returned.
   *
   * @param longestHeldMillis the longest hold among them, up to the moment described
   * @param threads the threads that borrowed them, at most a few
   * @param stack one borrow stack from this site, innermost first; empty when none was sampled
   */
  public record Holder(
      String callSite, long count, long longestHeldMillis, List<String> threads, List<String> stack) {}

  /**
   * One interval of a pool's timeline. Gauges are the most seen in the interval; counts are the
   * interval's own, not running totals.
   *
   * @param start ISO-8601 instant the interval began
   * @param millis the interval's length; later points may be longer once neighbours merged
   * @param inUseMax the most connections in use (borrowed, not yet returned)
   * @param pendingMax the most threads waiting for a connection; null where the agent cannot read
   *     the pool's waiters
   * @param maxSize the pool's maximum size; null where the agent does not know it
   * @param borrows leases started
   * @param timeouts borrows that failed because the pool had no connection in time; null where the
   *     agent does not recognise this pool's timeouts
   * @param waitP95Millis 95th percentile of the time spent in {@code getConnection}; null without a
   *     borrow in the interval
   * @param holdP95Millis 95th percentile of the hold time of leases returned in the interval; null
   *     without a return
   * @param newSuspected leases that crossed the leak threshold in the interval
   * @param newLateReturns suspected leaks returned in the interval
   * @param newCollected leaked connections the agent saw collected in the interval
   */
  public record TimelinePoint(
      String start,
      long millis,
      long inUseMax,
      Long pendingMax,
      Integer maxSize,
      long borrows,
      Long timeouts,
      Double waitP95Millis,
      Double holdP95Millis,
      long newSuspected,
      long newLateReturns,
      long newCollected) {}

  /**
   * Sizing advice for one pool, from Little's law over the observed run ({@link SizingAdvice} has
   * the formula and the thresholds). Numbers the run does not support are null, never guessed.
   *
   * @param observedSeconds from the pool's first borrow to the report
   * @param arrivalsPerSecond borrows per second over {@code observedSeconds}; null without enough
   *     data
   * @param meanHoldMillis mean hold time of returned leases; null without enough data
   * @param meanInUse connections in use on average: arrivals per second times the mean hold
   *     (Little's law); null without enough data
   * @param suggestedMaxSize the smallest maximum pool size at which at most 1% of borrows would
   *     wait, were they to arrive at random at the observed rate; null without enough data
   * @param configuredMaxSize the pool's own maximum, where the agent knows it; else null
   * @param timeouts borrows that failed because the pool had no connection in time; null where
   *     the agent does not recognise this pool's timeouts
   * @param bottleneck whether borrows waited for the pool (timeouts, a slow p95 wait, or nearly
   *     every connection in use); null when the run does not tell
   * @param reason the verdict in words, with its evidence
   */
  public record Advice(
      double observedSeconds,
      Double arrivalsPerSecond,
      Double meanHoldMillis,
      Double meanInUse,
      Integer suggestedMaxSize,
      Integer configuredMaxSize,
      Long timeouts,
      Boolean bottleneck,
      String reason) {}

  /** Millisecond percentiles of a recorded distribution; all zero when {@code count} is zero. */
  public record Percentiles(long count, double p50, double p95, double p99, double max) {}

  /**
   * What the agent could see: the JDBC classes it wove and those it left as they were, per class
   * loader. A run is blind where a class was left alone (its loader cannot see the agent's bridge,
   * or the class could not be woven) or where a woven call failed inside the agent: leases may
   * have gone untracked there, so such a run never passes {@code check} as clean.
   *
   * @param complete no class left alone and no woven call failed
   * @param wovenClasses JDBC classes woven (DataSources, connections, {@code DriverManager}); the
   *     application's classes woven only to mark their call sites are not counted
   * @param leftAloneClasses JDBC classes left exactly as they were. A class left alone only for
   *     its calls of {@code getConnection} (its call sites unmarked) is not counted: its borrows
   *     are still tracked by the woven pool or driver, only with a stack of their own
   * @param failedCalls woven calls into the agent that failed inside it (the application went on)
   * @param loaders per class loader, at most a fixed number of them and of class names each
   */
  public record Coverage(
      boolean complete,
      long wovenClasses,
      long leftAloneClasses,
      long failedCalls,
      List<LoaderCoverage> loaders) {}

  /**
   * @param loader the loader as it describes itself ({@code toString}), or {@code bootstrap}
   * @param woven how many of its classes were woven; {@code wovenClasses} names the first of them
   * @param leftAlone how many were left alone; {@code leftAloneClasses} names the first, and why
   */
  public record LoaderCoverage(
      String loader,
      long woven,
      List<String> wovenClasses,
      long leftAlone,
      List<LeftAlone> leftAloneClasses) {}

  /** A class left exactly as it was, and why. */
  public record LeftAlone(String className, String reason) {}
}
