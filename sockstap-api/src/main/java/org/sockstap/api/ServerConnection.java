package org.sockstap.api;

import java.io.Closeable;

/**
 * A connection SocksTap made to a server, directly or through an upstream proxy.
 *
 * <p>The connection to the SOCKS destination ({@link TappedConnection#server()}) is closed by the
 * server when the handler returns; any other connection a handler opens with
 * {@link TappedConnection#connect(Endpoint)} is the handler's to close.
 */
public interface ServerConnection extends Peer, Closeable {

  /**
   * Returns where this connection goes.
   *
   * @return the endpoint asked for
   */
  Endpoint endpoint();

  /**
   * Returns how the connection was made, for logs: {@code direct} or the upstream proxy's URI
   * without credentials (for example {@code socks5://127.0.0.1:1081}).
   *
   * @return the route description
   */
  String route();
}
