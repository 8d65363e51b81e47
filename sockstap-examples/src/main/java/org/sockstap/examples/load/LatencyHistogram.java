package org.sockstap.examples.load;

/**
 * Latencies in microseconds, in fixed buckets: exact below 2048 us, then 1024 buckets per power
 * of two (0.1 % wide), up to the C tool's cap of 4e9 us. Recording is an array increment, so a
 * worker records every operation without allocating, and memory stays at 184 KiB however long
 * the run. Percentiles pick the same rank as the C tool's sorted array ({@code n / 2},
 * {@code n * 0.99}); above 2048 us they report the bucket's lower bound.
 *
 * <p>Not thread-safe: one per worker, merged after the workers have stopped.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 10;
  private static final int SUB = 1 << SUB_BITS;
  private static final int EXACT = 2 * SUB;
  private static final long CAP = 4_000_000_000L;
  private static final int BUCKETS = EXACT + (63 - Long.numberOfLeadingZeros(CAP) - SUB_BITS) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  /**
   * Adds one latency.
   *
   * @param micros the latency; negatives count as 0, more than 4e9 as 4e9
   */
  void record(long micros) {
    long v = Math.max(0, Math.min(micros, CAP));
    counts[index(v)]++;
    total++;
    if (v > max) {
      max = v;
    }
  }

  /**
   * Adds another histogram's latencies to this one.
   *
   * @param other left unchanged
   */
  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  /** The largest latency recorded, exactly; 0 when none. */
  long max() {
    return max;
  }

  /**
   * Returns the latency at a rank of the sorted latencies, as the C tool picks
   * {@code v[(size_t)(n * fraction)]}.
   *
   * @param fraction 0 to 1: 0.5 for the median, 0.99
   * @return the latency in microseconds, 0 when none was recorded
   */
  long percentile(double fraction) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.min(total - 1, (long) (total * fraction));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen > rank) {
        return Math.min(lowerBound(i), max);
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
    return EXACT + (shift - 1) * SUB + (int) ((v >>> shift) - SUB);
  }

  static long lowerBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int shift = (index - EXACT) / SUB + 1;
    return ((long) ((index - EXACT) % SUB) + SUB) << shift;
  }
}
