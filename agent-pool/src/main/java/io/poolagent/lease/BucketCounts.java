package io.poolagent.lease;

import java.util.Arrays;

/**
 * The {@link LatencyHistogram} buckets of one timeline interval, sparse: only buckets that
 * counted something, each packed in one long (bucket index in the top bits, count in the rest),
 * in bucket order. An interval's borrows fall in a few dozen of the 488 buckets, so a point keeps
 * a few hundred bytes, never more than the full histogram.
 *
 * <p>Why buckets and not the interval's p95 alone: neighbouring points merge as the run grows,
 * and the p95 of two intervals together is not any mix of their two p95s. Adding the buckets and
 * reading the p95 off the sum gives the merged interval's own p95, as exact as the histogram.
 */
final class BucketCounts {

  static final long[] NONE = new long[0];

  private static final int COUNT_BITS = 54;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

  private BucketCounts() {}

  /** What was recorded between two readings of the same histogram ({@code later - earlier}). */
  static long[] delta(long[] later, long[] earlier) {
    int nonZero = 0;
    for (int i = 0; i < later.length; i++) {
      if (later[i] != earlier[i]) {
        nonZero++;
      }
    }
    if (nonZero == 0) {
      return NONE;
    }
    long[] packed = new long[nonZero];
    int at = 0;
    for (int i = 0; i < later.length; i++) {
      long count = later[i] - earlier[i];
      if (count != 0) {
        packed[at++] = pack(i, count);
      }
    }
    return packed;
  }

  /** The two intervals' buckets added up. */
  static long[] sum(long[] a, long[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    long[] merged = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int at = 0;
    while (i < a.length || j < b.length) {
      if (j == b.length || (i < a.length && index(a[i]) < index(b[j]))) {
        merged[at++] = a[i++];
      } else if (i == a.length || index(b[j]) < index(a[i])) {
        merged[at++] = b[j++];
      } else {
        merged[at++] = pack(index(a[i]), count(a[i]) + count(b[j]));
        i++;
        j++;
      }
    }
    return at == merged.length ? merged : Arrays.copyOf(merged, at);
  }

  static long total(long[] packed) {
    long total = 0;
    for (long bucket : packed) {
      total += count(bucket);
    }
    return total;
  }

  /**
   * The value below which {@code quantile} of the counted values lie, in nanoseconds, as {@link
   * LatencyHistogram.Snapshot#percentileNanos} places it: the middle of the bucket holding that
   * rank. Null when nothing was counted.
   */
  static Long percentileNanos(long[] packed, double quantile) {
    long total = total(packed);
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (long bucket : packed) {
      seen += count(bucket);
      if (seen >= rank) {
        return LatencyHistogram.middle(index(bucket));
      }
    }
    return LatencyHistogram.middle(index(packed[packed.length - 1]));
  }

  private static long pack(int index, long count) {
    return ((long) index << COUNT_BITS) | count;
  }

  private static int index(long bucket) {
    return (int) (bucket >>> COUNT_BITS);
  }

  private static long count(long bucket) {
    return bucket & COUNT_MASK;
  }
}
