package org.sockstap.examples.load;

/**
 * Byte counts written as {@code 64}, {@code 1k}, {@code 1.5m} or {@code 2G}: binary multiples
 * (k = 2^10, m = 2^20, g = 2^30), either case.
 */
final class Sizes {
  private static final long MAX = 1L << 62;

  private Sizes() {}

  /**
   * Parses a whole size.
   *
   * @param text the size
   * @return the number of bytes, or -1 when the text is not a size or exceeds 2^62
   */
  static long parse(CharSequence text) {
    return parse(text, 0, text.length(), true);
  }

  /**
   * Parses the size at the start of {@code text[from, to)} and ignores what follows it, as the C
   * tool's {@code strtod} does for a path segment such as {@code 1k.bin}.
   *
   * @param text the text
   * @param from where the size starts
   * @param to the end of the text
   * @return the number of bytes, or -1 when no digit starts the text or it exceeds 2^62
   */
  static long parsePrefix(CharSequence text, int from, int to) {
    return parse(text, from, to, false);
  }

  private static long parse(CharSequence text, int from, int to, boolean whole) {
    int i = from;
    long integer = 0;
    while (i < to && isDigit(text.charAt(i))) {
      integer = integer * 10 + (text.charAt(i++) - '0');
      if (integer > MAX) {
        return -1;
      }
    }
    if (i == from) {
      return -1;
    }
    long fraction = 0;
    long scale = 1;
    if (i + 1 < to && text.charAt(i) == '.' && isDigit(text.charAt(i + 1))) {
      for (i++; i < to && isDigit(text.charAt(i)); i++) {
        if (scale < 1_000_000_000L) {
          fraction = fraction * 10 + (text.charAt(i) - '0');
          scale *= 10;
        }
      }
    }
    int shift = i < to ? shift(text.charAt(i)) : 0;
    if (shift != 0) {
      i++;
    }
    if (whole && i != to || integer > MAX >> shift) {
      return -1;
    }
    return (integer << shift) + (fraction << shift) / scale;
  }

  private static int shift(char suffix) {
    switch (suffix) {
      case 'k': case 'K': return 10;
      case 'm': case 'M': return 20;
      case 'g': case 'G': return 30;
      default: return 0;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
