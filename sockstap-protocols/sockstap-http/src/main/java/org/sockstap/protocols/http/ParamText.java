package org.sockstap.protocols.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The text rules shared by every HTTP parameter: comma lists, percent-decoding, tokens, and error
 * messages in the form {@code name: "value" (expected: rule)}.
 */
final class ParamText {
  private ParamText() {}

  /** Returns the configuration error for one parameter. */
  static IllegalArgumentException error(String param, String value, String expected) {
    return new IllegalArgumentException(
        param + ": \"" + printable(value) + "\" (expected: " + expected + ")");
  }

  /**
   * Splits a comma list; an empty element (a doubled or trailing comma) is an error, since it is
   * almost always a slip.
   */
  static List<String> list(String param, String value, String expected) {
    if (value.isEmpty()) {
      throw error(param, value, expected + "; an empty value is not allowed");
    }
    List<String> items = new ArrayList<>();
    int start = 0;
    while (true) {
      int comma = value.indexOf(',', start);
      String item = value.substring(start, comma < 0 ? value.length() : comma);
      if (item.isEmpty()) {
        throw error(param, value, expected + "; no empty element between commas");
      }
      items.add(item);
      if (comma < 0) {
        return items;
      }
      start = comma + 1;
    }
  }

  /**
   * Percent-decodes a value: {@code %XX} becomes the char U+00XX, one per byte, so a header
   * value is written with exactly the bytes given; write non-ASCII as percent-encoded UTF-8. A
   * {@code %} not followed by two hex digits, and a raw character outside printable ASCII, are
   * errors.
   */
  static String decode(String param, String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw error(param, value, "printable ASCII without spaces; write other characters as"
            + " %XX, such as %20 for a space");
      }
      if (c != '%') {
        out.append(c);
        continue;
      }
      int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
      if (low < 0) {
        throw error(param, value, "two hex digits after each %, such as %2C for a comma");
      }
      out.append((char) (high * 16 + low));
      i += 2;
    }
    return out.toString();
  }

  /**
   * Decodes the {@code %XX} sequences of a request URL, one char per byte; a {@code %} that
   * starts no valid sequence stays as it is. Never fails: this is the client's text.
   */
  static String decodeLenient(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
      if (low < 0) {
        out.append(c);
      } else {
        out.append((char) (high * 16 + low));
        i += 2;
      }
    }
    return out.toString();
  }

  /** Returns whether the text is a token (RFC 9110 §5.6.2): a method or a field name. */
  static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Renders a value for a message: escaped, on one line, at most 200 characters. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 200; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c));
      }
    }
    return out.length() < 200 ? out.toString() : out.append("...").toString();
  }
}
