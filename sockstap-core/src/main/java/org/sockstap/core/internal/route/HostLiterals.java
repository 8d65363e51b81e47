package org.sockstap.core.internal.route;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.internal.IpLiterals;

/**
 * Recognises IP literals without resolving anything, and encodes host names for the wire.
 *
 * <p>Upstream proxies must receive names unresolved, so {@link java.net.InetAddress} (which falls
 * back to a DNS lookup for anything it does not parse, and accepts forms such as {@code 127.1})
 * is not used here. The literal forms are those of {@link IpLiterals}, the one parser core
 * shares; {@link #ipv4} and {@link #ipv6} only delegate to it, so that the connectors calling
 * them need not change.
 */
final class HostLiterals {
  private HostLiterals() {}

  /**
   * Parses a dotted-quad IPv4 literal, as {@link IpLiterals#ipv4} does.
   *
   * @param text the host
   * @return the four address bytes, or null when the text is not a dotted quad
   */
  static byte @Nullable [] ipv4(String text) {
    return IpLiterals.ipv4(text);
  }

  /**
   * Parses an IPv6 literal without brackets and without zone id, as {@link IpLiterals#ipv6} does.
   *
   * @param text the host
   * @return the sixteen address bytes, or null when the text is not such a literal
   */
  static byte @Nullable [] ipv6(String text) {
    return IpLiterals.ipv6(text);
  }

  /**
   * Encodes a host name for a SOCKS request.
   *
   * <p>ISO-8859-1, because the SOCKS server decodes the names clients send that way (every byte
   * to the char of the same value), so a name passes through unchanged, whatever bytes the client
   * used.
   *
   * @param route the route, for the message
   * @param host the name
   * @return the bytes
   * @throws UpstreamFailure {@code GENERAL_FAILURE} when the name is over 255 bytes or holds a
   *     NUL or a char above U+00FF
   */
  static byte[] nameBytes(String route, String host) throws UpstreamFailure {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == 0 || c > 0xff) {
        throw new UpstreamFailure(
            UpstreamFailure.Kind.GENERAL_FAILURE,
            route
                + ": host: "
                + Escape.printable(host)
                + " (expected: a name without NUL or characters above U+00FF)");
      }
    }
    if (host.length() > 255) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          route + ": host: " + host.length() + " bytes long (expected: at most 255)");
    }
    return host.getBytes(StandardCharsets.ISO_8859_1);
  }
}
