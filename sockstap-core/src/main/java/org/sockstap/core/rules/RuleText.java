package org.sockstap.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits rule text into fields and list elements and builds the error messages.
 *
 * <p>{@code {...}} groups a part so that the {@code :} and {@code ,} inside it do not split;
 * {@code [...]} groups too, so that an IPv6 literal written the usual way ({@code [::1]:80}) is not
 * cut at its colons. Groups nest and must balance.
 */
final class RuleText {

  private RuleText() {}

  /**
   * Builds the error for a part of a rule that breaks a rule of the syntax.
   *
   * @param what what the part is, e.g. {@code host list element}
   * @param value the offending text
   * @param expected what the syntax allows there
   * @return the exception to throw
   */
  static IllegalArgumentException error(String what, String value, String expected) {
    return new IllegalArgumentException(
        what + ": " + quote(value) + " (expected: " + expected + ")");
  }

  /** Quotes text for a message, escaping what would garble a log line. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (isControl(c)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /** Rejects control characters anywhere: they are never meant and would corrupt logs. */
  static void rejectControl(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        throw error(what, text, "no control characters");
      }
    }
  }

  static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * Splits at top-level colons into at most {@code max} fields; the last field takes the rest of
   * the text unscanned, so it may hold colons and unbalanced braces (parameters such as URLs do).
   * Fields are returned as written; see {@link #unwrap}.
   */
  static List<String> splitFields(String text, int max, String what) {
    List<String> fields = new ArrayList<>(max);
    int start = 0;
    StringBuilder open = new StringBuilder();
    int i = 0;
    for (; i < text.length() && fields.size() < max - 1; i++) {
      char c = text.charAt(i);
      if (c == ':' && open.length() == 0) {
        fields.add(text.substring(start, i));
        start = i + 1;
      } else {
        track(open, c, text, what);
      }
    }
    if (open.length() > 0) {
      throw error(what, text, "balanced {} and []");
    }
    fields.add(text.substring(start));
    return fields;
  }

  /**
   * Splits a list at top-level commas.
   *
   * @throws IllegalArgumentException on unbalanced groups or an empty element
   */
  static List<String> splitList(String text, String what) {
    List<String> elements = new ArrayList<>();
    StringBuilder open = new StringBuilder();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' && open.length() == 0) {
        elements.add(text.substring(start, i));
        start = i + 1;
      } else {
        track(open, c, text, what);
      }
    }
    if (open.length() > 0) {
      throw error(what, text, "balanced {} and []");
    }
    elements.add(text.substring(start));
    for (String element : elements) {
      if (element.isEmpty()) {
        throw error(what, text, "no empty elements");
      }
    }
    return elements;
  }

  private static void track(StringBuilder open, char c, String text, String what) {
    if (c == '{' || c == '[') {
      open.append(c);
    } else if (c == '}' || c == ']') {
      int top = open.length() - 1;
      if (top < 0 || open.charAt(top) != (c == '}' ? '{' : '[')) {
        throw error(what, text, "balanced {} and []");
      }
      open.setLength(top);
    }
  }

  /**
   * Removes the braces around a part when one {@code {...}} group spans all of it.
   *
   * @return the part without its outer braces, or the part itself
   */
  static String unwrap(String part) {
    if (part.length() >= 2 && part.charAt(0) == '{' && close(part, 0) == part.length() - 1) {
      return part.substring(1, part.length() - 1);
    }
    return part;
  }

  /** Writes a field for a rule's canonical text, in braces when it holds a separator. */
  static String field(Object part) {
    String text = part.toString();
    return text.indexOf(':') >= 0 || text.indexOf(',') >= 0 ? "{" + text + "}" : text;
  }

  /**
   * Finds the bracket closing the one at {@code from}, counting only that kind of bracket.
   *
   * @return its index, or -1 when it is not closed
   */
  static int close(String text, int from) {
    char open = text.charAt(from);
    char close = open == '{' ? '}' : ']';
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
