package org.sockstap.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sockstap.core.internal.relay.RelayLoops;

@Timeout(30)
class FinisherTest {

  @Test
  void tasksFromARelayLoopRunAllInOrderOnTheFinishingThread() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    CompletableFuture<String> loopThread = new CompletableFuture<>();
    try (Finisher finisher = new Finisher("test-finish");
        RelayLoops loops = new RelayLoops(1, "test-relay-");
        ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      // an accepted connection is told on the loop's thread, where tasks are batched per turn
      loops.acceptFrom(listener, (channel, loop) -> {
        loopThread.complete(Thread.currentThread().getName());
        for (int i = 0; i < 100; i++) {
          int n = i;
          finisher.execute(() -> {
            ran.add(n);
            threads.add(Thread.currentThread().getName());
          });
        }
        loop.execute(() -> finisher.execute(() -> ran.add(100)));
      });
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
          listener.socket().getLocalPort())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ran.size() < 101 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
      }
    }
    assertEquals(IntStream.rangeClosed(0, 100).boxed().toList(), ran);
    assertEquals(List.of("test-finish"), threads.stream().distinct().toList());
    assertTrue(loopThread.get().startsWith("test-relay-"), loopThread.get());
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
}
