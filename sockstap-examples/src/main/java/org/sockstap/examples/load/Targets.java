package org.sockstap.examples.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The target servers of {@code serve}, also started in-process by tests: one accepting platform
 * thread per listener, one thread per connection ({@link TargetThreads}), blocking I/O.
 * {@link #close()} closes the listeners and every open connection.
 */
final class Targets implements AutoCloseable {
  private static final int BACKLOG = 4096;

  private final long httpSize;
  private final Map<TargetKind, ServerSocket> listeners = new EnumMap<>(TargetKind.class);
  private final List<Thread> acceptors = new ArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final TargetThreads threads = TargetThreads.create();
  private final BufferPool buffers = new BufferPool(256);

  private Targets(long httpSize) {
    this.httpSize = httpSize;
  }

  /**
   * Starts the targets.
   *
   * @param options where each listens
   * @return the running targets
   * @throws IOException if one cannot listen; none is left running then
   */
  static Targets start(ServeOptions options) throws IOException {
    Targets targets = new Targets(options.httpSize());
    try {
      for (Map.Entry<TargetKind, InetSocketAddress> e : options.listeners().entrySet()) {
        targets.listen(e.getKey(), e.getValue());
      }
    } catch (IOException e) {
      targets.close();
      throw e;
    }
    return targets;
  }

  /**
   * Returns where a target listens.
   *
   * @param kind a target that was started
   * @return its bound address, the real port if 0 was asked for
   */
  InetSocketAddress address(TargetKind kind) {
    ServerSocket listener = Objects.requireNonNull(listeners.get(kind), kind.cliName());
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Whether connections run on virtual threads. */
  boolean virtualThreads() {
    return threads.virtual();
  }

  private void listen(TargetKind kind, InetSocketAddress address) throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(address, BACKLOG);
    } catch (IOException e) {
      listener.close();
      throw new IOException(kind.cliName() + ": cannot listen on " + address + ": "
          + e.getMessage(), e);
    }
    listeners.put(kind, listener);
    Thread acceptor = new Thread(() -> accept(kind, listener), "target-" + kind.cliName());
    acceptor.setDaemon(true);
    acceptors.add(acceptor);
    acceptor.start();
  }

  private void accept(TargetKind kind, ServerSocket listener) {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          pause(); // out of file descriptors, say: do not spin, try again
        }
        continue;
      }
      open.add(socket);
      try {
        threads.execute(() -> serve(kind, socket));
      } catch (RejectedExecutionException e) {
        forget(socket); // closing down
      }
    }
  }

  private void serve(TargetKind kind, Socket socket) {
    byte[] buffer = buffers.take();
    try {
      socket.setTcpNoDelay(true);
      switch (kind) {
        case ECHO: TargetConnections.echo(socket, buffer, false); break;
        case ECHO_LINE: TargetConnections.echo(socket, buffer, true); break;
        case SINK: TargetConnections.sink(socket, buffer); break;
        case SOURCE: TargetConnections.source(socket, buffer); break;
        case HTTP: HttpTarget.serve(socket, buffer, httpSize); break;
        default: throw new AssertionError(kind);
      }
    } catch (IOException e) {
      // the client reset or left mid-write: an everyday end under load
    } finally {
      forget(socket);
      buffers.give(buffer);
    }
  }

  private void forget(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (ServerSocket listener : listeners.values()) {
      try {
        listener.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    for (Thread acceptor : acceptors) {
      try {
        acceptor.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Socket socket : open) {
      forget(socket);
    }
    threads.close();
  }
}
