package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void emptyReportsZero() {
    LatencyHistogram h = new LatencyHistogram();
    assertEquals(0, h.percentile(0.5));
    assertEquals(0, h.max());
    assertEquals(0, h.count());
  }

  @Test
  void exactBelow2048MicrosecondsWithTheRanksOfTheCTool() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 1000; v++) {
      h.record(v);
    }
    // sorted v[n / 2] and v[(size_t)(n * 0.99)] of 1..1000
    assertEquals(501, h.percentile(0.5));
    assertEquals(991, h.percentile(0.99));
    assertEquals(1000, h.max());
    assertEquals(1000, h.count());
  }

  @Test
  void withinATenthOfAPercentAboveAndClampedAtTheCap() {
    Random random = new Random(42);
    long[] values = new long[10_000];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(random.nextDouble() * Math.log(3_000_000_000.0));
      h.record(values[i]);
    }
    Arrays.sort(values);
    for (double f : new double[] {0.01, 0.5, 0.9, 0.99, 0.999}) {
      long exact = values[(int) (values.length * f)];
      long reported = h.percentile(f);
      assertTrue(reported <= exact && exact - reported <= exact / 1000, f + ": " + reported
          + " vs " + exact);
    }
    assertEquals(values[values.length - 1], h.max());
    h.record(Long.MAX_VALUE);
    h.record(-5);
    assertEquals(4_000_000_000L, h.max());
  }

  @Test
  void everyBucketStartsWhereItsIndexSays() {
    for (int i = 0; i < 23_552; i++) {
      long low = LatencyHistogram.lowerBound(i);
      assertEquals(i, LatencyHistogram.index(low), "bucket " + i);
      if (i > 0) {
        assertEquals(i - 1, LatencyHistogram.index(low - 1), "below bucket " + i);
      }
    }
    assertEquals(23_551, LatencyHistogram.index((1L << 32) - 1));
    assertTrue(LatencyHistogram.index(4_000_000_000L) < 23_552);
  }

  @Test
  void addMergesCountsAndMax() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(10);
    b.record(20);
    b.record(30);
    a.add(b);
    assertEquals(3, a.count());
    assertEquals(20, a.percentile(0.5));
    assertEquals(30, a.max());
  }
}
