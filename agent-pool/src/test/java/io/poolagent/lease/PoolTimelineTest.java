package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report.TimelinePoint;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** A timeline driven by a fake clock and fake running totals, as the sweeper drives a real one. */
class PoolTimelineTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;
  private static final long BASE = PoolTimeline.BASE_NANOS;
  /** What a timeline can ever keep: every point with every bucket, and its two readings. */
  private static final long BOUND =
      PoolTimeline.MAX_POINTS * (8 + 2L * LatencyHistogram.BUCKETS)
          + 4L * LatencyHistogram.BUCKETS
          + 8;

  private final Clock clock = new Clock();
  private final long origin = clock.originNanos();
  private final FakeTotals totals = new FakeTotals();
  private final PoolTimeline timeline = new PoolTimeline(totals);

  @Test
  void aMillionIntervalsStayWithinTheBoundAndKeepEveryBorrow() {
    long borrows = 0;
    long timeouts = 0;
    long retainedAtTenThousand = 0;
    int mostPoints = 0;
    int intervals = 1_000_000;
    for (int i = 0; i < intervals; i++) {
      // A few borrows, waits spread over 40 buckets; a timeout now and then.
      int bucket = LatencyHistogram.index(MILLI) + i % 40;
      totals.wait[bucket] += 3;
      totals.hold[bucket] += 2;
      borrows += 3;
      if (i % 1000 == 0) {
        totals.timeouts++;
        timeouts++;
      }
      timeline.sample(origin, origin + i * BASE + SECOND, i % 11, i % 5, 10);
      mostPoints = Math.max(mostPoints, timeline.size());
      if (i == 10_000) {
        retainedAtTenThousand = timeline.retainedLongs();
      }
    }
    long end = origin + (intervals - 1) * BASE + 2 * SECOND;

    List<TimelinePoint> points = timeline.report(end, clock, true);

    assertThat(mostPoints).isEqualTo(PoolTimeline.MAX_POINTS);
    assertThat(points).hasSizeBetween(PoolTimeline.MAX_POINTS / 2, PoolTimeline.MAX_POINTS);
    assertThat(points.stream().mapToLong(TimelinePoint::borrows).sum()).isEqualTo(borrows);
    assertThat(points.stream().mapToLong(TimelinePoint::timeouts).sum()).isEqualTo(timeouts);
    assertThat(points).allSatisfy(p -> {
      assertThat(p.inUseMax()).isEqualTo(10);
      assertThat(p.pendingMax()).isEqualTo(4);
      assertThat(p.maxSize()).isEqualTo(10);
    });
    // The whole run, from its start, at one doubled width: points follow each other.
    long width = points.get(0).millis();
    assertThat(width % (BASE / MILLI)).isZero();
    assertThat(Long.bitCount(width / (BASE / MILLI))).isEqualTo(1);
    assertThat(Instant.parse(points.get(0).start())).isEqualTo(clock.instantOf(origin));
    for (int i = 1; i < points.size(); i++) {
      assertThat(Instant.parse(points.get(i).start()))
          .isEqualTo(Instant.parse(points.get(i - 1).start()).plusMillis(width));
    }
    // Memory flat: within the bound, and no more than when the run was a hundred times shorter.
    assertThat(timeline.retainedLongs())
        .isLessThanOrEqualTo(BOUND)
        .isLessThanOrEqualTo(2 * retainedAtTenThousand);
  }

  @Test
  void aMergedIntervalsP95IsItsOwnNotAMixOfItsHalves() {
    // First 10 s: 90 waits of 1 ms; next 10 s: 10 waits of 100 ms. Apart, p95s of 1 and 100 ms.
    // Each sweep counts what happened since the last one in its own interval.
    totals.wait[LatencyHistogram.index(MILLI)] += 90;
    timeline.sample(origin, origin + SECOND, 1, -1, -1);
    totals.wait[LatencyHistogram.index(100 * MILLI)] += 10;
    timeline.sample(origin, origin + BASE + SECOND, 1, -1, -1);
    // Then holds: 100 of 1 ms and one of 100 ms, in two more intervals.
    totals.hold[LatencyHistogram.index(MILLI)] += 100;
    timeline.sample(origin, origin + 2 * BASE + SECOND, 1, -1, -1);
    totals.hold[LatencyHistogram.index(100 * MILLI)] += 1;
    timeline.sample(origin, origin + 3 * BASE + SECOND, 1, -1, -1);
    List<TimelinePoint> apart = timeline.report(origin + 3 * BASE + 2 * SECOND, clock, true);
    assertThat(apart.get(0).waitP95Millis()).isCloseTo(1, pct());
    assertThat(apart.get(1).waitP95Millis()).isCloseTo(100, pct());

    // Far enough on that neighbours merge: slots 0+1 and 2+3 become one point each.
    timeline.sample(origin, origin + PoolTimeline.MAX_POINTS * BASE, 0, -1, -1);
    List<TimelinePoint> merged =
        timeline.report(origin + PoolTimeline.MAX_POINTS * BASE, clock, true);

    assertThat(merged.get(0).millis()).isEqualTo(2 * BASE / MILLI);
    assertThat(merged.get(0).borrows()).isEqualTo(100);
    // 100 waits, the 95th is one of the 100 ms ones: neither the mean of 1 and 100 nor 1.
    assertThat(merged.get(0).waitP95Millis()).isCloseTo(100, pct());
    // 101 holds, the 96th is one of the 1 ms ones: not the larger half's 100 ms.
    assertThat(merged.get(1).holdP95Millis()).isCloseTo(1, pct());
    assertThat(merged.get(1).waitP95Millis()).isNull();
  }

  @Test
  void aP95IsNeverAboveTheLongestWaitSeen() {
    // One wait of 3.05 s: the middle of its bucket is 3.36 s, past what was ever recorded.
    long wait = 3_050 * MILLI;
    totals.wait[LatencyHistogram.index(wait)] += 1;
    totals.waitMaxNanos = wait;
    timeline.sample(origin, origin + SECOND, 1, -1, -1);

    TimelinePoint point = timeline.report(origin + 2 * SECOND, clock, true).get(0);

    assertThat(LatencyHistogram.middle(LatencyHistogram.index(wait))).isGreaterThan(wait);
    assertThat(point.waitP95Millis()).isEqualTo(3_050.0);
  }

  @Test
  void whatThePoolDoesNotTellIsNullNotZero() {
    totals.wait[LatencyHistogram.index(MILLI)] += 1;
    timeline.sample(origin, origin + SECOND, 3, PoolTimeline.UNKNOWN, PoolTimeline.UNKNOWN);

    TimelinePoint point = timeline.report(origin + 2 * SECOND, clock, false).get(0);

    assertThat(point.inUseMax()).isEqualTo(3);
    assertThat(point.pendingMax()).isNull();
    assertThat(point.maxSize()).isNull();
    assertThat(point.timeouts()).isNull();
    assertThat(point.holdP95Millis()).isNull();
    assertThat(point.borrows()).isEqualTo(1);
    assertThat(point.millis()).isEqualTo(2_000);
  }

  @Test
  void aCountReadByTheFirstSweepOfAnIntervalIsNeverPutInTheIntervalBefore() {
    timeline.sample(origin, origin + 9 * SECOND, 2, 0, 10);
    // A timeout between the last sweep of the first interval and the first of the second: it may
    // have happened after the second began, so it must not be drawn before it.
    totals.timeouts = 1;
    timeline.sample(origin, origin + BASE + SECOND, 2, 0, 10);

    List<TimelinePoint> points = timeline.report(origin + BASE + 2 * SECOND, clock, true);

    assertThat(points).extracting(TimelinePoint::timeouts).containsExactly(0L, 1L);
  }

  @Test
  void gaugesKeepTheMostSeenAndCountsTheIntervalsOwn() {
    timeline.sample(origin, origin + SECOND, 2, 0, 10);
    timeline.sample(origin, origin + 2 * SECOND, 10, 7, 10);
    totals.suspected = 2;
    totals.lateReturns = 1;
    totals.collected = 1;
    totals.timeouts = 5;
    timeline.sample(origin, origin + 3 * SECOND, 4, PoolTimeline.UNKNOWN, 10);
    timeline.sample(origin, origin + BASE + SECOND, 1, 0, 10);

    List<TimelinePoint> points = timeline.report(origin + BASE + 2 * SECOND, clock, true);

    assertThat(points).hasSize(2);
    assertThat(points.get(0)).satisfies(p -> {
      assertThat(p.inUseMax()).isEqualTo(10);
      assertThat(p.pendingMax()).isEqualTo(7);
      assertThat(p.timeouts()).isEqualTo(5);
      assertThat(p.newSuspected()).isEqualTo(2);
      assertThat(p.newLateReturns()).isEqualTo(1);
      assertThat(p.newCollected()).isEqualTo(1);
    });
    assertThat(points.get(1)).satisfies(p -> {
      assertThat(p.inUseMax()).isEqualTo(1);
      assertThat(p.timeouts()).isZero();
      assertThat(p.newSuspected()).isZero();
    });
  }

  /** A bucket's width: what a percentile may be off by. */
  private static Percentage pct() {
    return Percentage.withPercentage(12.5);
  }

  /** Running totals a test moves by hand; no maximum to clamp a p95 unless a test sets one. */
  private static final class FakeTotals extends PoolTimeline.Totals
      implements PoolTimeline.TotalsReader {
    FakeTotals() {
      waitMaxNanos = Long.MAX_VALUE;
      holdMaxNanos = Long.MAX_VALUE;
    }

    @Override
    public void read(PoolTimeline.Totals into) {
      into.copyFrom(this);
    }
  }
}
