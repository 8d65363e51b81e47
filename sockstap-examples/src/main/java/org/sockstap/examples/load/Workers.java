package org.sockstap.examples.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs N platform worker threads until they all finish, the time limit passes or the operation
 * count is used up, whichever comes first. Workers poll {@link #running()} and take a
 * {@link #ticket()} before each operation; blocked reads end by their socket timeout, so the run
 * ends at most one timeout after the limit.
 */
final class Workers {
  /** One worker's work. */
  @FunctionalInterface
  interface Body {
    /**
     * Runs on the worker's own thread.
     *
     * @param id 0 to N-1
     * @param stats this worker's counters
     * @throws Exception a bug, which ends the run with an error; expected failures are counted
     *     in {@code stats} instead
     */
    void run(int id, WorkerStats stats) throws Exception;
  }

  /**
   * A finished run.
   *
   * @param startNanos when the clock started: all workers started, or all reached the barrier
   * @param stats each worker's counters
   */
  record Run(long startNanos, List<WorkerStats> stats) {
    WorkerStats total() {
      return WorkerStats.sum(stats);
    }
  }

  private final long count;
  private final AtomicLong issued = new AtomicLong();
  private volatile boolean stopped;

  /**
   * @param count the number of operations to allow in total, 0 for no limit
   */
  Workers(long count) {
    this.count = count;
  }

  /** Whether workers should go on: false once the time limit has passed. */
  boolean running() {
    return !stopped;
  }

  /** Takes the right to one more operation; false when the count is used up. */
  boolean ticket() {
    return count == 0 || issued.getAndIncrement() < count;
  }

  /**
   * Runs the workers.
   *
   * @param name the threads' names are {@code name-ID}
   * @param n the number of workers
   * @param body what each does
   * @param limitSeconds the time limit, from the start of the clock
   * @param barrier if not null, a barrier of n + 1 parties the workers pass once ready; the
   *     clock starts when they all have, or after {@code barrierMillis}
   * @param barrierMillis how long to wait for the barrier at most
   * @return the start of the clock and the counters
   * @throws InterruptedException if this thread is interrupted; the workers are then stopped
   */
  Run run(String name, int n, Body body, double limitSeconds, @Nullable CyclicBarrier barrier,
      long barrierMillis) throws InterruptedException {
    List<WorkerStats> stats = new ArrayList<>(n);
    List<Thread> threads = new ArrayList<>(n);
    CountDownLatch finished = new CountDownLatch(n);
    AtomicReference<@Nullable Throwable> bug = new AtomicReference<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      WorkerStats mine = new WorkerStats();
      stats.add(mine);
      Thread thread = new Thread(() -> {
        try {
          body.run(id, mine);
        } catch (Throwable e) {
          bug.compareAndSet(null, e);
        } finally {
          finished.countDown();
        }
      }, name + "-" + id);
      thread.setDaemon(true);
      threads.add(thread);
    }
    long start;
    try {
      threads.forEach(Thread::start);
      if (barrier != null) {
        try {
          barrier.await(barrierMillis, TimeUnit.MILLISECONDS);
        } catch (BrokenBarrierException | TimeoutException e) {
          // opening took too long, or a worker failed before the barrier: start anyway. The
          // barrier is broken now, so a worker arriving late passes at once
        }
      }
      start = System.nanoTime();
      finished.await((long) (limitSeconds * 1e9), TimeUnit.NANOSECONDS);
    } finally {
      stopped = true;
      for (Thread thread : threads) {
        thread.join();
      }
    }
    Throwable failure = bug.get();
    if (failure != null) {
      throw new IllegalStateException("a worker failed: " + failure, failure);
    }
    return new Run(start, Collections.unmodifiableList(stats));
  }
}
