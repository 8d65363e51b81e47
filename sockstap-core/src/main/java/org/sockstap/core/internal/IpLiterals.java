package org.sockstap.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Recognises IP address literals without resolving anything: the one strict parser that host
 * rules, upstream routes and the connection code share.
 *
 * <p>{@link InetAddress#getByName} is no substitute: it accepts forms such as {@code 127.1} or
 * {@code 0x7f.1}, and falls back to a DNS lookup for anything it does not parse, so text like
 * {@code 999.1.1.1} would leak to the resolver. Only the strict forms count here: a dotted quad of
 * RFC 3986 {@code dec-octet}s and an RFC 4291 IPv6 text address, without brackets or zone id.
 * Nothing in this class blocks or touches the network.
 */
public final class IpLiterals {
  /** The longest IPv6 text: eight groups with an embedded IPv4 tail. */
  private static final int MAX_IPV6_TEXT = 45;

  private static final int[] NO_GROUPS = new int[0];

  private IpLiterals() {}

  /**
   * Parses a dotted-quad IPv4 literal.
   *
   * <p>Each part is a decimal number from 0 to 255 written without leading zeros (some resolvers
   * read {@code 010} as octal, so {@code 010.0.0.1} would mean different hosts to different
   * tools). Shortened forms such as {@code 127.1} and single numbers are not literals.
   *
   * @param text the host
   * @return the four address bytes, or null when the text is not exactly a dotted quad
   */
  public static byte @Nullable [] ipv4(String text) {
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
   * Parses an IPv6 literal: up to eight colon-separated groups of one to four hex digits, at most
   * one {@code ::} standing for one or more zero groups, and optionally a dotted quad (as {@link
   * #ipv4} accepts it) in place of the last two groups.
   *
   * @param text the host, without brackets and without zone id
   * @return the sixteen address bytes, or null when the text is not such a literal
   */
  public static byte @Nullable [] ipv6(String text) {
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
      tail = NO_GROUPS;
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
    put(out, 0, head);
    put(out, 8 - tail.length, tail);
    return out;
  }

  /**
   * Parses an IPv4 or IPv6 literal into an address, without any name lookup.
   *
   * <p>The JDK hands back an {@link java.net.Inet4Address} for an IPv4-mapped IPv6 literal such
   * as {@code ::ffff:1.2.3.4}; both name the same host.
   *
   * @param text the host, an IPv6 literal without brackets and without zone id
   * @return the address, or null when the text is not exactly a literal
   */
  public static @Nullable InetAddress parse(String text) {
    byte[] bytes = bytes(text);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      // getByAddress resolves nothing; it throws only for a length other than 4 or 16
      throw new AssertionError("IP literal: " + bytes.length + " bytes (expected: 4 or 16)", e);
    }
  }

  /**
   * Returns whether the text is exactly an IPv4 or IPv6 literal, as {@link #ipv4} and {@link
   * #ipv6} accept them.
   *
   * @param text the host
   * @return true for a literal, false for a host name or anything malformed
   */
  public static boolean isLiteral(String text) {
    return bytes(text) != null;
  }

  /** Parses either family; a colon can only be IPv6, anything else only IPv4. */
  private static byte @Nullable [] bytes(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  /**
   * Parses colon-separated hex groups; the last may be a dotted quad (two groups) when allowed.
   * Returns an empty array for empty text (either side of {@code ::}), null when malformed.
   */
  private static int @Nullable [] groups(String text, boolean ipv4Tail) {
    if (text.isEmpty()) {
      return NO_GROUPS;
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

  /** Writes 16-bit groups big-endian into {@code out}, starting at group index {@code first}. */
  private static void put(byte[] out, int first, int[] groups) {
    for (int g = 0; g < groups.length; g++) {
      out[2 * (first + g)] = (byte) (groups[g] >>> 8);
      out[2 * (first + g) + 1] = (byte) groups[g];
    }
  }

  /** Reads one ASCII hex digit; other digits (Arabic-Indic, full-width) are not hex here. */
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
}
