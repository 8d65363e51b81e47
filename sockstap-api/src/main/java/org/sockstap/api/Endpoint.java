package org.sockstap.api;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A host and port as a SOCKS client named them: an IPv4 literal, an IPv6 literal (without
 * brackets) or a host name that has not been resolved.
 *
 * <p>This is the real destination of a relayed connection. Protocol handlers use it instead of
 * anything the application protocol claims (an HTTP {@code Host} header, say), because only the
 * SOCKS destination was checked against the access rules.
 *
 * @param host the host, never empty; IPv6 literals carry no brackets
 * @param port the port, 0 to 65535 (0 appears only in BIND and UDP requests)
 */
public record Endpoint(String host, int port) {

  /** Validates both parts. */
  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host: \"\" (expected: a host name or address)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
    }
  }

  /**
   * Parses {@code host:port}; an IPv6 literal needs brackets, as in {@code [::1]:1080}.
   *
   * @param text for example {@code example.com:80} or {@code [::1]:1080}
   * @return the endpoint
   * @throws IllegalArgumentException when the text has no port or a port out of range
   */
  public static Endpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("endpoint: " + text + " (expected: host:port)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "endpoint: " + text + " (expected: IPv6 literals in brackets, [::1]:1080)");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint: " + text + " (expected: host:port)", e);
    }
    return new Endpoint(host, port);
  }

  /**
   * Returns whether the host is an IPv6 literal.
   *
   * @return true for an IPv6 literal
   */
  public boolean isIpv6Literal() {
    return host.indexOf(':') >= 0;
  }

  /**
   * Returns the host in lower case, the form host lists and cache keys compare.
   *
   * @return the host, lower-cased with {@link Locale#ROOT}
   */
  public String normalizedHost() {
    return host.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns an unresolved socket address for this endpoint, resolving nothing.
   *
   * @return an unresolved address
   */
  public InetSocketAddress toUnresolvedAddress() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Returns {@code host:port}, with brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return isIpv6Literal() ? "[" + host + "]:" + port : host + ":" + port;
  }
}
