package io.poolagent.lease;

import io.poolagent.report.Report;
import java.util.Arrays;
import java.util.List;

/**
 * What stays of a leaked lease: text only (call site, thread, stack), never the connection. Mutable
 * state is written under the {@link LeakLedger}'s lock.
 */
final class LeakRecord {

  final LeakSite site;
  final String pool;
  final String thread;
  final long borrowNanos;
  final String[] stack;
  /** Whether this record is one of its site's listed samples (the rest are only counted). */
  final boolean listed;

  LeakState state;
  long heldNanos;

  LeakRecord(LeakSite site, Lease lease, String[] stack, boolean listed) {
    this.site = site;
    this.pool = lease.source.name();
    this.thread = lease.threadLabel();
    this.borrowNanos = lease.borrowNanos;
    this.stack = stack;
    this.listed = listed;
  }

  Report.Leak toReport(Clock clock) {
    List<String> frames = Arrays.asList(stack);
    return new Report.Leak(
        state.reportName,
        pool,
        site.callSite,
        thread,
        clock.instantOf(borrowNanos).toString(),
        heldNanos / 1_000_000,
        frames);
  }
}
