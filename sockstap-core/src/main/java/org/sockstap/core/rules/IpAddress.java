package org.sockstap.core.rules;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.internal.IpLiterals;

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
   * Parses an IPv4 dotted quad or an IPv6 literal (no zone, no brackets), as {@link IpLiterals}
   * reads them. An IPv4-mapped IPv6 literal stays IPv6, the family it was written in.
   *
   * @return the address, or {@code null} when the text is not exactly such a literal
   */
  static @Nullable IpAddress parse(String text) {
    byte[] bytes = text.indexOf(':') >= 0 ? IpLiterals.ipv6(text) : IpLiterals.ipv4(text);
    return bytes == null ? null : of(bytes, false);
  }

  /** Returns the bits of an address the JDK made, folding IPv4-mapped IPv6 into IPv4. */
  static IpAddress of(InetAddress address) {
    return of(address.getAddress(), true);
  }

  /**
   * Returns the bits of a 4- or 16-byte address.
   *
   * @param foldMapped whether an IPv4-mapped IPv6 address counts as IPv4
   */
  private static IpAddress of(byte[] b, boolean foldMapped) {
    if (b.length == 4) {
      return new IpAddress(0, MAPPED | be(b, 0, 4), true);
    }
    long hi = be(b, 0, 8);
    long lo = be(b, 8, 8);
    return new IpAddress(hi, lo, foldMapped && hi == 0 && (lo >>> 32) == 0xffffL);
  }

  private static long be(byte[] b, int from, int count) {
    long v = 0;
    for (int i = from; i < from + count; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
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
