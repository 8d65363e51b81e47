package org.sockstap.core.internal.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.sockstap.core.internal.detect.ProtocolDetection;

/**
 * The server's relay threads: a few selector loops (one per core) that accept connections, run
 * the common SOCKS5 handshake, detect and relay every opaque tunnel, instead of threads per
 * connection. Accepted connections stay on the loop that accepted them; tunnels started from a
 * connection thread are spread over the loops in turn.
 */
public final class RelayLoops implements AutoCloseable {
  private final RelayLoop[] loops;
  private final Thread[] threads;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * Starts the loops.
   *
   * @param count how many loops (threads)
   * @param namePrefix thread names are this plus the loop's number
   */
  public RelayLoops(int count, String namePrefix) {
    if (count < 1) {
      throw new IllegalArgumentException("count: " + count);
    }
    loops = new RelayLoop[count];
    threads = new Thread[count];
    try {
      for (int i = 0; i < count; i++) {
        loops[i] = new RelayLoop();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the relay", e);
    }
    for (int i = 0; i < count; i++) {
      threads[i] = new Thread(loops[i], namePrefix + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  /**
   * The default number of loops: one per available processor.
   *
   * @return the count
   */
  public static int defaultCount() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Relays between two sockets until both directions are done, the idle timeout passes or either
   * side fails; both sockets are closed at the end.
   *
   * @param client the SOCKS client's side
   * @param server the server's side
   * @param idleTimeout how long both directions may be silent
   * @param whenDone told the outcome once, on the relay's thread: keep it short
   * @return the tunnel, to abort or wait for
   * @throws IOException when a socket cannot be switched to non-blocking mode
   */
  public Tunnel start(RelayEnd client, RelayEnd server, Duration idleTimeout,
      Consumer<Tunnel> whenDone) throws IOException {
    return pick().start(client, server, idleTimeout.toNanos(), whenDone);
  }

  /**
   * Watches the first bytes of a connection whose server is connected, until its protocol is
   * decided; the listener then says where the connection goes.
   *
   * @param client the SOCKS client
   * @param server the server
   * @param detection the detection state, with the candidates
   * @param deadline when to stop waiting, in {@link System#nanoTime} terms
   * @param listener told the decision on the loop's thread
   * @throws IOException when a socket cannot be switched to non-blocking mode
   */
  public void detect(SocketChannel client, SocketChannel server, ProtocolDetection detection,
      long deadline, DetectionWatch.DetectionListener listener) throws IOException {
    pick().detect(client, server, detection, deadline, listener);
  }

  /**
   * Accepts connections from the listener on every loop: a connection starts on the loop that
   * accepted it.
   *
   * @param listener the bound listener; it is made non-blocking
   * @param accepted told each new connection and its loop, on that loop's thread
   * @throws IOException when the listener cannot be made non-blocking
   */
  public void acceptFrom(ServerSocketChannel listener,
      java.util.function.BiConsumer<SocketChannel, RelayLoop> accepted) throws IOException {
    listener.configureBlocking(false);
    for (RelayLoop loop : loops) {
      loop.acceptFrom(listener, channel -> accepted.accept(channel, loop));
    }
  }

  /**
   * Makes every loop go round once: a listener or socket closed elsewhere is let go of at once
   * instead of at the loop's next wake-up.
   */
  public void wakeUp() {
    for (RelayLoop loop : loops) {
      loop.execute(() -> { });
    }
  }

  /** The next loop in turn. */
  private RelayLoop pick() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  /**
   * Returns how many tunnels are being relayed.
   *
   * @return the count
   */
  public int tunnels() {
    int total = 0;
    for (RelayLoop loop : loops) {
      total += loop.tunnelCount();
    }
    return total;
  }

  /** Stops the loops; tunnels still open fail with "relay stopped". */
  @Override
  public void close() {
    for (RelayLoop loop : loops) {
      loop.stop();
    }
    for (Thread thread : threads) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
