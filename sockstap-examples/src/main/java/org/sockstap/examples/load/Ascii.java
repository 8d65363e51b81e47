package org.sockstap.examples.load;

/** Searches in ASCII protocol bytes, without decoding them to strings. */
final class Ascii {
  private Ascii() {}

  /** Index of the {@code \r} of the first {@code \r\n\r\n} in {@code b[from, to)}, or -1. */
  static int indexOfBlankLine(byte[] b, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Index of the first {@code value} in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, char value) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether {@code b} holds {@code text} at {@code from}, ignoring ASCII case; the caller checks
   * that {@code text.length()} bytes are there.
   *
   * @param text lower case
   */
  static boolean startsWithIgnoreCase(byte[] b, int from, String text) {
    for (int i = 0; i < text.length(); i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Index of {@code text} in {@code b[from, to)} ignoring ASCII case, or -1.
   *
   * @param text lower case
   */
  static int indexOfIgnoreCase(byte[] b, int from, int to, String text) {
    for (int i = from; i + text.length() <= to; i++) {
      if (startsWithIgnoreCase(b, i, text)) {
        return i;
      }
    }
    return -1;
  }
}
