package org.sockstap.protocols.tls;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Text helpers for log fields and host comparisons. */
final class LogFields {
  private static final int MAX_FIELD_CHARS = 255;

  private LogFields() {}

  /**
   * Makes untrusted text one space-free log field: anything outside printable ASCII, and the
   * field's own separators ({@code \}, {@code ,}, {@code "}), becomes {@code \xNN} or {@code
   * \\uNNNN}; more than 255 chars are cut with {@code ...}.
   *
   * @param text the text, or null
   * @return the field, {@code -} for null or empty text
   */
  static String escape(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return "-";
    }
    int length = Math.min(text.length(), MAX_FIELD_CHARS);
    StringBuilder out = new StringBuilder(length + 8);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '\\' || c == ',' || c == '"') {
        out.append(c < 0x100 ? String.format("\\x%02x", (int) c)
            : String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > length ? out.append("...").toString() : out.toString();
  }

  /**
   * Joins escaped entries with commas.
   *
   * @param entries the entries
   * @return {@code a,b}, or {@code -} when there are none
   */
  static String list(List<String> entries) {
    if (entries.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    for (String entry : entries) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(escape(entry));
    }
    return out.toString();
  }

  /**
   * Returns the form in which host names compare: lower case, without one trailing dot.
   *
   * @param host a host name
   * @return the normalised name
   */
  static String normalizeHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.length() > 1 && lower.endsWith(".")
        ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * Returns whether a host is an IP literal rather than a name: anything with a colon (IPv6) or
   * a dotted quad of decimal numbers up to 255.
   *
   * @param host the host as the SOCKS client gave it
   * @return true for an address literal
   */
  static boolean isAddressLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) < '0' || part.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
