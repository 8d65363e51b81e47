package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads one protocol line at a time into a reusable buffer, one byte per {@code read()}, so it
 * never consumes a byte past the line end. Callers pass a buffered stream.
 */
final class LineBuffer {

  /** The stream ended before the line's first byte. */
  static final int EOF = -1;
  /** The stream ended inside the line. */
  static final int EOF_IN_LINE = -2;
  /** The line is longer than allowed; the rest of it was not read. */
  static final int TOO_LONG = -3;

  private byte[] bytes = new byte[256];
  private int terminator;

  /**
   * Reads a line ending in CRLF (or, if allowed, a bare LF).
   *
   * @param max the most bytes of line content, without the line end
   * @param what what the line is, for messages ("request line")
   * @return the content's length, or {@link #EOF}, {@link #EOF_IN_LINE}, {@link #TOO_LONG}
   * @throws HttpParseException with {@code malformedStatus} for a bare CR, or a bare LF when not
   *     allowed
   */
  int read(InputStream in, int max, boolean allowBareLf, int malformedStatus, String what)
      throws IOException {
    int length = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return length == 0 ? EOF : EOF_IN_LINE;
      }
      if (c == '\r') {
        int next = in.read();
        if (next == '\n') {
          terminator = 2;
          return length;
        }
        if (next < 0) {
          return EOF_IN_LINE;
        }
        throw new HttpParseException(malformedStatus, "bare CR in the " + what);
      }
      if (c == '\n') {
        if (!allowBareLf) {
          throw new HttpParseException(
              malformedStatus, "bare LF ends a line of the " + what + " (expected: CRLF)");
        }
        terminator = 1;
        return length;
      }
      if (length >= max) {
        return TOO_LONG;
      }
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(Math.max(max, 1), length * 2));
      }
      bytes[length++] = (byte) c;
    }
  }

  /** The bytes of the last line read; valid up to the length {@link #read} returned. */
  byte[] bytes() {
    return bytes;
  }

  /** The length of the last line end read: 2 for CRLF, 1 for a bare LF. */
  int terminator() {
    return terminator;
  }

  /** Gives back a large buffer, so an idle connection stays small. */
  void shrink() {
    if (bytes.length > 4096) {
      bytes = new byte[256];
    }
  }
}
