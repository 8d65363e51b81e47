package org.sockstap.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server on port 0 that runs a script for each connection on its own thread. A
 * script that throws (other than the peer going away) is recorded and rethrown into the test by
 * {@link #close()}, so a fake server's own failures fail the test.
 */
public final class LoopbackServer implements AutoCloseable {

  /** What the server does with one accepted connection. */
  @FunctionalInterface
  public interface Script {
    /**
     * Runs a connection.
     *
     * @param socket the accepted socket, closed afterwards
     * @throws Exception on failure
     */
    void run(Socket socket) throws Exception;
  }

  private final ServerSocket listener;
  private final Script script;
  private final Thread acceptor;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private LoopbackServer(InetAddress address, Script script) throws IOException {
    this.listener = new ServerSocket(0, 50, address);
    this.script = script;
    this.acceptor = new Thread(this::acceptLoop, "loopback-server-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param script what to do per connection
   * @return the running server
   * @throws IOException when it cannot bind
   */
  public static LoopbackServer start(Script script) throws IOException {
    return new LoopbackServer(InetAddress.getByName("127.0.0.1"), script);
  }

  /**
   * Starts a server on the given loopback address (127.0.0.2, ::1, ...).
   *
   * @param address the address
   * @param script what to do per connection
   * @return the running server
   * @throws IOException when it cannot bind
   */
  public static LoopbackServer start(InetAddress address, Script script) throws IOException {
    return new LoopbackServer(address, script);
  }

  /**
   * Returns an echo server: copies everything back, half-closes when the client does.
   *
   * @return the running server
   * @throws IOException when it cannot bind
   */
  public static LoopbackServer echo() throws IOException {
    return start(LoopbackServer::echo);
  }

  /**
   * Echoes one connection until the client half-closes, then half-closes back.
   *
   * @param socket the connection
   * @throws IOException on failure
   */
  public static void echo(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
    }
    socket.shutdownOutput();
  }

  /**
   * Returns the port.
   *
   * @return the bound port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Returns the bound address.
   *
   * @return the address and port
   */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /**
   * Returns how many connections were accepted.
   *
   * @return the count
   */
  public int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      sockets.add(socket);
      Thread worker = new Thread(() -> serve(socket), "loopback-conn-" + socket.getPort());
      worker.setDaemon(true);
      threads.add(worker);
      worker.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      script.run(socket);
    } catch (java.net.SocketException | java.io.EOFException e) {
      // the peer went away: normal for proxies closing connections
    } catch (Throwable e) {
      failures.add(e);
    }
  }

  /**
   * Stops the server, closes its connections and rethrows the first failure of a script.
   *
   * @throws Exception the first script failure
   */
  @Override
  public void close() throws Exception {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
    acceptor.join(2000);
    for (Thread t : threads) {
      t.join(2000);
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("loopback server script failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }
}
