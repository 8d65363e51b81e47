package org.sockstap.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FinisherTest {

  @Test
  void tasksRunInTheOrderQueuedOnTheFinishingThreadWhetherItNapsOrSleeps() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (Finisher finisher = new Finisher("test-finish")) {
      for (int i = 0; i < 60; i++) {
        int n = i;
        finisher.execute(() -> {
          ran.add(n);
          threads.add(Thread.currentThread().getName());
        });
        // no pause, shorter and longer than the nap: queued while running, napping, asleep
        Thread.sleep(i % 3 == 0 ? 0 : i % 3 == 1 ? 0 : 3);
      }
      awaitSize(ran, 60);
    }
    assertEquals(IntStream.range(0, 60).boxed().toList(), ran);
    assertEquals(List.of("test-finish"), threads.stream().distinct().toList());
  }

  @Test
  void aTaskQueuedLongAfterTheLastOneStillRuns() throws Exception {
    try (Finisher finisher = new Finisher("test-finish")) {
      for (int round = 0; round < 5; round++) {
        CountDownLatch done = new CountDownLatch(1);
        Thread.sleep(20); // the finisher has gone to sleep without a deadline by now
        finisher.execute(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS), "round " + round + ": not woken");
      }
    }
  }

  @Test
  void aTaskSomeoneWaitsForIsNotHeldUpByTheNap() throws Exception {
    try (Finisher finisher = new Finisher("test-finish")) {
      for (int round = 0; round < 20; round++) {
        CountDownLatch done = new CountDownLatch(1);
        finisher.execute(() -> { });
        finisher.executeSoon(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS), "round " + round);
      }
    }
  }

  @Test
  void closeRunsWhatOtherThreadsQueuedFirst() {
    List<Integer> ran = new ArrayList<>();
    Finisher finisher = new Finisher("test-finish");
    for (int i = 0; i < 50; i++) {
      int n = i;
      finisher.execute(() -> {
        synchronized (ran) {
          ran.add(n);
        }
      });
    }
    finisher.close();
    synchronized (ran) {
      assertEquals(IntStream.range(0, 50).boxed().toList(), ran);
    }
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }
}
