package org.sockstap.examples.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A loopback echo server on a free port: each connection gets back what it sends. Failures of its
 * own threads are kept and rethrown by {@link #close()}, so a test sees them.
 */
public final class EchoServer implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread acceptor;
  private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

  private EchoServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server. */
  public static EchoServer start() throws IOException {
    return new EchoServer();
  }

  /** Returns the port it listens on, on the loopback address. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Returns the address it listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        sockets.add(socket);
        Thread echo = new Thread(() -> echo(socket), "echo-" + socket.getPort());
        echo.setDaemon(true);
        echo.start();
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        failures.add(e);
        return;
      }
    }
  }

  private void echo(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      socket.shutdownOutput();
    } catch (SocketException e) {
      // reset or closed by the test: nothing to report
    } catch (IOException e) {
      failures.add(e);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    Throwable failure = failures.poll();
    if (failure != null) {
      throw new AssertionError("echo server failed", failure);
    }
  }
}
