package org.sockstap.core.rules;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address as 128 bits, parsed from a literal without any name lookup.
 *
 * <p>IPv4 is held as its IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) so that both spellings
 * of one host, and both kinds of {@link InetAddress} the JDK hands out for it, compare as one.
 *
 * @param hi the high 64 bits
 * @param lo the low 64 bits
 * @param ipv4 whether this is an IPv4 address (written as one, or IPv4-mapped in an InetAddress)
 */
record IpAddress(long hi, long lo, boolean ipv4) {

  /** The upper half of {@code lo} for an IPv4-mapped address. */
  private static final long MAPPED = 0xffffL << 32;

  /**
   * Parses an IPv4 dotted quad or an IPv6 literal (no zone, no brackets).
   *
   * @return the address, or {@code null} when the text is not exactly such a literal
   */
  static @Nullable IpAddress parse(String text) {
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    long v4 = parseIpv4(text, 0, text.length());
    return v4 < 0 ? null : new IpAddress(0, MAPPED | v4, true);
  }

  /** Returns the bits of an address the JDK made, folding IPv4-mapped IPv6 into IPv4. */
  static IpAddress of(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return new IpAddress(0, MAPPED | (be(b, 0, 4) & 0xffffffffL), true);
    }
    long hi = be(b, 0, 8);
    long lo = be(b, 8, 8);
    return new IpAddress(hi, lo, hi == 0 && (lo >>> 32) == 0xffffL);
  }

  private static long be(byte[] b, int from, int count) {
    long v = 0;
    for (int i = from; i < from + count; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /**
   * Parses four decimal octets. Leading zeros are refused because some resolvers read them as
   * octal, so {@code 010.0.0.1} would mean different hosts to different tools.
   *
   * @return the address as an unsigned 32-bit value, or -1
   */
  private static long parseIpv4(String s, int from, int to) {
    long v = 0;
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int octet = 0;
      while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 3 || (len > 1 && s.charAt(start) == '0') || octet > 255) {
        return -1;
      }
      v = (v << 8) | octet;
      parts++;
      if (i == to) {
        return parts == 4 ? v : -1;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return -1;
      }
      i++;
    }
  }

  private static @Nullable IpAddress parseIpv6(String s) {
    int n = s.length();
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
    } else if (n == 0 || s.charAt(0) == ':') {
      return null;
    }
    while (i < n) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int v = 0;
      while (i < n && i - start < 5 && hex(s.charAt(i)) >= 0) {
        v = (v << 4) | hex(s.charAt(i));
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // a dotted quad may only end the address, standing for its last two groups
        long v4 = count > 6 ? -1 : parseIpv4(s, start, n);
        if (v4 < 0) {
          return null;
        }
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xffff);
        break;
      }
      if (i == start || i - start > 4) {
        return null;
      }
      groups[count++] = v;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':' || ++i == n) {
        return null;
      }
      if (s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    int[] full = new int[8];
    int tail = gap < 0 ? 0 : count - gap;
    System.arraycopy(groups, 0, full, 0, count - tail);
    System.arraycopy(groups, count - tail, full, 8 - tail, tail);
    long hi = 0;
    long lo = 0;
    for (int g = 0; g < 4; g++) {
      hi = (hi << 16) | full[g];
      lo = (lo << 16) | full[g + 4];
    }
    return new IpAddress(hi, lo, false);
  }

  private static int hex(char c) {
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

  /** Returns the prefix length counted in this address's own family (0-32 or 0-128). */
  int familyBits() {
    return ipv4 ? 32 : 128;
  }

  /**
   * Reads this address as a netmask.
   *
   * @return the prefix length in this address's family, or -1 when the ones are not contiguous
   */
  int maskPrefix() {
    if (ipv4) {
      long inverted = ~lo & 0xffffffffL;
      return (inverted & (inverted + 1)) == 0 ? 32 - Long.bitCount(inverted) : -1;
    }
    boolean contiguous = hi == -1L ? leadingOnes(lo) : lo == 0 && leadingOnes(hi);
    return contiguous ? Long.bitCount(hi) + Long.bitCount(lo) : -1;
  }

  private static boolean leadingOnes(long x) {
    long inverted = ~x;
    return (inverted & (inverted + 1)) == 0;
  }

  /** Returns the high half of a 128-bit mask of {@code prefix} leading ones. */
  static long hiMask(int prefix) {
    return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
  }

  /** Returns the low half of a 128-bit mask of {@code prefix} leading ones. */
  static long loMask(int prefix) {
    return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
  }

  /**
   * Returns the literal: a dotted quad for IPv4, else the RFC 5952 form (lower case, longest zero
   * run as {@code ::}, IPv4-mapped with a dotted tail).
   */
  @Override
  public String toString() {
    if (ipv4) {
      return dotted(lo);
    }
    if (hi == 0 && (lo >>> 32) == 0xffffL) {
      return "::ffff:" + dotted(lo);
    }
    int[] g = new int[8];
    for (int k = 0; k < 4; k++) {
      g[k] = (int) (hi >>> (48 - 16 * k)) & 0xffff;
      g[k + 4] = (int) (lo >>> (48 - 16 * k)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int k = 0; k < 8; ) {
      int end = k;
      while (end < 8 && g[end] == 0) {
        end++;
      }
      if (end - k > bestLen) {
        bestStart = k;
        bestLen = end - k;
      }
      k = end == k ? k + 1 : end;
    }
    StringBuilder b = new StringBuilder(39);
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        b.append("::");
        k += bestLen - 1;
      } else {
        if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
          b.append(':');
        }
        b.append(Integer.toHexString(g[k]));
      }
    }
    return b.toString();
  }

  private static String dotted(long v) {
    return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "."
        + (v & 0xff);
  }
}
