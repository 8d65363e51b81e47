package org.sockstap.core.internal.route;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.sockstap.api.Endpoint;

/**
 * Opens TCP connections to servers along one route.
 *
 * <p>Implementations are immutable and shared by all connections. {@link #connect} blocks on the
 * calling connection thread for at most the timeout, and returns a connected channel in blocking
 * mode with {@code TCP_NODELAY} set, whose bytes go to the target (any upstream handshake is done).
 * Failures are {@link UpstreamFailure}s where the cause is known, so the SOCKS server can answer
 * the client with the right reply code.
 */
public interface Connector {

  /**
   * Connects to the target.
   *
   * @param target where to connect; for the direct route an IP literal that the access rules
   *     already checked (a name is resolved here), for upstream proxies passed on unresolved
   * @param timeout the bound for the whole connect, upstream handshake included
   * @return a connected blocking channel
   * @throws IOException when the target cannot be reached
   */
  SocketChannel connect(Endpoint target, Duration timeout) throws IOException;

  /**
   * Returns the route for logs: {@code direct}, or the upstream's URI without credentials.
   *
   * @return the description
   */
  String describe();
}
