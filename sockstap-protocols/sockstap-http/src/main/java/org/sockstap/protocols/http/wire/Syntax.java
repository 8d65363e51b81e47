package org.sockstap.protocols.http.wire;

/**
 * Character classes of RFC 9110 §5.6 and ASCII-only case folding. Nothing here consults the
 * default locale or Unicode case rules: {@code String.equalsIgnoreCase} would, for example, fold
 * the Kelvin sign to {@code k}.
 */
final class Syntax {

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private Syntax() {}

  /** Whether {@code c} is a tchar: a character allowed in a token (RFC 9110 §5.6.2). */
  static boolean isTchar(int c) {
    return c >= 0 && c < 128 && TCHAR[c];
  }

  /** Whether {@code s} is a non-empty token. */
  static boolean isToken(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is SP or HTAB (OWS). */
  static boolean isOws(int c) {
    return c == ' ' || c == '\t';
  }

  /** Whether {@code c} is an ASCII digit; unlike {@link Character#isDigit} no other script's. */
  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Returns the value of an ASCII hex digit, or -1. */
  static int hexValue(int c) {
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

  /** Whether {@code c} is allowed in a field value: HTAB, SP, VCHAR or obs-text. */
  static boolean isFieldValueChar(int c) {
    return c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF);
  }

  static int toLowerAscii(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** Compares two strings, folding only ASCII letters. */
  static boolean equalsIgnoreAsciiCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && toLowerAscii(x) != toLowerAscii(y)) {
        return false;
      }
    }
    return true;
  }

  /** Lower-cases ASCII letters only. */
  static String toLowerAscii(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, (char) (c + ('a' - 'A')));
      }
    }
    return out == null ? s : out.toString();
  }

  /** Strips leading and trailing SP and HTAB. */
  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Renders one byte for an error message: printable ASCII as itself, anything else as \xNN. */
  static String describe(int c) {
    if (c > 0x20 && c < 0x7F) {
      return "'" + (char) c + "'";
    }
    return String.format("\\x%02x", c);
  }

  /** Renders text for an error message: escaped, on one line, at most 60 characters. */
  static String printable(CharSequence text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '\\') {
        out.append(c);
      } else if (c == '\\') {
        out.append("\\\\");
      } else {
        out.append(String.format("\\x%02x", (int) c));
      }
      if (out.length() >= 60) {
        return out.append("...").toString();
      }
    }
    return out.toString();
  }

  /** Decodes bytes as ISO-8859-1, one char per byte. */
  static String latin1(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
