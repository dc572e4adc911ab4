package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import io.poolagent.report.SizingAdvice;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * One source of connections as the report and the metrics show it: a pool, a non-pooling
 * DataSource, or {@code DriverManager} for one URL. Its counters are striped ({@link LongAdder}) so
 * that threads borrowing at once do not contend on one cache line.
 */
public final class ConnectionSource {

  private final String name;
  private final String ownName;
  private final String vendor;
  private final SourceKind kind;

  private final LongAdder collected = new LongAdder();
  /** Leak events, for the timeline: rare, counted on the sweeper or a late return only. */
  private final LongAdder suspected = new LongAdder();
  private final LongAdder lateReturns = new LongAdder();
  /**
   * Leases the pool ended by its own documented way rather than {@code close()}: a subset of the
   * hold times recorded, so that {@link #returns()} is the rest.
   */
  private final LongAdder evicted = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder reclaimed = new LongAdder();
  private final CollectedHolders collectedHolders = new CollectedHolders();
  /** Set for a managed pool only: gives back what a collected lease held. */
  private volatile Predicate<Object> reclaimer;
  /** The pool object itself, for exporters that read its state; weak: never keeps a pool alive. */
  private volatile WeakReference<Object> pool;
  private final LatencyHistogram holdTimes = new LatencyHistogram();
  private final LatencyHistogram acquireTimes = new LatencyHistogram();
  /**
   * When this source was registered, which is its first borrow (or first timed-out borrow): the
   * start of the window its arrival rate is measured over. Taken here rather than on the borrow
   * path, so that borrows pay nothing for it.
   */
  private final long registeredNanos = System.nanoTime();
  /** Set by whoever knows the pool's maximum size; read only when a report is made. */
  private volatile IntSupplier configuredMaxSize;
  /** Set by whoever can read the pool's state; read by the sweeper for the timeline. */
  private volatile PoolGauges gauges;
  private final PoolTimeline timeline = new PoolTimeline(new OwnTotals());
  private final ExhaustionEpisodes exhaustions = new ExhaustionEpisodes();

  public ConnectionSource(String name, String vendor, SourceKind kind) {
    this(name, vendor, kind, null);
  }

  public ConnectionSource(String name, String vendor, SourceKind kind, Object pool) {
    this(name, vendor, kind, pool, null);
  }

  /**
   * @param ownName the name the pool gave itself, or null; {@code name} may differ from it (a
   *     generated one, or {@code #2} for a second pool of the same name)
   */
  public ConnectionSource(String name, String vendor, SourceKind kind, Object pool, String ownName) {
    this.name = name;
    this.ownName = ownName;
    this.vendor = vendor;
    this.kind = kind;
    this.pool = new WeakReference<>(pool);
  }

  /** The pool's own object (a {@code HikariDataSource}...), or null if gone or not a pool. */
  public Object pool() {
    return pool.get();
  }

  public String name() {
    return name;
  }

  /** The name the pool gave itself, by which it reports its own measurements; or null. */
  public String ownName() {
    return ownName;
  }

  public String vendor() {
    return vendor;
  }

  public SourceKind kind() {
    return kind;
  }

  /** False only where every borrow is known to open a physical connection. */
  public boolean pooling() {
    return kind != SourceKind.NON_POOLING && kind != SourceKind.DRIVER_MANAGER;
  }

  // Borrows and returns are counted by their histograms: one atomic update fewer on each path.
  void borrowed(long acquireNanos) {
    acquireTimes.record(acquireNanos);
  }

  void returned(long holdNanos) {
    holdTimes.record(holdNanos);
  }

  void collected() {
    collected.increment();
  }

  /** Leases of this source collected without {@code close()} that it did not get back. */
  CollectedHolders collectedHolders() {
    return collectedHolders;
  }

  /**
   * A lease its pool ended without {@code close()} (HikariCP's {@code evictConnection}...): its
   * hold time is recorded as a return's, and it is counted apart. Recorded first, counted second:
   * a report that reads this count before the hold times then never finds more evicted leases
   * than hold times.
   */
  void evicted(long holdNanos) {
    holdTimes.record(holdNanos);
    evicted.increment();
  }

  /**
   * Makes this source a managed pool's: {@code reclaimer} receives the pooled connection of each
   * lease the application dropped without {@code close()}, and says whether it was still lent
   * out (false: it had gone back to the pool by another way, and it was no leak).
   */
  public void reclaimWith(Predicate<Object> reclaimer) {
    this.reclaimer = reclaimer;
  }

  /** For a source made before its pool object (a managed pool's). */
  public void attachPool(Object pool) {
    this.pool = new WeakReference<>(pool);
  }

  /**
   * Sweeper thread only, for a collected lease of a managed pool: false when the pooled
   * connection turned out to be back in the pool already.
   */
  boolean reclaim(Object pooled) {
    Predicate<Object> current = reclaimer;
    if (current == null) {
      return true;
    }
    try {
      if (!current.test(pooled)) {
        return false;
      }
      reclaimed.increment();
    } catch (RuntimeException e) {
      AgentLog.warn("could not reclaim a dropped connection of pool " + name + ": " + e);
    }
    return true;
  }

  /** Connections of a managed pool taken back after the application dropped them unclosed. */
  public long reclaimed() {
    return reclaimed.sum();
  }

  /** Whether this is a managed pool, which reclaims dropped connections. */
  public boolean reclaims() {
    return reclaimer != null;
  }

  void timedOut() {
    timeouts.increment();
  }

  /** A lease of this source crossed the leak threshold. */
  void suspected() {
    suspected.increment();
  }

  /** A suspected leak of this source was given back after all. */
  void lateReturn() {
    lateReturns.increment();
  }

  ExhaustionEpisodes exhaustions() {
    return exhaustions;
  }

  /**
   * Lets the timeline read the pool's own state: connections in use, threads waiting, maximum.
   * Without it the timeline counts in use by the agent's own leases and leaves the rest unknown.
   */
  public void readGaugesWith(PoolGauges gauges) {
    this.gauges = gauges;
  }

  /**
   * Sweeper thread (and a report): one reading for the timeline. In use is the pool's own count
   * where it tells one, since it also counts connections the application dropped unclosed that
   * the pool never got back; else the agent's open leases.
   */
  void sampleTimeline(long originNanos, long nowNanos) {
    PoolGauges.Reading reading = readGauges();
    long inUse = reading != null && reading.inUse() >= 0 ? reading.inUse() : Math.max(0, open());
    long pending = reading != null ? reading.pending() : PoolTimeline.UNKNOWN;
    long max = reading != null && reading.maxSize() > 0 ? reading.maxSize() : PoolTimeline.UNKNOWN;
    if (max == PoolTimeline.UNKNOWN) {
      Integer configured = configuredMaxSize();
      max = configured != null ? configured : PoolTimeline.UNKNOWN;
    }
    timeline.sample(originNanos, nowNanos, inUse, pending, max);
  }

  private PoolGauges.Reading readGauges() {
    PoolGauges current = gauges;
    if (current == null) {
      return null;
    }
    try {
      return current.read();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.debug("could not read the state of pool " + name + ": " + e);
      return null;
    }
  }

  /** The running totals the timeline's intervals are differences of. */
  private final class OwnTotals implements PoolTimeline.TotalsReader {
    @Override
    public void read(PoolTimeline.Totals into) {
      acquireTimes.bucketsInto(into.wait);
      holdTimes.bucketsInto(into.hold);
      into.waitMaxNanos = acquireTimes.maxNanos();
      into.holdMaxNanos = holdTimes.maxNanos();
      into.timeouts = timeouts.sum();
      into.suspected = suspected.sum();
      into.lateReturns = lateReturns.sum();
      into.collected = collected.sum();
    }
  }

  /**
   * Tells the sizing advice the pool's own maximum size, e.g. the managed pool's {@code
   * pool.maxSize} or a foreign pool's setting read through its API. Asked only when a report is
   * made; a value of 0 or less, or a failure, means not known (a pool not started yet). Setting
   * one also marks the source as a pool the advice is for, whatever its kind.
   */
  public void setConfiguredMaxSize(IntSupplier maxSize) {
    this.configuredMaxSize = maxSize;
  }

  /** System.nanoTime() when this source was registered: its first borrow. */
  long registeredNanos() {
    return registeredNanos;
  }

  /** Borrows that failed because the pool had no connection in time. */
  public long timeouts() {
    return timeouts.sum();
  }

  public long borrows() {
    return acquireTimes.count();
  }

  /** Leases ended by {@code close()}: every lease that ended but those its pool evicted. */
  public long returns() {
    long evictedCount = evicted.sum();
    return holdTimes.count() - evictedCount;
  }

  /** Leases the pool ended by its own documented way rather than {@code close()}. */
  public long evicted() {
    return evicted.sum();
  }

  /** Leases neither returned, evicted nor collected. */
  public long open() {
    return open(borrows(), holdTimes.count());
  }

  /** @param ended leases returned or evicted: those with a hold time */
  private long open(long borrows, long ended) {
    return borrows - ended - collected.sum();
  }

  public LatencyHistogram holdTimes() {
    return holdTimes;
  }

  public LatencyHistogram acquireTimes() {
    return acquireTimes;
  }

  /**
   * This source in the report made at {@code nowNanos}, its timeline sampled once more first.
   *
   * @param clock the tracker's: its start is where the timeline's intervals begin
   */
  Report.PoolSummary summary(long nowNanos, Clock clock) {
    sampleTimeline(clock.originNanos(), nowNanos);
    ExhaustionEpisodes.Listed episodes = exhaustions.report(clock);
    // The counts come from the same snapshots as the percentiles: one read of each histogram,
    // and borrows, returns and open agree with each other. Evictions are read before the hold
    // times they are a part of (see evicted(long)), so returns is never negative.
    long evictedCount = evicted.sum();
    LatencyHistogram.Snapshot hold = holdTimes.snapshot();
    LatencyHistogram.Snapshot acquired = acquireTimes.snapshot();
    Report.Percentiles acquire = millis(acquired);
    long borrowCount = acquired.count();
    return new Report.PoolSummary(
        name,
        vendor,
        pooling(),
        borrowCount,
        hold.count() - evictedCount,
        evictedCount,
        open(borrowCount, hold.count()),
        millis(hold),
        acquire,
        reclaims() ? reclaimed() : null,
        advised() ? advice(nowNanos, borrowCount, hold, acquire) : null,
        timeline.report(nowNanos, clock, knownTimeouts() != null),
        episodes.episodes(),
        episodes.omitted());
  }

  /**
   * Only pools the agent knows, or that told it their maximum: for any other source it cannot
   * tell a wait for a pooled connection from a physical connect, so a verdict would be a guess.
   */
  private boolean advised() {
    return pooling() && (kind == SourceKind.POOL || configuredMaxSize != null);
  }

  private Report.Advice advice(
      long nowNanos, long borrowCount, LatencyHistogram.Snapshot hold, Report.Percentiles acquire) {
    return SizingAdvice.of(
        new SizingAdvice.Observed(
            Math.max(0, nowNanos - registeredNanos),
            borrowCount,
            hold.count(),
            hold.sumNanos(),
            acquire.p95(),
            knownTimeouts(),
            configuredMaxSize()));
  }

  /** The timeouts, or null where they are not recognised. */
  private Long knownTimeouts() {
    long timeoutCount = timeouts();
    // A count that could never move would be a made-up zero; one that moved is known.
    return timeoutCount > 0 || PoolTimeouts.recognises(vendor) ? Long.valueOf(timeoutCount) : null;
  }

  /** The configured maximum, or null when nobody told it or the pool cannot say now. */
  private Integer configuredMaxSize() {
    IntSupplier supplier = configuredMaxSize;
    if (supplier == null) {
      return null;
    }
    try {
      int max = supplier.getAsInt();
      return max > 0 ? max : null;
    } catch (RuntimeException | LinkageError e) {
      // A pool closing under us, a changed API: the report goes on without the number.
      AgentLog.debug("could not read the maximum size of pool " + name + ": " + e);
      return null;
    }
  }

  private static Report.Percentiles millis(LatencyHistogram.Snapshot s) {
    return new Report.Percentiles(
        s.count(),
        s.percentileNanos(0.50) / 1e6,
        s.percentileNanos(0.95) / 1e6,
        s.percentileNanos(0.99) / 1e6,
        s.maxNanos() / 1e6);
  }
}
