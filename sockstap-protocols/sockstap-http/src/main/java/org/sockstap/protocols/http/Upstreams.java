package org.sockstap.protocols.http;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ServerConnection;
import org.sockstap.api.TappedConnection;
import org.sockstap.protocols.http.wire.HttpLimits;

/**
 * The server connections of one client connection, one per endpoint and at most {@value #MAX}:
 * the SOCKS destination and the mounted origins its requests go to. A request to an endpoint
 * reuses that endpoint's connection; a fifth endpoint closes the one used least recently.
 *
 * <p>Requests are answered one at a time, so only one connection is ever in the middle of an
 * exchange; the others are idle between complete responses. Owned by the connection's thread.
 */
final class Upstreams {
  static final int MAX = 4;

  private final TappedConnection connection;
  private final HttpLimits limits;
  /** In access order: the first entry is the one used least recently. */
  private final Map<Endpoint, Upstream> open = new LinkedHashMap<>(8, 0.75f, true);
  private boolean mainTaken;

  Upstreams(TappedConnection connection, HttpLimits limits) {
    this.connection = connection;
    this.limits = limits;
  }

  /**
   * Returns the open connection to the endpoint, or opens one: the first request to the SOCKS
   * destination uses the connection the SOCKS request opened (or opens it, in lazy mode); any
   * later one, and every other endpoint, goes through {@link TappedConnection#connect}, so the
   * access rules and routes apply to mounted origins too.
   *
   * @param endpoint where the request goes
   * @return the connection
   * @throws IOException when it cannot be opened or the access rules forbid it
   */
  Upstream get(Endpoint endpoint) throws IOException {
    Upstream upstream = open.get(endpoint);
    if (upstream != null) {
      return upstream;
    }
    ServerConnection server;
    if (!mainTaken && endpoint.equals(connection.info().destination())) {
      server = connection.server();
      mainTaken = true;
    } else {
      server = connection.connect(endpoint);
    }
    if (open.size() >= MAX) {
      Iterator<Upstream> eldest = open.values().iterator();
      Upstream idle = eldest.next();
      eldest.remove();
      idle.close();
    }
    upstream = new Upstream(server, limits);
    open.put(endpoint, upstream);
    return upstream;
  }

  /**
   * Closes a connection that must not be reused (a malformed or close-delimited response, an
   * error in the middle of an exchange).
   *
   * @param upstream the connection
   */
  void drop(Upstream upstream) {
    open.values().remove(upstream);
    upstream.close();
  }

  /** How many connections are open, for tests. */
  int size() {
    return open.size();
  }
}
