package org.sockstap.protocols.http.cache;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which part of a complete stored body a request's {@code Range} asks for (RFC 9110 §14), as a
 * cache answering from a complete response sees it.
 *
 * <p>Only one range is ever served: a request for several ranges, a unit other than {@code
 * bytes}, a malformed range, or an {@code If-Range} that is not the stored strong entity tag
 * makes the cache ignore Range and send the whole response, which RFC 9110 §14.2 allows.
 */
public final class ByteRanges {

  /** What to send. */
  public enum Kind {
    /** The whole response, with its own status. */
    WHOLE,
    /** 206 with {@code Content-Range: bytes first-last/length}. */
    PARTIAL,
    /** 416 with {@code Content-Range: bytes *}{@code /length}. */
    UNSATISFIABLE
  }

  /**
   * The part of the body to send.
   *
   * @param kind what to send
   * @param first the offset of the first byte sent (PARTIAL only; otherwise 0)
   * @param last the offset of the last byte sent, inclusive (PARTIAL only; otherwise -1)
   * @param length the length of the complete body
   */
  public record Selection(Kind kind, long first, long last, long length) {
    /** Checks the offsets against the kind. */
    public Selection {
      Objects.requireNonNull(kind, "kind");
      if (length < 0) {
        throw new IllegalArgumentException("length: " + length + " (expected: 0 or more)");
      }
      if (kind == Kind.PARTIAL && (first < 0 || last < first || last >= length)) {
        throw new IllegalArgumentException("range: " + first + "-" + last + " (expected: within"
            + " 0-" + (length - 1) + ")");
      }
    }

    /**
     * Returns the number of body bytes to send.
     *
     * @return the slice length, the whole length, or 0 when unsatisfiable
     */
    public long bytes() {
      return switch (kind) {
        case WHOLE -> length;
        case PARTIAL -> last - first + 1;
        case UNSATISFIABLE -> 0;
      };
    }

    /**
     * Returns the {@code Content-Range} field value, or null for the whole response.
     *
     * @return for example {@code bytes 0-9/100} or {@code bytes *}{@code /100}
     */
    public @Nullable String contentRange() {
      return switch (kind) {
        case WHOLE -> null;
        case PARTIAL -> "bytes " + first + "-" + last + "/" + length;
        case UNSATISFIABLE -> "bytes */" + length;
      };
    }
  }

  private ByteRanges() {}

  /**
   * Selects what to send for a request's Range fields.
   *
   * @param ranges the request's Range field values (normally zero or one)
   * @param ifRange the request's If-Range value, or null
   * @param etag the stored response's ETag, or null
   * @param length the length of the complete stored body
   * @return the selection; {@link Kind#WHOLE} unless exactly one valid byte range applies
   */
  public static Selection select(List<String> ranges, @Nullable String ifRange,
      @Nullable String etag, long length) {
    Selection whole = new Selection(Kind.WHOLE, 0, -1, length);
    if (ranges.size() != 1) {
      return whole;
    }
    if (ifRange != null) {
      String wanted = Ascii.trim(ifRange);
      // only a strong entity tag equal to the stored one: a date or a weak tag is not enough
      if (etag == null || wanted.startsWith("W/") || !wanted.startsWith("\"")
          || !wanted.equals(Ascii.trim(etag))) {
        return whole;
      }
    }
    String value = Ascii.trim(ranges.get(0));
    int eq = value.indexOf('=');
    if (eq < 0 || !Ascii.lower(Ascii.trim(value.substring(0, eq))).equals("bytes")) {
      return whole;
    }
    String spec = Ascii.trim(value.substring(eq + 1));
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf(',') >= 0) {
      return whole;
    }
    String from = spec.substring(0, dash);
    String to = spec.substring(dash + 1);
    if (from.isEmpty()) {
      long suffix = digits(to);
      if (suffix < 0) {
        return whole;
      }
      if (suffix == 0 || length == 0) {
        return new Selection(Kind.UNSATISFIABLE, 0, -1, length);
      }
      return new Selection(Kind.PARTIAL, Math.max(0, length - suffix), length - 1, length);
    }
    long first = digits(from);
    long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
    if (first < 0 || last < 0 || last < first) {
      return whole;
    }
    if (first >= length) {
      return new Selection(Kind.UNSATISFIABLE, 0, -1, length);
    }
    return new Selection(Kind.PARTIAL, first, Math.min(last, length - 1), length);
  }

  /** Decimal digits as a number, capped at Long.MAX_VALUE; -1 when not digits only. */
  private static long digits(String text) {
    if (text.isEmpty()) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
    }
    return n;
  }
}
