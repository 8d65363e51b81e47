package org.sockstap.core.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that ends connections the relay loops are done with: summary, log line, listeners.
 * Those call user code (listeners, access-log sinks), which must not run on a relay loop, where
 * a slow one would stall every tunnel of the loop; queueing them here costs no thread per
 * connection.
 *
 * <p>After running what it found, the thread naps for a millisecond before it looks again, and
 * only a thread that went to sleep with nothing to do is woken by a new task. Under load that is
 * one timed wake-up per millisecond instead of one wake-up (a futex call and a context switch)
 * per connection; a task waits at most a millisecond longer.
 */
final class Finisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Finisher.class);
  private static final Runnable STOP = () -> { };
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /** True while the thread waits with no deadline: a new task must wake it. */
  private final AtomicBoolean asleep = new AtomicBoolean();
  private final Thread thread;

  Finisher(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a task; it runs within a millisecond, after those queued before it. */
  void execute(Runnable task) {
    queue.add(task);
    if (asleep.get() && asleep.compareAndSet(true, false)) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Queues a task that someone waits for (a connection's handler to start, say): the thread is
   * woken even from its nap.
   */
  void executeSoon(Runnable task) {
    queue.add(task);
    LockSupport.unpark(thread);
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      boolean ran = false;
      for (Runnable task; (task = queue.poll()) != null; ) {
        if (task == STOP) {
          return;
        }
        runGuarded(task);
        ran = true;
      }
      if (ran) {
        LockSupport.parkNanos(this, NAP_NANOS);
        continue;
      }
      asleep.set(true);
      // checked after saying so: a task queued before it is seen here, one after it wakes us
      if (queue.isEmpty()) {
        LockSupport.park(this);
      }
      asleep.set(false);
    }
  }

  private static void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.warn("finishing a connection failed", e);
    }
  }

  /** Runs what is queued, then stops. */
  @Override
  public void close() {
    executeSoon(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
