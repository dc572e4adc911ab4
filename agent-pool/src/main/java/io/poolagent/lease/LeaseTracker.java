package io.poolagent.lease;

import io.poolagent.config.AgentSettings;
import io.poolagent.config.ProcessId;
import io.poolagent.coverage.WeaveCoverage;
import io.poolagent.log.AgentLog;
import io.poolagent.report.Report;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tracks every lease: started by a borrow, ended by {@code close()} (or by its pool's own way of
 * ending a borrow, {@link #evicted}), turned into a leak by the sweeper (held too long, or
 * collected) or by the JVM's exit.
 *
 * <p>The borrow and return paths are lock-free: a borrow allocates its {@link Lease} and, when
 * sampled, its stack; a return finds the lease by connection identity and records the hold time.
 * Everything slow (stack text, call sites, leak bookkeeping) happens on the sweeper thread or at
 * exit, and only for leases that leak.
 */
public final class LeaseTracker {

  private static final long SENTINEL_WAIT_NANOS = 1_000_000_000L;

  /** The log line of a late return that its pool evicted, where others were closed. */
  private static final String LATE_EVICTION =
      "late return: suspected leak evicted by its pool after all, borrowed at";

  private final AgentSettings settings;
  private final long thresholdNanos;
  private final StackCapture stacks;
  private final Clock clock = new Clock();
  private final ConnectionSources sources = new ConnectionSources();
  private final LeaseTable open = new LeaseTable();
  private final CreateTimes createTimes = new CreateTimes();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final LeakLedger ledger = new LeakLedger(clock);
  private final ExhaustionExplainer exhaustion = new ExhaustionExplainer(clock);
  private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();
  private final WeaveCoverage coverage = new WeaveCoverage();
  private final LeakLog leakLog = new LeakLog();
  /** True once a listener wants every lease: the return path checks this one field. */
  private volatile boolean everyLease;
  /** Null unless an exporter has something to capture per borrow. */
  private volatile BorrowContext borrowContext;

  public LeaseTracker(AgentSettings settings) {
    this.settings = settings;
    this.thresholdNanos = settings.leakThreshold().toNanos();
    this.stacks = new StackCapture(settings.stackDepth(), settings.stackSampleRate());
  }

  public AgentSettings settings() {
    return settings;
  }

  /** What the weaver could and could not see, for the report. */
  public WeaveCoverage coverage() {
    return coverage;
  }

  public ConnectionSources sources() {
    return sources;
  }

  /** Converts this tracker's {@code nanoTime} readings to epoch time, for exporters. */
  public Clock clock() {
    return clock;
  }

  public void addListener(LeaseListener listener) {
    listeners.add(listener);
    everyLease |= listener.wantsEveryLease();
  }

  public void setBorrowContext(BorrowContext context) {
    this.borrowContext = context;
  }

  /**
   * A lease starts: {@code connection} was handed to the application by {@code source}.
   *
   * @param startNanos when {@code getConnection} was entered
   * @param nowNanos when it returned
   */
  public void borrowed(ConnectionSource source, Object connection, long startNanos, long nowNanos) {
    borrowed(source, connection, startNanos, nowNanos, null, 0, false);
  }

  /**
   * A lease starts, with what only some borrows have.
   *
   * @param pooled the pool's own connection behind {@code connection}, strongly held until the
   *     lease ends, so that a dropped {@code connection} can be reclaimed ({@link
   *     ConnectionSource#reclaim}); null for any other source
   * @param site the call site the weaver marked for this borrow, or 0 ({@link
   *     StackCapture#capture(int)})
   * @param carried whether the caller keeps the returned lease with the connection and ends it
   *     with {@link #returned(Lease, long)}; if not, {@link #returned(Object, long)} finds it by
   *     the connection's identity
   * @return the lease started
   */
  public Lease borrowed(
      ConnectionSource source,
      Object connection,
      long startNanos,
      long nowNanos,
      Object pooled,
      int site,
      boolean carried) {
    source.borrowed(nowNanos - startNanos);
    BorrowContext context = borrowContext;
    Lease lease =
        new Lease(
            connection,
            collected,
            source,
            nowNanos,
            Thread.currentThread(),
            stacks.capture(site),
            context == null ? null : context.capture(),
            pooled,
            carried);
    open.add(lease, carried);
    return lease;
  }

  /** A pool made a physical connection in {@code nanos}, by its own measure. */
  public void connectionCreated(String vendor, String poolName, long nanos) {
    createTimes.record(vendor, poolName, nanos);
  }

  /** Physical connect times reported by pools ({@link #connectionCreated}), for exporters. */
  public CreateTimes createTimes() {
    return createTimes;
  }

  /**
   * A borrow threw. If it is the pool's own "timed out waiting for a connection" (each pool says it
   * differently: {@link PoolTimeouts}), it is counted as a timeout.
   */
  public void borrowFailed(ConnectionSource source, Throwable thrown) {
    borrowFailed(source, thrown, System.nanoTime());
  }

  /**
   * A borrow that started at {@code startNanos} threw; a timeout is counted, explained and joins
   * the pool's episode of exhaustion ({@link ExhaustionEpisodes}).
   */
  public void borrowFailed(ConnectionSource source, Throwable thrown, long startNanos) {
    if (source.kind() == SourceKind.POOL && PoolTimeouts.isTimeout(source.vendor(), thrown)) {
      long now = System.nanoTime();
      source.timedOut();
      source.exhaustions().timedOut(startNanos, now, explainTimeout(source, thrown, now));
    }
  }

  /**
   * Says who holds the pool's connections, in the agent's log and to listeners (a span); returns
   * it, or null when the explainer stayed quiet.
   */
  private PoolExhaustion explainTimeout(ConnectionSource source, Throwable thrown, long now) {
    PoolExhaustion explained =
        exhaustion.explain(source, thrown, open::open, borrowContext, now);
    if (explained == null) {
      return null;
    }
    for (String line : ExhaustionExplainer.lines(explained)) {
      AgentLog.warn(line);
    }
    tellListeners(listener -> listener.exhausted(explained));
    return explained;
  }

  /** {@code close()} on a connection: ends its lease, if it has one (a second close is a no-op). */
  public void returned(Object connection, long nowNanos) {
    Lease lease = open.removeByConnection(connection);
    if (lease != null) {
      ended(lease, nowNanos, false);
    }
  }

  /**
   * {@code close()} on a connection that carries its lease: {@code lease} is what {@link
   * #borrowed} returned for it, or null. Ends it if it is still open (a second close is a no-op).
   */
  public void returned(Lease lease, long nowNanos) {
    if (lease != null && open.remove(lease)) {
      ended(lease, nowNanos, false);
    }
  }

  /**
   * A pool ended the borrow of {@code connection} by its own documented way rather than {@code
   * close()} (HikariCP's {@code evictConnection}, DBCP2's {@code invalidateConnection}, Vibur's
   * {@code severConnection}): its lease, if it has an open one, ends as a return does, hold time
   * recorded, and is counted as evicted. A {@code close()} after it finds the lease ended.
   */
  public void evicted(Object connection, long nowNanos) {
    // Null would match a lease whose connection was collected: never a lease of null.
    if (connection == null) {
      return;
    }
    Lease lease = open.removeByConnection(connection);
    if (lease != null) {
      ended(lease, nowNanos, true);
    }
  }

  /** {@link #evicted(Object, long)} for a connection that carries its lease, or null. */
  public void evicted(Lease lease, long nowNanos) {
    if (lease != null && open.remove(lease)) {
      ended(lease, nowNanos, true);
    }
  }

  /** @param evicted the pool ended the lease ({@link #evicted}), not {@code close()} */
  private void ended(Lease lease, long nowNanos, boolean evicted) {
    // Not cleared: clearing a reference is a call into the JVM on every return. A returned lease
    // is unreachable, or reachable only from the connection that carries it, and the collector
    // never looks at an unreachable reference; one that did reach the queue (it outlived a
    // collection in an old generation) is no longer in the table, and drainCollected drops it.
    long held = nowNanos - lease.borrowNanos;
    if (evicted) {
      lease.source.evicted(held);
    } else {
      lease.source.returned(held);
    }
    if (!lease.transition(LeakState.OPEN, LeakState.RETURNED)) {
      // A suspected leak given back after all, by close() or by its pool: a warning either way.
      LeakEvent late = ledger.move(lease, LeakState.LATE_RETURN, nowNanos, LeakState.SUSPECTED);
      if (late != null) {
        lease.source.lateReturn();
      }
      publish(late, evicted ? LATE_EVICTION : null);
    }
    if (everyLease) {
      LeaseEnd end =
          new LeaseEnd(
              lease.source.name(),
              lease.threadLabel(),
              clock.epochNanosOf(lease.borrowNanos),
              clock.epochNanosOf(nowNanos),
              held,
              lease.stack,
              lease.context);
      for (LeaseListener listener : listeners) {
        if (listener.wantsEveryLease()) {
          try {
            listener.returned(end);
          } catch (RuntimeException e) {
            AgentLog.debug("lease listener failed: " + e);
          }
        }
      }
    }
  }

  private void publish(LeakEvent event) {
    publish(event, null);
  }

  /** @param description what the log line says the leak is, or null: as its state says */
  private void publish(LeakEvent event, String description) {
    if (event == null) {
      return;
    }
    if (event.state() != LeakState.OPEN_AT_EXIT) {
      // At exit the summary says it all at once; during the run a leak gets a line as it happens,
      // but for the first few of a call site only (LeakLog).
      leakLog.leak(
          (description != null ? description : describe(event.state()))
              + " "
              + event.callSite()
              + " (pool "
              + event.pool()
              + ", thread "
              + event.thread()
              + ", held "
              + (event.heldNanos() / 1_000_000)
              + " ms)",
          event.callSite(),
          event.state(),
          event.detectedEpochNanos());
    }
    tellListeners(listener -> listener.leak(event));
  }

  /**
   * For the rare events (leaks, explained timeouts); the return path keeps its own loop, which
   * allocates nothing for listeners that do not want every lease.
   */
  private void tellListeners(Consumer<LeaseListener> event) {
    for (LeaseListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        // An exporter's failure must not stop leak tracking or the report.
        AgentLog.debug("lease listener failed: " + e);
      }
    }
  }

  private static String describe(LeakState state) {
    switch (state) {
      case SUSPECTED:
        return "suspected leak: connection still open past leakThreshold, borrowed at";
      case LATE_RETURN:
        return "late return: suspected leak closed after all, borrowed at";
      case COLLECTED:
        return "leak: connection garbage-collected without close(), borrowed at";
      default:
        return state.reportName;
    }
  }

  /** Open leases held past {@code leakThreshold} become suspected leaks. Sweeper thread only. */
  public void sweepSuspects(long nowNanos) {
    open.retireEmptyTables();
    for (Lease lease : open.open()) {
      if (lease.state() == LeakState.OPEN && nowNanos - lease.borrowNanos > thresholdNanos) {
        LeakEvent suspected = ledger.move(lease, LeakState.SUSPECTED, nowNanos, LeakState.OPEN);
        if (suspected != null) {
          lease.source.suspected();
        }
        publish(suspected);
      }
    }
    leakLog.flush(clock.epochNanosOf(nowNanos));
  }

  /**
   * Handles leases whose connection was garbage-collected, waiting up to {@code timeoutMillis} for
   * the first (0: do not wait). Returns how many were found.
   */
  public int drainCollected(long timeoutMillis) throws InterruptedException {
    int found = 0;
    Reference<?> ref = timeoutMillis > 0 ? collected.remove(timeoutMillis) : collected.poll();
    while (ref != null) {
      if (ref instanceof Lease && collected((Lease) ref)) {
        found++;
      }
      ref = collected.poll();
    }
    return found;
  }

  private boolean collected(Lease lease) {
    if (!open.remove(lease)) {
      return false;
    }
    // A managed pool's lease: its pooled connection is taken back (the state it was left in is
    // unknown). If it had gone back to the pool already, closed by another way than the object
    // handed out, the lease simply ended: no leak.
    if (lease.pooled != null && !lease.source.reclaim(lease.pooled)) {
      lease.source.returned(System.nanoTime() - lease.borrowNanos);
      return false;
    }
    lease.source.collected();
    LeakEvent event =
        ledger.move(
            lease, LeakState.COLLECTED, System.nanoTime(), LeakState.OPEN, LeakState.SUSPECTED);
    // A pool that did not reclaim it still counts the connection in use: remembered apart, for
    // an exhausted pool's explanation and a live look. One that does not pool holds nothing.
    if (event != null && lease.source.pooling() && lease.pooled == null) {
      lease.source.collectedHolders().add(event, lease.borrowNanos);
    }
    publish(event);
    return true;
  }

  /**
   * Who holds each pool's connections now, by call site, and what each lost to collected leaks:
   * a live look, asked for by a user (it materializes the stacks of every open lease).
   */
  public List<PoolLeases> live() {
    long now = System.nanoTime();
    Map<ConnectionSource, List<Lease>> bySource = new IdentityHashMap<>();
    for (Lease lease : open.open()) {
      bySource.computeIfAbsent(lease.source, s -> new ArrayList<>()).add(lease);
    }
    List<PoolLeases> pools = new ArrayList<>();
    for (ConnectionSource source : sources.all()) {
      List<Lease> held = bySource.getOrDefault(source, List.of());
      pools.add(
          new PoolLeases(
              source.name(),
              source.vendor(),
              held.size(),
              Holders.of(held, now),
              source.collectedHolders().holders(now)));
    }
    pools.sort((a, b) -> a.pool().compareTo(b.pool()));
    return pools;
  }

  /**
   * One reading of every source's gauges for the report's timelines. Sweeper thread only, once a
   * sweep: the borrow and return paths pay nothing for the timelines.
   */
  public void sampleTimelines(long nowNanos) {
    for (ConnectionSource source : sources.all()) {
      source.sampleTimeline(clock.originNanos(), nowNanos);
    }
  }

  public int openLeases() {
    return open.size();
  }

  /**
   * The JVM is exiting: every lease still open is a leak open at exit. Connections the application
   * dropped but the collector has not yet cleared would be mistaken for open ones, so when leases
   * are open a collection runs first: a dropped connection is reported as collected, as it is.
   */
  public Report finish() throws InterruptedException {
    drainCollected(0);
    if (open.size() > 0) {
      collectDropped();
    }
    long now = System.nanoTime();
    for (Lease lease : open.open()) {
      publish(ledger.move(lease, LeakState.OPEN_AT_EXIT, now, LeakState.OPEN, LeakState.SUSPECTED));
    }
    return report(System.nanoTime(), true);
  }

  /**
   * Runs a collection and waits until the collector has queued what it found. Reference processing
   * is asynchronous and, on a busy machine, slower than any fixed wait: a sentinel reference,
   * dropped just before the collection, says when this collection's references have come through.
   * With {@code -XX:+DisableExplicitGC} no collection runs; the wait then ends after a second.
   */
  private void collectDropped() throws InterruptedException {
    Reference<Object> sentinel = new WeakReference<>(new Object(), collected);
    System.gc();
    long deadline = System.nanoTime() + SENTINEL_WAIT_NANOS;
    boolean through = false;
    while (!through && System.nanoTime() - deadline < 0) {
      Reference<?> ref = collected.remove(50);
      if (ref == sentinel) {
        through = true;
      } else if (ref instanceof Lease) {
        collected((Lease) ref);
      }
    }
    // What the same collection queued after the sentinel, until the queue stays quiet.
    while (drainCollected(100) > 0) {
      // keep draining
    }
  }

  /** A checkpoint: the report as of now, while the JVM runs. */
  public Report report() {
    return report(System.nanoTime(), false);
  }

  /**
   * The report with {@code nowNanos} as the end of the pools' observed time (sizing advice).
   *
   * @param finalReport written at exit, once every lease still open is classified
   */
  Report report(long nowNanos, boolean finalReport) {
    LeakLedger.Snapshot leaks = ledger.snapshot();
    List<Report.PoolSummary> pools = new ArrayList<>();
    for (ConnectionSource source : sources.all()) {
      pools.add(source.summary(nowNanos, clock));
    }
    pools.sort((a, b) -> a.name().compareTo(b.name()));
    return new Report(
        Report.SCHEMA_VERSION,
        AgentVersion.get(),
        Instant.now().toString(),
        ProcessId.current(),
        System.getProperty("java.version"),
        ManagementFactory.getRuntimeMXBean().getUptime(),
        settings.asText(),
        leaks.sites(),
        leaks.leaks(),
        leaks.omitted(),
        pools,
        coverage.snapshot(),
        finalReport);
  }
}
