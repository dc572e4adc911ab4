package io.poolagent.lease;

import io.poolagent.report.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every leak, by call site. Only leaks come here, never a normal borrow or return, so the lock is
 * off the hot path, and it guards bookkeeping only (the leak's line on stderr is printed by the
 * tracker after the lock is released); it is a {@link ReentrantLock}, not {@code synchronized}, so that a late return
 * on a virtual thread does not pin its carrier.
 *
 * <p>Memory is bounded however many connections leak: at most {@value #MAX_SITES} call sites and
 * {@value #SAMPLES_PER_SITE} listed leaks (with stacks) per site; everything else is a count.
 */
final class LeakLedger {

  static final int MAX_SITES = 1000;
  static final int SAMPLES_PER_SITE = 10;
  static final String OTHER_SITES = "(other call sites)";

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, LeakSite> sites = new HashMap<>();
  private final Clock clock;

  LeakLedger(Clock clock) {
    this.clock = clock;
  }

  /**
   * Moves {@code lease} from one of {@code from} to {@code to} if it is still there, recording the
   * leak. Returns the event to publish, or null when another thread got there first (e.g. a close
   * racing the sweeper).
   */
  LeakEvent move(Lease lease, LeakState to, long nowNanos, LeakState... from) {
    lock.lock();
    try {
      for (LeakState candidate : from) {
        if (lease.transition(candidate, to)) {
          return record(lease, to, nowNanos);
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private LeakEvent record(Lease lease, LeakState to, long nowNanos) {
    LeakRecord leak = lease.leak;
    if (leak == null) {
      StackTraceElement[] elements = StackCapture.materialize(lease.stack);
      String[] stack = StackCapture.text(elements, elements.length);
      LeakSite site = site(StackCapture.callSite(elements));
      leak = new LeakRecord(site, lease, stack, site.samples.size() < SAMPLES_PER_SITE);
      if (leak.listed) {
        site.samples.add(leak);
      }
      lease.leak = leak;
    }
    LeakState previous = leak.state;
    leak.site.move(previous, to);
    leak.state = to;
    leak.heldNanos = nowNanos - lease.borrowNanos;
    return new LeakEvent(
        to,
        previous,
        leak.pool,
        leak.site.callSite,
        leak.thread,
        clock.epochNanosOf(lease.borrowNanos),
        clock.epochNanosOf(nowNanos),
        leak.heldNanos,
        Arrays.asList(leak.stack),
        lease.context);
  }

  private LeakSite site(String callSite) {
    LeakSite site = sites.get(callSite);
    if (site == null) {
      String key = sites.size() < MAX_SITES ? callSite : OTHER_SITES;
      site = sites.computeIfAbsent(key, LeakSite::new);
    }
    return site;
  }

  /** Sites with the most leaks first, and their listed samples. */
  Snapshot snapshot() {
    lock.lock();
    try {
      List<LeakSite> ordered = new ArrayList<>(sites.values());
      ordered.sort(
          Comparator.comparingLong(LeakSite::total).reversed().thenComparing(s -> s.callSite));
      List<Report.LeakSite> siteReports = new ArrayList<>();
      List<Report.Leak> leaks = new ArrayList<>();
      long total = 0;
      for (LeakSite site : ordered) {
        siteReports.add(site.toReport());
        total += site.total();
        for (LeakRecord sample : site.samples) {
          leaks.add(sample.toReport(clock));
        }
      }
      return new Snapshot(siteReports, leaks, total - leaks.size());
    } finally {
      lock.unlock();
    }
  }

  record Snapshot(List<Report.LeakSite> sites, List<Report.Leak> leaks, long omitted) {}
}
