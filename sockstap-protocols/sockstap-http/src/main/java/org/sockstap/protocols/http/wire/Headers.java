package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An ordered, mutable list of header (or trailer) fields.
 *
 * <p>Lookups compare names case-insensitively with ASCII-only folding, whatever the JVM's default
 * locale ({@code TRANSFER-ENCODING} matches {@code transfer-encoding} under a Turkish locale too).
 * Fields keep the order and the name case they were added with, and every field is a valid {@link
 * HeaderField}, so writing a {@code Headers} can never produce a raw CR, LF or NUL inside a field.
 *
 * <p>Not thread-safe: one connection's thread owns it.
 */
public final class Headers {

  private final ArrayList<HeaderField> fields;

  /** Creates an empty list. */
  public Headers() {
    this.fields = new ArrayList<>();
  }

  private Headers(List<HeaderField> fields) {
    this.fields = new ArrayList<>(fields);
  }

  /**
   * Returns the value of the first field with the given name.
   *
   * @param name the field name, any case
   * @return the value, or null if there is no such field
   */
  public @Nullable String first(String name) {
    for (HeaderField field : fields) {
      if (field.hasName(name)) {
        return field.value();
      }
    }
    return null;
  }

  /**
   * Returns the values of every field with the given name, in order.
   *
   * @param name the field name, any case
   * @return the values; empty if there is none
   */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>();
    for (HeaderField field : fields) {
      if (field.hasName(name)) {
        values.add(field.value());
      }
    }
    return values;
  }

  /**
   * Returns whether a field with the given name is present.
   *
   * @param name the field name, any case
   * @return true if there is at least one
   */
  public boolean contains(String name) {
    return first(name) != null;
  }

  /**
   * Counts the fields with the given name.
   *
   * @param name the field name, any case
   * @return how many there are
   */
  public int count(String name) {
    int count = 0;
    for (HeaderField field : fields) {
      if (field.hasName(name)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Appends a field.
   *
   * @param name a token
   * @param value the value; surrounding spaces and tabs are removed
   * @return this list
   * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF,
   *     NUL or a character above U+00FF
   */
  public Headers add(String name, String value) {
    fields.add(new HeaderField(name, value));
    return this;
  }

  /**
   * Appends a field.
   *
   * @param field the field
   * @return this list
   */
  public Headers add(HeaderField field) {
    fields.add(Objects.requireNonNull(field, "field"));
    return this;
  }

  /**
   * Replaces every field with the given name by one field: at the position of the first one, or
   * at the end if there was none.
   *
   * @param name a token
   * @param value the value; surrounding spaces and tabs are removed
   * @return this list
   * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF,
   *     NUL or a character above U+00FF
   */
  public Headers set(String name, String value) {
    HeaderField replacement = new HeaderField(name, value);
    int at = -1;
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).hasName(name)) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      fields.add(replacement);
      return this;
    }
    fields.set(at, replacement);
    for (int i = fields.size() - 1; i > at; i--) {
      if (fields.get(i).hasName(name)) {
        fields.remove(i);
      }
    }
    return this;
  }

  /**
   * Removes every field with the given name.
   *
   * @param name the field name, any case
   * @return how many fields were removed
   */
  public int remove(String name) {
    int removed = 0;
    for (Iterator<HeaderField> it = fields.iterator(); it.hasNext(); ) {
      if (it.next().hasName(name)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /**
   * Returns a snapshot of the fields, in order.
   *
   * @return an unmodifiable copy
   */
  public List<HeaderField> fields() {
    return List.copyOf(fields);
  }

  /**
   * Returns the number of fields.
   *
   * @return the number of fields
   */
  public int size() {
    return fields.size();
  }

  /**
   * Returns whether there are no fields.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /**
   * Returns an independent copy.
   *
   * @return a new list with the same fields
   */
  public Headers copy() {
    return new Headers(fields);
  }

  /**
   * Returns whether any field with the given name holds {@code token} as one element of its
   * comma-separated list, for example {@code containsToken("Connection", "close")} for {@code
   * Connection: keep-alive, Close}. Elements are compared case-insensitively (ASCII only) after
   * removing surrounding whitespace.
   *
   * @param name the field name, any case
   * @param token the element to look for
   * @return true if some field lists it
   */
  public boolean containsToken(String name, String token) {
    for (HeaderField field : fields) {
      if (!field.hasName(name)) {
        continue;
      }
      String value = field.value();
      int start = 0;
      while (start <= value.length()) {
        int comma = value.indexOf(',', start);
        int end = comma < 0 ? value.length() : comma;
        if (Syntax.equalsIgnoreAsciiCase(Syntax.trimOws(value.substring(start, end)), token)) {
          return true;
        }
        start = end + 1;
      }
    }
    return false;
  }

  /**
   * Appends every field as {@code name: value CRLF}; the empty line that ends a section is not
   * written.
   *
   * @param out where to append
   */
  public void writeTo(StringBuilder out) {
    for (HeaderField field : fields) {
      out.append(field.name()).append(": ").append(field.value()).append("\r\n");
    }
  }

  /**
   * Writes every field as {@code name: value CRLF} in ISO-8859-1, in one write; the empty line
   * that ends a section is not written.
   *
   * @param out where to write; not flushed or closed
   * @throws IOException if writing fails
   */
  public void writeTo(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder(fields.size() * 32);
    writeTo(text);
    out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Compares the fields, their order and the exact case of their names.
   *
   * @param other another object
   * @return true if {@code other} is a {@code Headers} with equal fields in the same order
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Headers && ((Headers) other).fields.equals(fields);
  }

  /**
   * Returns a hash of the fields, consistent with {@link #equals}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /**
   * Returns the fields as they would be written, separated by CRLF.
   *
   * @return the fields as text
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    writeTo(out);
    return out.toString();
  }
}
