package org.sockstap.core.internal.session;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Cache;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.Endpoint;
import org.sockstap.api.HostPattern;
import org.sockstap.api.Peer;
import org.sockstap.api.ServerConnection;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;
import org.sockstap.core.internal.IpLiterals;
import org.sockstap.core.rules.HostList;
import org.sockstap.core.rules.HostRef;

/**
 * The {@link TappedConnection} a handler works on. Lives on the connection's thread only.
 */
public final class TappedSession implements TappedConnection {
  private final ConnectionInfo info;
  private final String protocol;
  private final Map<String, String> params;
  private final SocketPeer client;
  private final ByteBuffer alreadyRelayed;
  private final ServerDialer dialer;
  private final Consumer<ServerSide> onServerConnected;
  private final OpaqueRelayStarter relay;
  private final Consumer<Transaction> transactions;
  private final Consumer<String> accessLog;
  private final @Nullable Cache cache;
  private final Duration idleTimeout;
  private @Nullable ServerSide server;

  /** Runs the opaque relay between the session's client and server. */
  public interface OpaqueRelayStarter {
    /**
     * Relays until done.
     *
     * @param client the client
     * @param server the server
     */
    void relay(SocketPeer client, ServerSide server);

    /**
     * Starts the relay and returns at once; the relay finishes the connection.
     *
     * @param client the client
     * @param server the server
     * @throws IOException when the relay cannot start
     */
    void handOver(SocketPeer client, ServerSide server) throws IOException;
  }

  /**
   * Creates the session.
   *
   * @param info the connection
   * @param protocol the detected protocol
   * @param params the tap rule's params
   * @param client the client, replaying detection bytes
   * @param server the server connection when already open, else null
   * @param alreadyRelayed server bytes already written to the client
   * @param dialer opens server connections
   * @param onServerConnected told when the lazy connect happened, so the connection can close it
   * @param relay runs the opaque relay
   * @param transactions receives reported transactions
   * @param accessLog receives access-log records
   * @param cache the shared cache, or null
   * @param idleTimeout the idle timeout
   */
  public TappedSession(
      ConnectionInfo info,
      String protocol,
      Map<String, String> params,
      SocketPeer client,
      @Nullable ServerSide server,
      byte[] alreadyRelayed,
      ServerDialer dialer,
      Consumer<ServerSide> onServerConnected,
      OpaqueRelayStarter relay,
      Consumer<Transaction> transactions,
      Consumer<String> accessLog,
      @Nullable Cache cache,
      Duration idleTimeout) {
    this.info = info;
    this.protocol = protocol;
    this.params = Map.copyOf(params);
    this.client = client;
    this.server = server;
    this.alreadyRelayed = ByteBuffer.wrap(alreadyRelayed).asReadOnlyBuffer();
    this.dialer = dialer;
    this.onServerConnected = onServerConnected;
    this.relay = relay;
    this.transactions = transactions;
    this.accessLog = accessLog;
    this.cache = cache;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public ConnectionInfo info() {
    return info;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Map<String, String> params() {
    return params;
  }

  @Override
  public HostPattern hostPattern(String hostList) {
    HostList list = HostList.parse(hostList);
    return (host, port) -> {
      InetAddress literal = IpLiterals.parse(host);
      return list.matches(new HostRef(literal == null ? host : null, literal, port, null));
    };
  }

  @Override
  public @Nullable Cache cache() {
    return cache;
  }

  @Override
  public Peer client() {
    return client;
  }

  @Override
  public boolean isServerConnected() {
    return server != null;
  }

  @Override
  public ServerConnection server() throws IOException {
    return mainServer();
  }

  private ServerSide mainServer() throws IOException {
    ServerSide open = server;
    if (open == null) {
      open = dialer.dial(info.destination());
      server = open;
      onServerConnected.accept(open);
    }
    return open;
  }

  @Override
  public ServerConnection connect(Endpoint endpoint) throws IOException {
    return dialer.dial(endpoint);
  }

  @Override
  public ByteBuffer serverBytesAlreadyRelayed() {
    return alreadyRelayed.duplicate();
  }

  @Override
  public void relayOpaquely() throws IOException {
    relay.relay(client, mainServer());
  }

  @Override
  public void handOverToRelay() throws IOException {
    relay.handOver(client, mainServer());
  }

  @Override
  public void accessLog(String line) {
    accessLog.accept(line);
  }

  @Override
  public void relayOpaquely(ServerConnection other) throws IOException {
    relay.relay(client, ownServer(other));
  }

  @Override
  public void handOverToRelay(ServerConnection other) throws IOException {
    relay.handOver(client, ownServer(other));
  }

  private static ServerSide ownServer(ServerConnection other) {
    if (!(other instanceof ServerSide)) {
      throw new IllegalArgumentException(
          "server: " + other.getClass().getName() + " (expected: a connection from connect())");
    }
    return (ServerSide) other;
  }

  @Override
  public void transaction(Transaction transaction) {
    transactions.accept(transaction);
  }

  @Override
  public Duration idleTimeout() {
    return idleTimeout;
  }
}
