package org.sockstap.core.internal.route;

import java.nio.charset.StandardCharsets;

/**
 * Encodes host names for upstream proxies. Names go out unresolved; what counts as an address
 * literal instead is decided by {@link org.sockstap.core.internal.IpLiterals}.
 */
final class HostLiterals {
  private HostLiterals() {}

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
