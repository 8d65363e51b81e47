package org.sockstap.core.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that ends connections the relay loops are done with: summary, log line, listeners.
 * Those call user code (listeners, access-log sinks), which must not run on a relay loop, where
 * a slow one would stall every tunnel of the loop; queueing them here costs no thread per
 * connection.
 */
final class Finisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Finisher.class);
  private static final Runnable STOP = () -> { };

  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  Finisher(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  void execute(Runnable task) {
    queue.add(task);
  }

  private void loop() {
    while (true) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (task == STOP) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("finishing a connection failed", e);
      }
    }
  }

  /** Runs what is queued, then stops. */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
