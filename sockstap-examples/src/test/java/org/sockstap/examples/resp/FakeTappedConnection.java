package org.sockstap.examples.resp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.Endpoint;
import org.sockstap.api.Peer;
import org.sockstap.api.ServerConnection;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;

/**
 * A tapped connection over real loopback sockets, standing in for the core so the handler can be
 * tested on its own: the server is connected on first use (lazy mode), the opaque relay is two
 * copying threads, transactions are recorded. Not a mock: every byte goes through a socket.
 */
final class FakeTappedConnection implements TappedConnection {
  private final Socket client;
  private final Endpoint destination;
  private final Map<String, String> params;
  private final List<Transaction> transactions = new CopyOnWriteArrayList<>();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private @Nullable SocketConnection server;
  private volatile boolean relayed;

  FakeTappedConnection(Socket client, Endpoint destination, Map<String, String> params) {
    this.client = client;
    this.destination = destination;
    this.params = Map.copyOf(params);
  }

  List<Transaction> transactions() {
    return List.copyOf(transactions);
  }

  List<String> accessLines() {
    return List.copyOf(accessLines);
  }

  boolean relayed() {
    return relayed;
  }

  /** Closes both sockets, as the core does when the handler returns. */
  void closeAll() throws IOException {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  @Override
  public ConnectionInfo info() {
    return new ConnectionInfo("test-1", (InetSocketAddress) client.getRemoteSocketAddress(), null,
        destination, 5, Instant.now());
  }

  @Override
  public String protocol() {
    return RespDetector.PROTOCOL;
  }

  @Override
  public Map<String, String> params() {
    return params;
  }

  @Override
  public Peer client() {
    return new SocketPeer(client);
  }

  @Override
  public boolean isServerConnected() {
    return server != null;
  }

  @Override
  public ServerConnection server() throws IOException {
    if (server == null) {
      server = new SocketConnection(new Socket(destination.host(), destination.port()), destination);
    }
    return server;
  }

  @Override
  public ServerConnection connect(Endpoint endpoint) throws IOException {
    return new SocketConnection(new Socket(endpoint.host(), endpoint.port()), endpoint);
  }

  @Override
  public ByteBuffer serverBytesAlreadyRelayed() {
    return ByteBuffer.allocate(0);
  }

  @Override
  public void relayOpaquely() throws IOException {
    relayed = true;
    ServerConnection upstream = server();
    Thread up = copier(client().input(), upstream.output(), upstream, "relay-up");
    Thread down = copier(upstream.input(), client().output(), client(), "relay-down");
    try {
      up.join();
      down.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread copier(InputStream in, OutputStream out, Peer to, String name) {
    Thread thread = new Thread(() -> {
      try {
        in.transferTo(out);
        to.shutdownOutput();
      } catch (IOException e) {
        // one side closed: the relay is over
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void transaction(Transaction transaction) {
    transactions.add(transaction);
  }

  @Override
  public org.sockstap.api.HostPattern hostPattern(String hostList) {
    throw new UnsupportedOperationException("not used by the RESP handler");
  }

  @Override
  public void relayOpaquely(ServerConnection other) {
    throw new UnsupportedOperationException("not used by the RESP handler");
  }

  @Override
  public org.sockstap.api.@Nullable Cache cache() {
    return null;
  }

  @Override
  public void accessLog(String line) {
    accessLines.add(line);
  }

  @Override
  public Duration idleTimeout() {
    return Duration.ofSeconds(30);
  }

  private static class SocketPeer implements Peer {
    final Socket socket;

    SocketPeer(Socket socket) {
      this.socket = socket;
    }

    @Override
    public InputStream input() {
      try {
        return socket.getInputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public OutputStream output() {
      try {
        return socket.getOutputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void shutdownOutput() throws IOException {
      socket.shutdownOutput();
    }
  }

  private static final class SocketConnection extends SocketPeer implements ServerConnection {
    private final Endpoint endpoint;

    SocketConnection(Socket socket, Endpoint endpoint) {
      super(socket);
      this.endpoint = endpoint;
    }

    @Override
    public Endpoint endpoint() {
      return endpoint;
    }

    @Override
    public String route() {
      return "direct";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
