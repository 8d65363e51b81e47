package org.sockstap.examples.load;

import java.util.List;

/**
 * What one worker thread counted; written by that thread only, read after it has stopped.
 * {@link #sum} adds them up.
 */
final class WorkerStats {
  final LatencyHistogram latency = new LatencyHistogram();
  private final long[] failures = new long[Failure.values().length];
  long ok;
  long sent;
  long received;
  long hits;
  /** When the worker's last byte moved (stream), {@link System#nanoTime()}; 0 if never. */
  long endNanos;

  void fail(Failure failure) {
    failures[failure.ordinal()]++;
  }

  long failures(Failure failure) {
    return failures[failure.ordinal()];
  }

  long errors() {
    long sum = 0;
    for (long n : failures) {
      sum += n;
    }
    return sum;
  }

  /** The C tool's errors line: {@code errors: 3 connect=1 io=2}. */
  String errorLine() {
    StringBuilder line = new StringBuilder("errors: ").append(errors());
    for (Failure failure : Failure.values()) {
      if (failures(failure) > 0) {
        line.append(' ').append(failure.cliName()).append('=').append(failures(failure));
      }
    }
    return line.toString();
  }

  static WorkerStats sum(List<WorkerStats> all) {
    WorkerStats total = new WorkerStats();
    for (WorkerStats w : all) {
      total.latency.add(w.latency);
      for (int i = 0; i < total.failures.length; i++) {
        total.failures[i] += w.failures[i];
      }
      total.ok += w.ok;
      total.sent += w.sent;
      total.received += w.received;
      total.hits += w.hits;
      total.endNanos = w.endNanos != 0 && (total.endNanos == 0 || w.endNanos - total.endNanos > 0)
          ? w.endNanos : total.endNanos;
    }
    return total;
  }
}
