package org.sockstap.core.internal.route;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import org.sockstap.api.Endpoint;

/**
 * A route through one upstream proxy: connects to the proxy, runs the subclass's handshake for the
 * target, and hands back the channel positioned at the first tunnel byte.
 *
 * <p>The request is built before connecting, so a target the protocol cannot carry fails without
 * touching the network. The proxy is reached through {@link DirectConnector}; failing to reach it
 * is a {@code GENERAL_FAILURE} (the SOCKS client must not read "connection refused" as a word about
 * its target), except running out of time, which stays {@code TTL_EXPIRED}. The channel is closed
 * on every failure.
 */
abstract class ProxyConnector implements Connector {
  private final String proxyHost;
  private final int proxyPort;
  private final String route;

  /**
   * Checks the proxy address.
   *
   * @param scheme the URI scheme for {@link #describe()}
   * @param proxy the proxy; may be unresolved, then it is resolved on each connect
   */
  ProxyConnector(String scheme, InetSocketAddress proxy) {
    Objects.requireNonNull(proxy, "proxy");
    if (proxy.getPort() == 0) {
      throw new IllegalArgumentException("proxy port: 0 (expected: 1-65535)");
    }
    this.proxyHost =
        proxy.isUnresolved() || proxy.getAddress() == null
            ? proxy.getHostString()
            : proxy.getAddress().getHostAddress();
    this.proxyPort = proxy.getPort();
    this.route = scheme + "://" + new Endpoint(proxy.getHostString(), proxyPort);
  }

  @Override
  public final SocketChannel connect(Endpoint target, Duration timeout) throws IOException {
    Objects.requireNonNull(target, "target");
    Deadline deadline = Deadline.after(timeout);
    byte[] request = request(target);
    SocketChannel channel = reachProxy(deadline);
    boolean done = false;
    try {
      Handshake handshake = new Handshake(channel, deadline, route);
      negotiate(handshake, request, target);
      handshake.finish();
      done = true;
      return channel;
    } catch (UpstreamFailure failure) {
      throw failure;
    } catch (IOException e) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          route + ": handshake for " + target + " failed: " + e,
          e);
    } finally {
      if (!done) {
        try {
          channel.close();
        } catch (IOException e) {
          // the failure being thrown says more
        }
      }
    }
  }

  private SocketChannel reachProxy(Deadline deadline) throws UpstreamFailure {
    try {
      return DirectConnector.instance().connect(proxyHost, proxyPort, deadline, route + " proxy");
    } catch (UpstreamFailure failure) {
      if (failure.kind() == UpstreamFailure.Kind.TTL_EXPIRED) {
        throw failure;
      }
      throw new UpstreamFailure(
          UpstreamFailure.Kind.GENERAL_FAILURE, failure.getMessage(), failure);
    }
  }

  /**
   * Builds the bytes that ask the proxy for the target, before any connect.
   *
   * @param target the target
   * @return the request
   * @throws UpstreamFailure {@code GENERAL_FAILURE} when the protocol cannot carry the target
   */
  abstract byte[] request(Endpoint target) throws UpstreamFailure;

  /**
   * Runs the handshake on a fresh connection to the proxy, consuming exactly the proxy's answer.
   *
   * @param handshake the connection
   * @param request what {@link #request} built
   * @param target the target, for messages
   * @throws IOException an {@link UpstreamFailure} when the proxy refuses or answers nonsense
   */
  abstract void negotiate(Handshake handshake, byte[] request, Endpoint target)
      throws IOException;

  /** Returns {@code scheme://host:port}, for messages. */
  final String route() {
    return route;
  }

  @Override
  public final String describe() {
    return route;
  }

  @Override
  public final String toString() {
    return route;
  }
}
