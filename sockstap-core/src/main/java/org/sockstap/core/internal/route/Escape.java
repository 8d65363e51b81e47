package org.sockstap.core.internal.route;

/** Makes text from the network or from users safe for one log line. */
final class Escape {
  private static final int MAX = 200;

  private Escape() {}

  /**
   * Returns the text with anything outside printable ASCII as {@code \xNN} or {@code \\uNNNN},
   * cut at 200 chars.
   *
   * @param text the text
   * @return the escaped text
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= MAX) {
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c <= 0xff) {
        out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
