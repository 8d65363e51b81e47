package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.InputStream;

/** Reads a header or trailer section (RFC 9112 §5) up to and including its empty line. */
final class FieldSection {

  private FieldSection() {}

  /**
   * Reads field lines into {@code into} until the empty line.
   *
   * @param what "header section" or "trailer section", for messages
   * @return true when the empty line was read, false if the stream ended first
   * @throws HttpParseException with {@code malformedStatus} for a malformed line, with {@code
   *     tooLargeStatus} when the section exceeds {@code maxBytes} or {@code maxCount}
   */
  static boolean read(
      InputStream in,
      LineBuffer line,
      Headers into,
      int maxBytes,
      int maxCount,
      boolean allowBareLf,
      int malformedStatus,
      int tooLargeStatus,
      String what)
      throws IOException {
    int budget = maxBytes;
    int count = 0;
    while (true) {
      int length = line.read(in, budget, allowBareLf, malformedStatus, what);
      if (length == LineBuffer.EOF || length == LineBuffer.EOF_IN_LINE) {
        return false;
      }
      if (length == LineBuffer.TOO_LONG
          || (budget -= length + line.terminator()) < 0) {
        throw new HttpParseException(
            tooLargeStatus, what + " larger than " + maxBytes + " bytes");
      }
      if (length == 0) {
        return true;
      }
      byte[] bytes = line.bytes();
      if (Syntax.isOws(bytes[0])) {
        throw new HttpParseException(malformedStatus, count == 0
            ? "whitespace before the first field of the " + what
            : "obs-fold: a line of the " + what + " starts with whitespace");
      }
      if (++count > maxCount) {
        throw new HttpParseException(
            tooLargeStatus, "more than " + maxCount + " fields in the " + what);
      }
      into.add(parse(bytes, length, malformedStatus));
    }
  }

  /** Parses {@code name ":" OWS value OWS}. */
  static HeaderField parse(byte[] bytes, int length, int status) throws HttpParseException {
    int colon = -1;
    for (int i = 0; i < length; i++) {
      int c = bytes[i] & 0xFF;
      if (c == ':') {
        colon = i;
        break;
      }
      if (!Syntax.isTchar(c)) {
        if (Syntax.isOws(c)) {
          throw new HttpParseException(status, "whitespace in or after the header name "
              + Syntax.printable(Syntax.latin1(bytes, 0, i)) + " (expected: name:value)");
        }
        throw new HttpParseException(status, "header name contains " + Syntax.describe(c));
      }
    }
    if (colon < 0) {
      throw new HttpParseException(status, "header line without a colon: "
          + Syntax.printable(Syntax.latin1(bytes, 0, length)));
    }
    if (colon == 0) {
      throw new HttpParseException(status, "empty header name");
    }
    String name = Syntax.latin1(bytes, 0, colon);
    for (int i = colon + 1; i < length; i++) {
      int c = bytes[i] & 0xFF;
      if (!Syntax.isFieldValueChar(c)) {
        throw new HttpParseException(
            status, "header value of " + name + " contains " + Syntax.describe(c));
      }
    }
    return new HeaderField(name, Syntax.latin1(bytes, colon + 1, length));
  }
}
