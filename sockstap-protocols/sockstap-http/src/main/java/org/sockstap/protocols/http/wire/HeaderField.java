package org.sockstap.protocols.http.wire;

import java.util.Objects;

/**
 * One header (or trailer) field.
 *
 * <p>The constructor makes sure the field can be written safely: the name must be a token (RFC
 * 9110 §5.1) and the value must not contain CR, LF, NUL or a character above U+00FF, so no field
 * can smuggle a line break into a message SocksTap writes. Leading and trailing spaces and tabs
 * are removed from the value. A parsed field is stricter still: {@link HeadReader} also rejects
 * the other control characters.
 *
 * @param name the field name, with the case it was received or given with
 * @param value the field value without surrounding whitespace, one char per byte (ISO-8859-1)
 */
public record HeaderField(String name, String value) {

  /**
   * Validates the field and trims the value.
   *
   * @param name the field name, a token
   * @param value the value; surrounding spaces and tabs are removed
   * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF,
   *     NUL or a character above U+00FF
   */
  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!Syntax.isToken(name)) {
      throw new IllegalArgumentException(
          "header name: " + Syntax.printable(name) + " (expected: a token)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
        throw new IllegalArgumentException(
            "header value of " + name + " contains " + Syntax.describe(c)
                + " (expected: no CR, LF, NUL or characters above U+00FF)");
      }
    }
    value = Syntax.trimOws(value);
  }

  /**
   * Returns whether this field has the given name, comparing ASCII letters case-insensitively.
   *
   * @param otherName a field name
   * @return true if the names match
   */
  public boolean hasName(String otherName) {
    return Syntax.equalsIgnoreAsciiCase(name, otherName);
  }

  /**
   * Returns the field as it is written on the wire, without the line end.
   *
   * @return {@code name: value}
   */
  @Override
  public String toString() {
    return name + ": " + value;
  }
}
