package org.sockstap.api;

/**
 * Observes connections, for metrics and audit. Every method has an empty default, so a listener
 * overrides what it needs.
 *
 * <p>Called in order for each connection: {@code opened}, at most one {@code detected}, any
 * number of {@code transaction}, and {@code closed} exactly once for each {@code opened}. The
 * calls come from the connection's thread while it has one; a connection relayed opaquely has
 * none (it moved to the server's relay threads), so its {@code detected} and {@code closed} come
 * from a server thread that finishes connections, shortly after the fact. Implementations must
 * be thread-safe (connections run concurrently) and quick; an exception thrown by a listener is
 * logged with the listener's class and otherwise ignored.
 *
 * <pre>{@code
 * SocksTapServer.builder().listener(new ConnectionListener() {
 *   public void closed(ConnectionInfo c, ConnectionSummary s) {
 *     bytes.add(s.bytesFromClient() + s.bytesFromServer());
 *   }
 * });
 * }</pre>
 */
public interface ConnectionListener {

  /**
   * A SOCKS request was read. The access rules are checked after this call, so rejected
   * connections are seen too; they close with {@link ConnectionSummary.Outcome#REJECTED}.
   *
   * @param connection the connection
   */
  default void opened(ConnectionInfo connection) {}

  /**
   * The protocol was decided (or the connection was left to the opaque relay).
   *
   * @param connection the connection
   * @param report the decision
   */
  default void detected(ConnectionInfo connection, DetectionReport report) {}

  /**
   * A handler completed one protocol exchange.
   *
   * @param connection the connection
   * @param transaction the exchange
   */
  default void transaction(ConnectionInfo connection, Transaction transaction) {}

  /**
   * The connection was closed, both sockets included.
   *
   * @param connection the connection
   * @param summary how it ended
   */
  default void closed(ConnectionInfo connection, ConnectionSummary summary) {}
}
