package org.sockstap.examples.load;

import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Bounds each blocking socket step (connect, each handshake step, each echo or request) by the
 * timeout, by closing the channel of a step that overran it: closing is how a blocked read is
 * stopped. The workers' reads can then be plain blocking reads, one system call each as in the C
 * tool, instead of timed reads, which cost a failed read, a poll and a read; at tens of
 * microseconds per operation that difference shows in the figures.
 *
 * <p>One daemon thread per run checks every guard each tick (a quarter of the timeout, 1 to 100
 * ms), so a step fails between the timeout and the timeout plus one tick.
 */
final class Watchdog implements AutoCloseable {
  private final long timeoutNanos;
  private final long tickNanos;
  private final List<Guard> guards = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts the watchdog thread.
   *
   * @param timeoutMillis the bound of each step
   */
  Watchdog(int timeoutMillis) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 4));
    this.thread = new Thread(this::watch, "load-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** Returns a new guard for one worker. */
  Guard guard() {
    Guard guard = new Guard();
    guards.add(guard);
    return guard;
  }

  private void watch() {
    while (!closed) {
      long now = System.nanoTime();
      for (Guard guard : guards) {
        guard.expire(now);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(tickNanos);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }

  /** One worker's current channel and the deadline of its current step. */
  final class Guard {
    private final AtomicReference<@Nullable SocketChannel> channel = new AtomicReference<>();
    private volatile long deadline;

    private Guard() {}

    /** Starts watching a channel: its first step begins now. */
    void arm(SocketChannel watched) {
      // the deadline first: the watchdog reads the channel first, then a deadline at least as new
      deadline = System.nanoTime() + timeoutNanos;
      channel.set(watched);
    }

    /** The next step begins now. */
    void step() {
      deadline = System.nanoTime() + timeoutNanos;
    }

    /** Stops watching, before the channel is closed or kept idle. */
    void disarm() {
      channel.set(null);
    }

    private void expire(long now) {
      SocketChannel watched = channel.get();
      if (watched != null && now - deadline > 0 && channel.compareAndSet(watched, null)) {
        Dialer.close(watched);
      }
    }
  }
}
