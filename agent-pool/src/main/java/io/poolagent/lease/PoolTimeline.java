package io.poolagent.lease;

import io.poolagent.report.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * One source's run, interval by interval: the report's {@code timeline}. Fed by the sweeper
 * thread only (and once more by each report), never by a borrow or a return: at each sweep (at
 * most a second apart) the gauges are read (connections in use, threads waiting, the maximum)
 * and the interval keeps the most it saw, and the source's running totals are read and their
 * growth since the last sweep is added to the interval the sweep falls in. A borrow is thus
 * counted in the interval of the sweep that read it, at most one sweep period late (never early),
 * and no count is lost or counted twice.
 *
 * <p>Memory is bounded however long the run: intervals are aligned on the tracker's start and at
 * most {@link #MAX_POINTS} are kept. When the run outgrows them, neighbour pairs merge and the
 * width doubles, so the whole run stays covered, oldest first, at an even width: 40 minutes at
 * {@link #BASE_NANOS}, a day at about 11 minutes. Merged counts add, gauges keep the larger, and
 * the wait and hold times keep their histogram buckets ({@link BucketCounts}), so a merged
 * interval's p95 is computed from its own values, not averaged from its halves'.
 */
final class PoolTimeline {

  static final int MAX_POINTS = 240;
  static final long BASE_NANOS = 10_000_000_000L;

  /** A gauge the pool does not tell. Below every real reading, so a maximum ignores it. */
  static final long UNKNOWN = -1;

  /** A source's running totals, as read when an interval closes (not final: a test fakes them). */
  static class Totals {
    final long[] wait = new long[LatencyHistogram.BUCKETS];
    final long[] hold = new long[LatencyHistogram.BUCKETS];
    long timeouts;
    long suspected;
    long lateReturns;
    long collected;
    /**
     * The longest wait and hold so far: no interval's p95 lies above them, though the middle of
     * the bucket it falls in may.
     */
    long waitMaxNanos;
    long holdMaxNanos;

    void copyFrom(Totals other) {
      System.arraycopy(other.wait, 0, wait, 0, wait.length);
      System.arraycopy(other.hold, 0, hold, 0, hold.length);
      timeouts = other.timeouts;
      suspected = other.suspected;
      lateReturns = other.lateReturns;
      collected = other.collected;
      waitMaxNanos = other.waitMaxNanos;
      holdMaxNanos = other.holdMaxNanos;
    }
  }

  /** Reads a source's running totals into {@code into}: every one of them only ever grows. */
  interface TotalsReader {
    void read(Totals into);
  }

  private final TotalsReader reader;
  /** Oldest first; the last is the open interval, with its counts up to the last sweep. */
  private final List<Point> points = new ArrayList<>();
  /** The totals at the last sweep: what the next sweep (or a report) reads grew from these. */
  private final Totals lastRead = new Totals();
  private final Totals current = new Totals();
  private boolean started;
  private long originNanos;
  private long widthNanos = BASE_NANOS;

  PoolTimeline(TotalsReader reader) {
    this.reader = reader;
  }

  /**
   * A sweep's reading of the gauges at {@code nowNanos}; {@link #UNKNOWN} for what is not known.
   *
   * @param originNanos where the intervals start, the tracker's start: read at the first sample
   *     only, so that all the sources of a tracker share their interval boundaries
   */
  synchronized void sample(
      long originNanos, long nowNanos, long inUse, long pending, long maxSize) {
    if (!started) {
      started = true;
      this.originNanos = originNanos;
    }
    long slot = slot(nowNanos);
    while (slot >= MAX_POINTS) {
      halve();
      slot = slot(nowNanos);
    }
    Point open = points.isEmpty() ? null : points.get(points.size() - 1);
    // A report racing the sweeper may come with a time a little older than the last sample's: its
    // gauges then go to the open interval, never to a closed one.
    if (open == null || slot > open.slot) {
      open = new Point(Math.max(0, slot));
      points.add(open);
    }
    // The growth since the last sweep goes to the interval of this sweep, never to one that ended
    // before this sweep began: a count may land one sweep late, but never before its event (a
    // timeout drawn before the episode it belongs to would mislead).
    reader.read(current);
    open.add(current, lastRead);
    lastRead.copyFrom(current);
    open.gauge(inUse, pending, maxSize);
  }

  private long slot(long nowNanos) {
    return Math.floorDiv(nowNanos - originNanos, widthNanos);
  }

  /** Neighbour pairs merge, in place: the width doubles, and every slot number halves. */
  private void halve() {
    widthNanos *= 2;
    int kept = 0;
    for (Point point : points) {
      point.slot /= 2;
      if (kept > 0 && points.get(kept - 1).slot == point.slot) {
        points.get(kept - 1).absorb(point);
      } else {
        points.set(kept++, point);
      }
    }
    points.subList(kept, points.size()).clear();
  }

  /**
   * The timeline for a report made at {@code nowNanos}: the open interval with its counts so far.
   *
   * @param timeoutsKnown whether this source's timeouts are recognised; if not, each point's
   *     {@code timeouts} is null rather than a made-up zero
   */
  synchronized List<Report.TimelinePoint> report(
      long nowNanos, Clock clock, boolean timeoutsKnown) {
    List<Report.TimelinePoint> report = new ArrayList<>(points.size());
    reader.read(current);
    for (int i = 0; i < points.size(); i++) {
      Point point = points.get(i);
      long start = originNanos + point.slot * widthNanos;
      long millis = widthNanos / 1_000_000;
      if (i == points.size() - 1) {
        point = point.copy();
        point.add(current, lastRead);
        millis = Math.min(millis, Math.max(0, nowNanos - start) / 1_000_000);
      }
      report.add(
          point.toReport(clock.instantOf(start).toString(), millis, timeoutsKnown, current));
    }
    return report;
  }

  /** Longs this timeline keeps, arrays' contents included: what the bound is about. */
  synchronized long retainedLongs() {
    long longs = 4L * LatencyHistogram.BUCKETS + 2 * 4;
    for (Point point : points) {
      longs += Point.FIELDS + point.wait.length + point.hold.length;
    }
    return longs;
  }

  synchronized int size() {
    return points.size();
  }

  /** One interval; gauges are maxima over it ({@link #UNKNOWN} if never told), counts its own. */
  private static final class Point {
    static final int FIELDS = 8;

    long slot;
    long inUseMax;
    long pendingMax = UNKNOWN;
    long maxSize = UNKNOWN;
    long timeouts;
    long suspected;
    long lateReturns;
    long collected;
    long[] wait = BucketCounts.NONE;
    long[] hold = BucketCounts.NONE;

    Point(long slot) {
      this.slot = slot;
    }

    void gauge(long inUse, long pending, long max) {
      inUseMax = Math.max(inUseMax, inUse);
      pendingMax = Math.max(pendingMax, pending);
      maxSize = Math.max(maxSize, max);
    }

    /** Adds what the totals grew by from {@code from} to {@code to}. */
    void add(Totals to, Totals from) {
      wait = BucketCounts.sum(wait, BucketCounts.delta(to.wait, from.wait));
      hold = BucketCounts.sum(hold, BucketCounts.delta(to.hold, from.hold));
      timeouts += to.timeouts - from.timeouts;
      suspected += to.suspected - from.suspected;
      lateReturns += to.lateReturns - from.lateReturns;
      collected += to.collected - from.collected;
    }

    void absorb(Point other) {
      gauge(other.inUseMax, other.pendingMax, other.maxSize);
      wait = BucketCounts.sum(wait, other.wait);
      hold = BucketCounts.sum(hold, other.hold);
      timeouts += other.timeouts;
      suspected += other.suspected;
      lateReturns += other.lateReturns;
      collected += other.collected;
    }

    Point copy() {
      Point copy = new Point(slot);
      copy.absorb(this);
      return copy;
    }

    Report.TimelinePoint toReport(
        String start, long millis, boolean timeoutsKnown, Totals sofar) {
      return new Report.TimelinePoint(
          start,
          millis,
          inUseMax,
          pendingMax == UNKNOWN ? null : pendingMax,
          maxSize == UNKNOWN ? null : (int) Math.min(Integer.MAX_VALUE, maxSize),
          BucketCounts.total(wait),
          timeoutsKnown || timeouts > 0 ? Long.valueOf(timeouts) : null,
          p95Millis(wait, sofar.waitMaxNanos),
          p95Millis(hold, sofar.holdMaxNanos),
          suspected,
          lateReturns,
          collected);
    }

    private static Double p95Millis(long[] buckets, long maxNanos) {
      Long nanos = BucketCounts.percentileNanos(buckets, 0.95);
      return nanos == null ? null : Math.min(nanos, maxNanos) / 1e6;
    }
  }
}
