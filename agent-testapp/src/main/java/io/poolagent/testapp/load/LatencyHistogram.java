package io.poolagent.testapp.load;

/**
 * Latencies in nanoseconds, in log-linear buckets (exact below 1024 ns, then within 0.2%). Fixed
 * memory, so hour-long soak runs cost no more than a five-second benchmark. Not thread-safe: one
 * per worker, merged at the end.
 */
public final class LatencyHistogram {
  private static final int LINEAR = 1024;
  private static final int SUB_BITS = 9;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_SHIFT = 63 - SUB_BITS;

  private final long[] counts = new long[LINEAR + MAX_SHIFT * SUB];
  private long total;

  public void record(long nanos) {
    counts[indexOf(Math.max(0, nanos))]++;
    total++;
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  public long count() {
    return total;
  }

  /** The latency at or below which {@code percent} of the recordings fall; 0 when empty. */
  public long percentileNanos(double percent) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percent / 100 * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return valueOf(i);
      }
    }
    return valueOf(counts.length - 1);
  }

  private static int indexOf(long nanos) {
    if (nanos < LINEAR) {
      return (int) nanos;
    }
    // Keep the top SUB_BITS + 1 bits: top lands in [SUB, 2 * SUB).
    int shift = 63 - Long.numberOfLeadingZeros(nanos) - SUB_BITS;
    int top = (int) (nanos >>> shift);
    return LINEAR + (shift - 1) * SUB + (top - SUB);
  }

  /** The middle of bucket {@code index}. */
  private static long valueOf(int index) {
    if (index < LINEAR) {
      return index;
    }
    int shift = (index - LINEAR) / SUB + 1;
    long top = (index - LINEAR) % SUB + SUB;
    return (top << shift) + (1L << (shift - 1));
  }
}
