package org.sockstap.protocols.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ServerConnection;
import org.sockstap.api.TappedConnection;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.HttpLimits;
import org.sockstap.protocols.http.wire.RequestHead;

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
  private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);
  /** Methods a proxy may send again when a kept connection fails (RFC 9110 §9.2.2). */
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

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
    return get(endpoint, false);
  }

  /**
   * As {@link #get(Endpoint)}; with {@code viaConnect}, a new connection is always opened with
   * {@link TappedConnection#connect}, never taken from the SOCKS request (an upstream proxy of a
   * route that happens to be the SOCKS destination is still checked by the access rules).
   */
  Upstream get(Endpoint endpoint, boolean viaConnect) throws IOException {
    Upstream upstream = open.get(endpoint);
    if (upstream != null) {
      return upstream;
    }
    ServerConnection server;
    if (!viaConnect && !mainTaken && endpoint.equals(connection.info().destination())) {
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
   * Gets the connection to the request's endpoint, opening it if needed, and writes the head.
   * On a connection kept from an earlier exchange, a bodyless idempotent request that the server
   * closes on without a byte of answer is sent once more on a new connection: a server may close
   * an idle connection at any moment (RFC 9112 §9.3.1), and such a request may be repeated (RFC
   * 9110 §9.2.2). Nothing of the client's was consumed but the head, so nothing is lost.
   *
   * @param request the request as the client sent it
   * @param framing its body's framing
   * @param outbound the head to send and where
   * @return the connection, with the head written (not necessarily flushed)
   * @throws IOException when no connection can be opened or written to; a timeout waiting for
   *     the server is rethrown as it is
   */
  Upstream send(RequestHead request, BodyFraming framing, Outbound outbound) throws IOException {
    Endpoint endpoint = outbound.endpoint();
    boolean retryable = open.containsKey(endpoint) && !framing.hasBody()
        && !outbound.expectContinue() && IDEMPOTENT.contains(request.method());
    boolean viaConnect = outbound.route() != null;
    Upstream server = get(endpoint, viaConnect);
    try {
      outbound.head().writeTo(server.out());
      if (!retryable) {
        return server;
      }
      server.out().flush();
      if (server.reader().awaitInput()) {
        return server;
      }
    } catch (SocketTimeoutException e) {
      drop(server);
      throw e;
    } catch (IOException e) {
      drop(server);
      if (!retryable) {
        throw e;
      }
    }
    LOG.debug("{} http: {} closed a kept connection without answering; sending {} again on a new"
        + " one", connection.info().id(), endpoint, request.method());
    drop(server);
    server = get(endpoint, viaConnect);
    outbound.head().writeTo(server.out());
    return server;
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

}
