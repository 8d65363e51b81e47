package org.sockstap.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.core.internal.relay.RelayLoop;

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
  /** A relay loop thread's tasks of its current turn. */
  private final ThreadLocal<List<Runnable>> turnBatch = ThreadLocal.withInitial(ArrayList::new);
  private final Thread thread;

  Finisher(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a task. From a relay loop's thread, the tasks of one turn go as one batch at the end of
   * the turn: one wake-up of this thread for all the connections the turn ended.
   */
  void execute(Runnable task) {
    RelayLoop loop = RelayLoop.current();
    if (loop == null) {
      queue.add(task);
      return;
    }
    List<Runnable> batch = turnBatch.get();
    if (batch.isEmpty()) {
      loop.atTurnEnd(() -> {
        Runnable[] tasks = batch.toArray(new Runnable[0]);
        batch.clear();
        queue.add(() -> {
          for (Runnable each : tasks) {
            runGuarded(each);
          }
        });
      });
    }
    batch.add(task);
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
      runGuarded(task);
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
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
