package org.sockstap.core.internal.route;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;

/**
 * Connects straight to the target.
 *
 * <p>A name is resolved here with {@link InetAddress#getAllByName}, and its addresses are tried
 * in the order the resolver returns them. Each attempt gets an equal share of the time left, so
 * one address that drops packets cannot use up the time the next one needs; the last address
 * gets all that remains. When every address fails, the last failure is thrown, the earlier ones
 * attached as suppressed. The lookup itself cannot be interrupted and is bounded only by the
 * resolver's own timeouts; when it takes longer than the whole timeout the connect fails with
 * {@code TTL_EXPIRED}.
 *
 * <p>Failures are classified for the SOCKS reply: refused and kernel-level connect timeouts,
 * {@code ENETUNREACH}, {@code EHOSTUNREACH}, a name that does not resolve, the timeout running
 * out; anything else is a general failure. The channel is closed on every failure.
 */
public final class DirectConnector implements Connector {
  private static final String ROUTE = "direct";
  private static final DirectConnector INSTANCE = new DirectConnector(InetAddress::getAllByName);

  /** Looks names up; a seam so tests can supply addresses without DNS. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Resolver resolver;

  DirectConnector(Resolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Returns the shared instance.
   *
   * @return the direct connector
   */
  public static DirectConnector instance() {
    return INSTANCE;
  }

  @Override
  public SocketChannel connect(Endpoint target, Duration timeout) throws IOException {
    Objects.requireNonNull(target, "target");
    return connect(target.host(), target.port(), Deadline.after(timeout), ROUTE);
  }

  /**
   * Connects to a host within a deadline another connector started.
   *
   * @param host a name or literal
   * @param port the port
   * @param deadline the end of the whole connect
   * @param route the route, for messages
   * @return a connected blocking channel with {@code TCP_NODELAY}
   * @throws UpstreamFailure when the connect fails
   */
  SocketChannel connect(String host, int port, Deadline deadline, String route)
      throws UpstreamFailure {
    String where = new Endpoint(host, port).toString();
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.HOST_UNREACHABLE,
          route + ": cannot resolve " + Escape.printable(host),
          e);
    }
    if (addresses == null || addresses.length == 0) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.HOST_UNREACHABLE,
          route + ": cannot resolve " + Escape.printable(host) + ": no addresses");
    }
    if (deadline.remainingNanos() <= 0) {
      throw deadline.expired(route, "resolving " + Escape.printable(host), null);
    }
    @Nullable UpstreamFailure last = null;
    for (int i = 0; i < addresses.length; i++) {
      long left = deadline.remainingNanos();
      if (left <= 0) {
        UpstreamFailure expired = deadline.expired(route, "connect to " + where, null);
        if (last != null) {
          expired.addSuppressed(last);
        }
        throw expired;
      }
      long share = left / (addresses.length - i);
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (share + 999_999) / 1_000_000));
      InetSocketAddress address = new InetSocketAddress(addresses[i], port);
      try {
        return open(address, millis);
      } catch (IOException e) {
        UpstreamFailure failure =
            classify(e, route + ": connect to " + where + " (" + address + ") failed: " + e);
        if (last != null) {
          failure.addSuppressed(last);
        }
        last = failure;
      }
    }
    throw Objects.requireNonNull(last);
  }

  private static SocketChannel open(InetSocketAddress address, int millis) throws IOException {
    SocketChannel channel = SocketChannel.open();
    boolean done = false;
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      // The adaptor's connect takes a timeout, which SocketChannel.connect does not.
      channel.socket().connect(address, millis);
      done = true;
      return channel;
    } finally {
      if (!done) {
        channel.close();
      }
    }
  }

  /**
   * Classifies a connect exception for the SOCKS reply.
   *
   * @param e what the socket threw
   * @param message the message for the failure
   * @return the failure
   */
  public static UpstreamFailure classify(IOException e, String message) {
    if (e instanceof UpstreamFailure failure) {
      return failure;
    }
    return new UpstreamFailure(kindOf(e), message, e);
  }

  private static UpstreamFailure.Kind kindOf(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return UpstreamFailure.Kind.TTL_EXPIRED;
    }
    if (e instanceof UnknownHostException) {
      return UpstreamFailure.Kind.HOST_UNREACHABLE;
    }
    String message = lower(e.getMessage());
    if (e instanceof SocketException && message.contains("network is unreachable")) {
      // ENETUNREACH surfaces as a plain SocketException on Linux
      return UpstreamFailure.Kind.NETWORK_UNREACHABLE;
    }
    if (e instanceof NoRouteToHostException) {
      return UpstreamFailure.Kind.HOST_UNREACHABLE;
    }
    if (e instanceof ConnectException) {
      // ETIMEDOUT (the kernel gave up on SYNs) is reported as a ConnectException too
      return message.contains("timed out")
          ? UpstreamFailure.Kind.TTL_EXPIRED
          : UpstreamFailure.Kind.CONNECTION_REFUSED;
    }
    return UpstreamFailure.Kind.GENERAL_FAILURE;
  }

  private static String lower(@Nullable String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  @Override
  public String describe() {
    return ROUTE;
  }

  @Override
  public String toString() {
    return ROUTE;
  }
}
