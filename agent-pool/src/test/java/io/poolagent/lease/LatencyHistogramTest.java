package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  /** Every bucket is at most 12.5% wide: a percentile is that close to the exact one. */
  private static final double PRECISION_PERCENT = 12.5;

  private static final long MICROS = 1_000;
  private static final long MILLIS = 1_000_000;

  @Test
  void emptySnapshotIsAllZeros() {
    LatencyHistogram.Snapshot snapshot = new LatencyHistogram().snapshot();

    assertThat(snapshot.count()).isZero();
    assertThat(snapshot.maxNanos()).isZero();
    assertThat(snapshot.percentileNanos(0.50)).isZero();
    assertThat(snapshot.percentileNanos(0.99)).isZero();
  }

  @Test
  void percentilesOfAUniformDistribution() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long i = 1; i <= 10_000; i++) {
      histogram.record(i * MICROS);
    }

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.count()).isEqualTo(10_000);
    assertThat(snapshot.maxNanos()).isEqualTo(10_000 * MICROS);
    assertThat((double) snapshot.percentileNanos(0.50))
        .isCloseTo(5_000 * MICROS, withinPercentage(PRECISION_PERCENT));
    assertThat((double) snapshot.percentileNanos(0.95))
        .isCloseTo(9_500 * MICROS, withinPercentage(PRECISION_PERCENT));
    assertThat((double) snapshot.percentileNanos(0.99))
        .isCloseTo(9_900 * MICROS, withinPercentage(PRECISION_PERCENT));
  }

  @Test
  void percentilesOfABimodalDistribution() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 900; i++) {
      histogram.record(2 * MILLIS);
    }
    for (int i = 0; i < 100; i++) {
      histogram.record(1_500 * MILLIS);
    }

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat((double) snapshot.percentileNanos(0.50))
        .isCloseTo(2 * MILLIS, withinPercentage(PRECISION_PERCENT));
    assertThat((double) snapshot.percentileNanos(0.90))
        .isCloseTo(2 * MILLIS, withinPercentage(PRECISION_PERCENT));
    assertThat((double) snapshot.percentileNanos(0.95))
        .isCloseTo(1_500 * MILLIS, withinPercentage(PRECISION_PERCENT));
    assertThat((double) snapshot.percentileNanos(0.99))
        .isCloseTo(1_500 * MILLIS, withinPercentage(PRECISION_PERCENT));
    assertThat(snapshot.maxNanos()).isEqualTo(1_500 * MILLIS);
  }

  @Test
  void aSingleValueIsItsOwnPercentilesAndMax() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(7_345_678);

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.count()).isEqualTo(1);
    assertThat(snapshot.maxNanos()).isEqualTo(7_345_678);
    for (double quantile : new double[] {0.0, 0.5, 0.95, 0.99, 1.0}) {
      assertThat(snapshot.percentileNanos(quantile))
          .isLessThanOrEqualTo(7_345_678)
          .isCloseTo(7_345_678, withinPercentage(PRECISION_PERCENT));
    }
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 10; i++) {
      histogram.record(3);
    }
    histogram.record(5);

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.percentileNanos(0.5)).isEqualTo(3);
    assertThat(snapshot.percentileNanos(1.0)).isEqualTo(5);
    assertThat(snapshot.maxNanos()).isEqualTo(5);
  }

  @Test
  void maxIsExactWhateverTheBucket() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(89);
    histogram.record(1_234_567_891);
    histogram.record(1_000_000);

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.maxNanos()).isEqualTo(1_234_567_891);
    assertThat(snapshot.percentileNanos(1.0)).isLessThanOrEqualTo(1_234_567_891);
  }

  @Test
  void negativeDurationsCountAsZero() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(-5);

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.count()).isEqualTo(1);
    assertThat(snapshot.maxNanos()).isZero();
    assertThat(snapshot.percentileNanos(0.5)).isZero();
  }

  @Test
  void hugeValuesStayWithinPrecision() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(Long.MAX_VALUE);

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.maxNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat((double) snapshot.percentileNanos(0.5))
        .isPositive()
        .isCloseTo((double) Long.MAX_VALUE, withinPercentage(PRECISION_PERCENT));
  }

  @Test
  void everyValueLandsInABucketThatHoldsItAndIsAtMostAnEighthWide() {
    List<Long> values = new ArrayList<>();
    for (long v = 0; v <= 10_000; v++) {
      values.add(v);
    }
    for (int exponent = 0; exponent < 63; exponent++) {
      long power = 1L << exponent;
      values.add(power - 1);
      values.add(power);
      values.add(power + 1);
      values.add(power + power / 2);
    }
    values.addAll(List.of(1_000L, 1_000_000_000L, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1));
    values.add(Long.MAX_VALUE);
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      values.add(random.nextLong() & Long.MAX_VALUE);
    }
    int lastIndex = LatencyHistogram.index(Long.MAX_VALUE);

    for (long value : values) {
      int index = LatencyHistogram.index(value);
      long lower = LatencyHistogram.lowerBound(index);
      // The bound above the last bucket is 2^63, which wraps to Long.MIN_VALUE: compare it
      // unsigned; the wrapping subtraction below still gives that bucket's true width.
      long upper = LatencyHistogram.lowerBound(index + 1);

      assertThat(index).as("index of %d", value).isBetween(0, lastIndex);
      assertThat(lower).as("lower bound of the bucket of %d", value).isLessThanOrEqualTo(value);
      assertThat(Long.compareUnsigned(value, upper))
          .as("%d is below the next bucket's lower bound %d", value, upper)
          .isNegative();
      if (value >= 8) {
        assertThat(upper - lower)
            .as("width of the bucket of %d", value)
            .isLessThanOrEqualTo(lower / 8);
      } else {
        assertThat(lower).as("values below 8 have a bucket each").isEqualTo(value);
      }
    }
  }

  @Test
  void indexAndLowerBoundAgree() {
    int lastIndex = LatencyHistogram.index(Long.MAX_VALUE);

    for (int index = 0; index <= lastIndex; index++) {
      long lower = LatencyHistogram.lowerBound(index);

      assertThat(LatencyHistogram.index(lower))
          .as("index of lowerBound(%d)", index)
          .isEqualTo(index);
      if (index > 0) {
        assertThat(LatencyHistogram.index(lower - 1)).isEqualTo(index - 1);
        assertThat(LatencyHistogram.lowerBound(index - 1)).isLessThan(lower);
      }
    }
    assertThat(List.of(0L, 1L, 7L, 8L, 1_000L, 1_000_000_000L, Long.MAX_VALUE / 2))
        .allSatisfy(
            v ->
                assertThat(LatencyHistogram.lowerBound(LatencyHistogram.index(v)))
                    .isLessThanOrEqualTo(v));
  }

  @Test
  void concurrentRecordingLosesNothing() throws Exception {
    LatencyHistogram histogram = new LatencyHistogram();
    int threads = 8;
    int perThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long offset = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    histogram.record((i % 1_000) * MICROS + offset);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    LatencyHistogram.Snapshot snapshot = histogram.snapshot();

    assertThat(snapshot.count()).isEqualTo((long) threads * perThread);
    assertThat(snapshot.maxNanos()).isEqualTo(999 * MICROS + threads - 1);
  }
}
