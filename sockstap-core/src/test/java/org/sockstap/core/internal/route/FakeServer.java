package org.sockstap.core.internal.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server on port 0 that runs a script per accepted connection on its own thread.
 *
 * <p>What a script throws is collected and thrown from {@link #close()} as an {@link
 * AssertionError}, so a broken fake fails the test that used it. Exceptions after close began
 * (the sockets are closed under the scripts) are expected and dropped. {@code close()} also fails
 * when a thread does not end.
 */
abstract class FakeServer implements AutoCloseable {
  /** A script step that may throw. */
  @FunctionalInterface
  interface Task {
    void run() throws Exception;
  }

  private final String name;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final java.util.concurrent.Semaphore hangUps = new java.util.concurrent.Semaphore(0);
  private volatile boolean closing;

  FakeServer(String name) throws IOException {
    this(name, InetAddress.getLoopbackAddress());
  }

  FakeServer(String name, InetAddress bindAddress) throws IOException {
    this.name = name;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(bindAddress, 0), 50);
  }

  /** Starts accepting; subclasses call this last in their constructor. */
  protected final void start() {
    spawn(name + "-accept", this::acceptLoop);
  }

  private void acceptLoop() throws IOException {
    while (!closing) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (closing) {
          return;
        }
        throw e;
      }
      track(socket);
      int id = accepted.incrementAndGet();
      spawn(name + "-" + id, () -> serve(socket));
    }
  }

  /**
   * Runs the script for one connection.
   *
   * @param socket the accepted socket, closed by the server on close
   * @throws Exception whatever went wrong; collected
   */
  protected abstract void serve(Socket socket) throws Exception;

  /** Runs a task on a new thread that close() waits for; its exceptions are collected. */
  protected final void spawn(String threadName, Task task) {
    Thread thread =
        new Thread(
            () -> {
              try {
                task.run();
              } catch (Throwable e) {
                if (!closing) {
                  errors.add(e);
                }
              }
            },
            threadName);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** Makes close() close the socket too. */
  protected final Socket track(Socket socket) {
    sockets.add(socket);
    if (closing) {
      closeQuietly(socket);
    }
    return socket;
  }

  /**
   * Relays between an accepted socket and a new connection to the backend, both ways with
   * half-close, until both directions end. I/O errors end the relay silently: the test checks the
   * bytes that arrive.
   */
  protected final void relay(Socket client, InetSocketAddress backend) throws IOException {
    Socket server = track(new Socket());
    server.setTcpNoDelay(true);
    server.connect(backend, 5_000);
    spawn(name + "-up", () -> pump(client, server));
    pump(server, client);
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // the other side went away; the test sees it in the bytes it gets
    }
  }

  /** Reads until the client closes the connection, and counts that as a hang-up. */
  protected final void awaitHangUp(Socket socket) {
    Wire.awaitClose(socket);
    if (!closing) {
      hangUps.release();
    }
  }

  /** Sends a failure answer, then waits for the client to hang up. */
  protected final void answerAndAwaitHangUp(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
    awaitHangUp(socket);
  }

  /**
   * Waits for a script to see the client hang up, which shows that a connector closed its
   * channel after a failure.
   */
  final boolean clientHungUp() throws InterruptedException {
    return hangUps.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Returns the address to connect to. */
  final InetSocketAddress address() {
    // from the literal, so that getHostString() is "127.0.0.1" and not "localhost"
    return new InetSocketAddress(server.getInetAddress().getHostAddress(), server.getLocalPort());
  }

  /** Returns how many connections were accepted. */
  final int accepted() {
    return accepted.get();
  }

  @Override
  public void close() {
    closing = true;
    closeQuietly(server);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    AssertionError failure = null;
    // by index: a connection accepted just before close may still add a thread
    for (int i = 0; i < threads.size(); i++) {
      Thread thread = threads.get(i);
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        errors.add(e);
        break;
      }
      if (thread.isAlive()) {
        errors.add(new AssertionError("thread did not end: " + thread.getName()));
      }
    }
    for (Throwable error : errors) {
      if (failure == null) {
        failure = new AssertionError(name + ": the fake server failed", error);
      } else {
        failure.addSuppressed(error);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing is best effort here
    }
  }
}
