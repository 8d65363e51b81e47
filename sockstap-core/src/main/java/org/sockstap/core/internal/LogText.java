package org.sockstap.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Makes untrusted text safe for one log line: control characters, the Unicode line and paragraph
 * separators, backslash and non-ASCII are escaped, and the length is bounded, so a hostile host
 * name or user name can neither forge log lines nor flood the log.
 */
public final class LogText {
  private static final int MAX_CHARS = 512;

  private LogText() {}

  /**
   * Escapes text for a log line.
   *
   * @param text untrusted text, or null
   * @return the escaped text, {@code -} for null
   */
  public static String escape(@Nullable CharSequence text) {
    if (text == null) {
      return "-";
    }
    int length = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = null;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean plain = c >= 0x20 && c < 0x7f && c != '\\';
      if (plain) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(length + 16);
        out.append(text, 0, i);
      }
      if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x100) {
        out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    String result = out == null ? text.subSequence(0, length).toString() : out.toString();
    return text.length() > MAX_CHARS ? result + "...(" + text.length() + " chars)" : result;
  }
}
