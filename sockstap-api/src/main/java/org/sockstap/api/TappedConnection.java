package org.sockstap.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A relayed connection whose protocol was recognised, as its {@link ProtocolHandler} sees it.
 *
 * <p>The client's input stream starts with the bytes read during detection, so the handler sees
 * the whole conversation. When the server spoke first and its greeting had to reach the client
 * before detection could finish (an FTP or SMTP {@code 220} that fits both), those bytes were
 * already written to the client: they are in {@link #serverBytesAlreadyRelayed()} and the server's
 * input stream starts after them. All methods are called on the connection's thread; the object
 * is not shared.
 */
public interface TappedConnection {

  /**
   * Returns who connected where.
   *
   * @return the connection's info
   */
  ConnectionInfo info();

  /**
   * Returns the protocol the connection was recognised as.
   *
   * @return the protocol name
   */
  String protocol();

  /**
   * Returns the configuration of this protocol for this connection: the parameters set for the
   * protocol on the server builder, overridden by the {@code name=value} pairs of the tap rule
   * that selected the connection.
   *
   * @return the parameters, unmodifiable; empty when there are none
   */
  Map<String, String> params();

  /**
   * Compiles a host list in the server's rule syntax, for policies a handler applies to hosts it
   * finds in the protocol (for example a parameter {@code reject-sni=*.example.com,10.0.0.0/8}).
   *
   * @param hostList the list, for example {@code *.example.com,!www.example.com}
   * @return the compiled list
   * @throws IllegalArgumentException when the list is malformed, with a message naming the part
   */
  HostPattern hostPattern(String hostList);

  /**
   * Returns the server's cache, shared by all connections, or {@code null} when no cache is
   * configured.
   *
   * @return the cache, or null
   */
  @Nullable Cache cache();

  /**
   * Returns the SOCKS client's side.
   *
   * @return the client
   */
  Peer client();

  /**
   * Returns whether the connection to the SOCKS destination is already open (always in eager
   * connect mode; in lazy mode only once {@link #server()} was called).
   *
   * @return true when connected
   */
  boolean isServerConnected();

  /**
   * Returns the connection to the SOCKS destination, connecting through the configured route
   * first if it is not open yet (lazy connect mode).
   *
   * @return the server connection, closed by the server when the handler returns
   * @throws IOException when the server cannot be reached; the handler should answer the client
   *     in its protocol's terms
   */
  ServerConnection server() throws IOException;

  /**
   * Opens a further connection through the route configured for this protocol and the given
   * endpoint, for handlers that map requests to other servers.
   *
   * @param endpoint where to connect
   * @return a new connection that the caller must close
   * @throws IOException when it cannot be reached or the access rules forbid it
   */
  ServerConnection connect(Endpoint endpoint) throws IOException;

  /**
   * Returns the server bytes that were already written to the client during detection.
   *
   * @return a read-only buffer, empty in most cases
   */
  ByteBuffer serverBytesAlreadyRelayed();

  /**
   * Hands the rest of the connection to the opaque relay: copies both directions until both are
   * done, connecting to the server first if needed. Returns when the relay has finished.
   *
   * @throws IOException when the server cannot be reached
   */
  void relayOpaquely() throws IOException;

  /**
   * Like {@link #relayOpaquely()}, but returns as soon as the relay has taken the connection over
   * instead of when it finishes: the server relays the rest on its own threads, and the handler's
   * thread is free for the tunnel's whole life (a TLS tunnel can last hours). Call it as the
   * handler's last action: return right after, and do not use the connection again; it is closed,
   * and its listeners told, when the relay ends. The default relays on the calling thread.
   *
   * @throws IOException when the server cannot be reached
   */
  default void handOverToRelay() throws IOException {
    relayOpaquely();
  }

  /**
   * Writes one access-log record in the protocol's usual format: to the SLF4J logger {@code
   * sockstap.access.<protocol>} and to the server's {@link AccessLogSink}s. Control characters
   * in the line are escaped, so a record is always one line; never put a password in it.
   *
   * @param line the record, without a line break
   */
  void accessLog(String line);

  /**
   * Like {@link #relayOpaquely()}, with another server connection than the SOCKS destination's:
   * one the handler opened with {@link #connect(Endpoint)} and has been talking to. Returns when
   * the relay has finished; the connection is closed then.
   *
   * @param server the server side of the relay
   * @throws IOException when the relay cannot start
   */
  void relayOpaquely(ServerConnection server) throws IOException;

  /**
   * Like {@link #relayOpaquely(ServerConnection)}, but returns as soon as the relay has taken
   * the connection over, as {@link #handOverToRelay()} does: for a tunnel that may last long (a
   * WebSocket after its upgrade, say) and should hold no thread. Call it as the handler's last
   * action. The default relays on the calling thread.
   *
   * @param server the server side of the relay, from {@link #connect(Endpoint)}
   * @throws IOException when the relay cannot start
   */
  default void handOverToRelay(ServerConnection server) throws IOException {
    relayOpaquely(server);
  }

  /**
   * Reports one completed protocol exchange to the listeners.
   *
   * @param transaction the exchange
   */
  void transaction(Transaction transaction);

  /**
   * Returns how long a side may stay silent before the connection is closed. Reads on the
   * client's and the server's streams throw {@link java.net.SocketTimeoutException} after this
   * long without a byte; a handler that waits on one side while the other is busy catches it.
   *
   * @return the idle timeout
   */
  Duration idleTimeout();
}
