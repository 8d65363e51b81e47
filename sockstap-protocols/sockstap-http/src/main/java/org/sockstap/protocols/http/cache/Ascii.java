package org.sockstap.protocols.http.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/** Small text helpers for header values: ASCII case folding, lists, numbers and dates. */
final class Ascii {

  /** RFC 9111 §1.2.2: delta-seconds larger than this are sent and used as this. */
  static final long MAX_DELTA_SECONDS = 2_147_483_648L;

  private static final DateTimeFormatter IMF_FIXDATE = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'")
      .toFormatter(Locale.US)
      .withZone(java.time.ZoneOffset.UTC);

  // Two-digit years are read as 1970-2069: close enough to RFC 9110 §5.6.7's "50 years" rule.
  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("EEEE, dd-MMM-")
      .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
      .appendPattern(" HH:mm:ss 'GMT'")
      .toFormatter(Locale.US)
      .withZone(java.time.ZoneOffset.UTC);

  private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("EEE MMM d HH:mm:ss yyyy")
      .toFormatter(Locale.US)
      .withZone(java.time.ZoneOffset.UTC);

  private Ascii() {}

  static String lower(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, (char) (c + 32));
      }
    }
    return out == null ? s : out.toString();
  }

  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  static String trim(String s) {
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

  /**
   * Splits a comma-separated list, ignoring commas inside quoted strings, trimming each element
   * and dropping empty ones.
   */
  static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        addTrimmed(out, value.substring(start, i));
        start = i + 1;
      }
    }
    addTrimmed(out, value.substring(start));
    return out;
  }

  private static void addTrimmed(List<String> out, String element) {
    String trimmed = trim(element);
    if (!trimmed.isEmpty()) {
      out.add(trimmed);
    }
  }

  /** Removes surrounding double quotes and backslash escapes; other text is returned as is. */
  static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Parses delta-seconds (RFC 9111 §1.2.2): one or more digits, capped at 2^31.
   *
   * @return the duration, or null if the text is not digits
   */
  static @Nullable Duration deltaSeconds(String text) {
    if (text.isEmpty()) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      value = Math.min(MAX_DELTA_SECONDS, value * 10 + (c - '0'));
    }
    return Duration.ofSeconds(value);
  }

  /** How many parsed dates are remembered: a power of two. */
  private static final int DATE_SLOTS = 256;

  /** A date text and what it parsed to (null: not a date). */
  private record ParsedDate(String text, @Nullable Instant instant) {}

  /**
   * Dates parsed lately, by the hash of their text: a stored response brings the same Date,
   * Expires and Last-Modified texts on every hit, and parsing them is what a hit's freshness
   * check spent most of its time on. Immutable records, so a slot is read and replaced whole.
   */
  private static final AtomicReferenceArray<ParsedDate> DATES =
      new AtomicReferenceArray<>(DATE_SLOTS);

  /**
   * Parses an HTTP-date in any of the three formats of RFC 9110 §5.6.7.
   *
   * @return the instant, or null if the text is not a valid date
   */
  static @Nullable Instant httpDate(@Nullable String text) {
    if (text == null) {
      return null;
    }
    int slot = text.hashCode() & (DATE_SLOTS - 1);
    ParsedDate known = DATES.get(slot);
    if (known != null && known.text().equals(text)) {
      return known.instant();
    }
    Instant parsed = parseHttpDate(text);
    DATES.set(slot, new ParsedDate(text, parsed));
    return parsed;
  }

  private static @Nullable Instant parseHttpDate(String text) {
    String trimmed = trim(text);
    for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850}) {
      try {
        return ZonedDateTime.parse(trimmed, format).toInstant();
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    try {
      return ZonedDateTime.parse(trimmed.replaceAll(" +", " "), ASCTIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
