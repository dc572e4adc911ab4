package io.poolagent.lease;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free, fixed-size histogram of nanosecond durations: log-linear buckets, 8 per power of
 * two, so every recorded value lands in a bucket at most 12.5% wide. Recording is one array
 * increment: no allocation, no lock, fixed memory whatever the number of values.
 *
 * <p>The counts are striped by thread: threads borrowing at the same pace hit the same bucket, and
 * one shared counter would bounce its cache line between their cores on every borrow and return
 * (measured: two threads paid 30% more per cycle than one). A stripe per thread id modulo a few
 * per core keeps concurrent threads on counters 4 KiB apart (4 KiB per stripe); readers add the
 * stripes up. Each stripe keeps its own exact sum too, next to its counts: a {@code LongAdder}
 * there cost a second look-up of the thread's cell, and its cells, allocated as contention
 * appeared, landed wherever the heap put them.
 */
public final class LatencyHistogram {

  private static final int SUB_BUCKET_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  static final int BUCKETS = (64 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

  /** Twice the cores, a power of two, at most 16. */
  private static final int STRIPES =
      Math.min(16, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 2 - 1) << 1);

  /**
   * Where a stripe's exact sum of values is kept, after its counts: exported sums are then not
   * bucket approximations.
   */
  private static final int SUM = BUCKETS;

  /** One stripe: its counts and its sum, padded to 4 KiB. */
  private static final int STRIDE = Integer.highestOneBit(BUCKETS) << 1;

  /** {@code STRIPES} runs of {@code STRIDE} longs: {@code BUCKETS} counts, then the sum. */
  private final AtomicLongArray counts = new AtomicLongArray(STRIDE * STRIPES);
  private final AtomicLong max = new AtomicLong();

  public void record(long nanos) {
    long value = Math.max(0, nanos);
    @SuppressWarnings("deprecation") // threadId() is Java 19+; getId() is the same number
    int stripe = ((int) Thread.currentThread().getId() & (STRIPES - 1)) * STRIDE;
    counts.getAndIncrement(stripe + index(value));
    counts.getAndAdd(stripe + SUM, value);
    long seen = max.get();
    while (value > seen && !max.compareAndSet(seen, value)) {
      seen = max.get();
    }
  }

  static int index(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
    return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
  }

  /** The smallest value that lands in bucket {@code index}. */
  static long lowerBound(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
    long sub = index % SUB_BUCKETS;
    return (SUB_BUCKETS + sub) << (exponent - SUB_BUCKET_BITS);
  }

  /** How many values were recorded: a sum over the buckets, for readers, not for the hot path. */
  public long count() {
    long total = 0;
    for (int stripe = 0; stripe < STRIPES * STRIDE; stripe += STRIDE) {
      for (int i = 0; i < BUCKETS; i++) {
        total += counts.get(stripe + i);
      }
    }
    return total;
  }

  /**
   * Adds each bucket's count, over all stripes, into {@code into} (length {@link #BUCKETS}), after
   * zeroing it: a timeline's reading, which allocates nothing. Every count only grows, so a later
   * reading minus an earlier one is what was recorded in between, bucket by bucket.
   */
  void bucketsInto(long[] into) {
    Arrays.fill(into, 0);
    for (int stripe = 0; stripe < STRIPES * STRIDE; stripe += STRIDE) {
      for (int i = 0; i < BUCKETS; i++) {
        into[i] += counts.get(stripe + i);
      }
    }
  }

  /** The largest value recorded so far. */
  long maxNanos() {
    return max.get();
  }

  /** The middle of bucket {@code index}: where a percentile falling in it is placed. */
  static long middle(int index) {
    long low = lowerBound(index);
    long high = index + 1 < BUCKETS ? lowerBound(index + 1) : Long.MAX_VALUE;
    return low + (high - low) / 2;
  }

  /** A consistent-enough copy for reporting: counts read one by one while recording goes on. */
  public Snapshot snapshot() {
    long[] copy = new long[BUCKETS];
    long total = 0;
    long sum = 0;
    for (int stripe = 0; stripe < STRIPES * STRIDE; stripe += STRIDE) {
      for (int i = 0; i < BUCKETS; i++) {
        long count = counts.get(stripe + i);
        copy[i] += count;
        total += count;
      }
      sum += counts.get(stripe + SUM);
    }
    return new Snapshot(copy, total, max.get(), sum);
  }

  /** Counts at one moment, with percentile look-ups. */
  public static final class Snapshot {
    private final long[] counts;
    private final long total;
    private final long max;
    private final long sum;

    Snapshot(long[] counts, long total, long max, long sum) {
      this.counts = counts;
      this.total = total;
      this.max = max;
      this.sum = sum;
    }

    public long sumNanos() {
      return sum;
    }

    /**
     * How many values lie in each of the ranges {@code (bounds[i-1], bounds[i]]}, plus a last count
     * above the last bound, as an exporter's explicit-bucket histogram needs them. Each fine bucket
     * (at most 12.5% wide) is placed by its middle.
     */
    public long[] countsFor(long[] boundsNanos) {
      long[] out = new long[boundsNanos.length + 1];
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          continue;
        }
        long middle = middle(i);
        int slot = 0;
        while (slot < boundsNanos.length && middle > boundsNanos[slot]) {
          slot++;
        }
        out[slot] += counts[i];
      }
      return out;
    }

    public long count() {
      return total;
    }

    public long maxNanos() {
      return max;
    }

    /**
     * The value below which {@code quantile} of the values lie: the middle of the bucket that holds
     * that rank, never above the largest value seen.
     */
    public long percentileNanos(double quantile) {
      if (total == 0) {
        return 0;
      }
      long rank = Math.max(1, (long) Math.ceil(quantile * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return Math.min(middle(i), max);
        }
      }
      return max;
    }
  }
}
