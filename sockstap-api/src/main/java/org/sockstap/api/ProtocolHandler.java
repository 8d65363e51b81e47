package org.sockstap.api;

import java.io.IOException;

/**
 * Runs one tapped connection of a protocol as an application-level proxy: reads the client,
 * applies policy, talks to the server, writes the client, and reports one
 * {@link Transaction} per protocol exchange.
 *
 * <p>Found through {@link java.util.ServiceLoader} or registered on the server builder, and
 * matched to a {@link ProtocolDetector} by {@link #protocol()}. One instance serves every
 * connection, so it must be stateless: per-connection state lives in local variables of
 * {@link #handle}, which runs on the connection's own thread (a virtual thread on Java 21 and
 * later) and may block on I/O.
 *
 * <p>The server owns both sockets: it closes them after {@code handle} returns or throws, so a
 * handler need not. A handler that throws is logged with its protocol name and its connection is
 * closed; the server carries on. When the conversation leaves what the handler can interpret
 * (STARTTLS, an upgrade, an unknown command), it calls {@link TappedConnection#relayOpaquely()}.
 *
 * <pre>{@code
 * public final class EchoLoggingHandler implements ProtocolHandler {
 *   public String protocol() { return "resp"; }
 *   public void handle(TappedConnection c) throws IOException {
 *     c.transaction(Transaction.of("resp", "CONNECT", "ok"));
 *     c.relayOpaquely();
 *   }
 * }
 * }</pre>
 */
public interface ProtocolHandler {

  /**
   * Returns the protocol name this handler runs, the same as its detector's.
   *
   * @return the protocol name, lower case
   */
  String protocol();

  /**
   * Runs the connection until either side is done.
   *
   * @param connection the connection, with the bytes read during detection still unread
   * @throws IOException when either side fails; the server logs it at DEBUG and closes both
   */
  void handle(TappedConnection connection) throws IOException;
}
