package org.sockstap.core.internal.route;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Recognises IP literals without resolving anything, and encodes host names for the wire.
 *
 * <p>Upstream proxies must receive names unresolved, so {@link java.net.InetAddress} (which falls
 * back to a DNS lookup for anything it does not parse, and accepts forms such as {@code 127.1})
 * is not used here. Only the strict forms count as literals: a dotted quad of RFC 3986
 * {@code dec-octet}s and an RFC 4291 IPv6 text address without zone id.
 */
final class HostLiterals {
  /** The longest IPv6 text: eight groups with an embedded IPv4 tail. */
  private static final int MAX_IPV6_TEXT = 45;

  private HostLiterals() {}

  /**
   * Parses a dotted-quad IPv4 literal.
   *
   * @param text the host
   * @return the four address bytes, or null when the text is not a dotted quad
   */
  static byte @Nullable [] ipv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = text.length();
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      // RFC 3986 dec-octet: no leading zeros, which inet_aton would read as octal
      if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= n || text.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == n ? out : null;
  }

  /**
   * Parses an IPv6 literal without brackets and without zone id.
   *
   * @param text the host
   * @return the sixteen address bytes, or null when the text is not such a literal
   */
  static byte @Nullable [] ipv6(String text) {
    if (text.length() < 2 || text.length() > MAX_IPV6_TEXT) {
      return null;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head;
    int[] tail;
    if (gap < 0) {
      head = groups(text, true);
      tail = new int[0];
      if (head == null || head.length != 8) {
        return null;
      }
    } else {
      head = groups(text.substring(0, gap), false);
      tail = groups(text.substring(gap + 2), true);
      // "::" stands for at least one zero group
      if (head == null || tail == null || head.length + tail.length > 7) {
        return null;
      }
    }
    byte[] out = new byte[16];
    for (int g = 0; g < head.length; g++) {
      out[2 * g] = (byte) (head[g] >>> 8);
      out[2 * g + 1] = (byte) head[g];
    }
    int offset = 8 - tail.length;
    for (int g = 0; g < tail.length; g++) {
      out[2 * (offset + g)] = (byte) (tail[g] >>> 8);
      out[2 * (offset + g) + 1] = (byte) tail[g];
    }
    return out;
  }

  /**
   * Parses colon-separated hex groups; the last may be a dotted quad (two groups) when allowed.
   * Returns an empty array for empty text (either side of {@code ::}), null when malformed.
   */
  private static int @Nullable [] groups(String text, boolean ipv4Tail) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] pieces = text.split(":", -1);
    int[] out = new int[pieces.length + 1];
    int count = 0;
    for (int p = 0; p < pieces.length; p++) {
      String piece = pieces[p];
      if (ipv4Tail && p == pieces.length - 1 && piece.indexOf('.') >= 0) {
        byte[] v4 = ipv4(piece);
        if (v4 == null) {
          return null;
        }
        out[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (piece.isEmpty() || piece.length() > 4) {
        return null;
      }
      int value = 0;
      for (int i = 0; i < piece.length(); i++) {
        int digit = hexDigit(piece.charAt(i));
        if (digit < 0) {
          return null;
        }
        value = (value << 4) | digit;
      }
      out[count++] = value;
    }
    return Arrays.copyOf(out, count);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
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
