package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Delivers exactly one message's body: the bytes of a Content-Length body, the decoded data of a
 * chunked body, or everything up to the end of the stream for a close-delimited one, then -1.
 *
 * <p>It never reads a byte past the end of the body, so the next pipelined message stays in the
 * source; pass {@link HeadReader#body()} as the source (chunk lines are read one byte per {@code
 * read()}, which is cheap only on a buffered stream). Read to -1, or call {@link
 * #skipRemaining()}, before reading the next head: only then are the last chunk and the trailer
 * section consumed.
 *
 * <p>Errors:
 *
 * <ul>
 *   <li>{@link TruncatedBodyException} when the source ends before the body does (a short
 *       Content-Length body, a chunked body without its last chunk or trailer section). Such a
 *       body is incomplete: abort the receiving connection and never cache it.
 *   <li>{@link HttpParseException} (400 for requests, 502 for responses, see {@link
 *       BodyFraming#isResponse()}) for malformed chunked framing, strictly per RFC 9112 §7.1: the
 *       chunk size must be 1 or more ASCII hex digits fitting a {@code long} (no sign, no {@code
 *       0x}, leading zeros allowed); extensions must be {@code ;name[=token-or-quoted-string]}
 *       with optional whitespace around {@code ;} and {@code =}; every line ends in CRLF (a bare
 *       LF or CR is an error, in both directions); chunk data must be followed by CRLF; a size
 *       line longer than {@link HttpLimits#maxChunkLine()} is an error. The trailer section
 *       follows the header rules of {@link HeadReader}, bounded by {@link
 *       HttpLimits#maxTrailerSection()} and {@link HttpLimits#maxHeaderCount()} (431 for
 *       requests).
 * </ul>
 *
 * <p>After an error every read throws the same exception again. Memory stays flat however many
 * chunks there are.
 */
public final class BodyReader extends InputStream {

  private enum State {
    SIZE_LINE,
    DATA,
    DATA_END,
    DONE
  }

  private final InputStream source;
  private final BodyFraming framing;
  private final HttpLimits limits;
  private final int status;
  private final byte[] single = new byte[1];
  private @Nullable LineBuffer line;
  private @Nullable Headers trailers;
  private @Nullable IOException failure;
  private State state;
  private long remaining;
  private long delivered;

  private BodyReader(InputStream source, BodyFraming framing, HttpLimits limits) {
    this.source = source;
    this.framing = framing;
    this.limits = limits;
    this.status = framing.isResponse() ? 502 : 400;
    switch (framing.kind()) {
      case NONE:
        state = State.DONE;
        break;
      case CONTENT_LENGTH:
        remaining = framing.contentLength();
        state = remaining == 0 ? State.DONE : State.DATA;
        break;
      case CHUNKED:
        state = State.SIZE_LINE;
        break;
      default:
        state = State.DATA;
        break;
    }
  }

  /**
   * Opens a stream over one body.
   *
   * @param source the connection's input, positioned at the first byte of the body; usually
   *     {@link HeadReader#body()}
   * @param framing how the body is delimited
   * @param limits the limits for chunk lines and trailers
   * @return the body's bytes, decoded from chunked if need be
   */
  public static BodyReader open(InputStream source, BodyFraming framing, HttpLimits limits) {
    return new BodyReader(Objects.requireNonNull(source, "source"),
        Objects.requireNonNull(framing, "framing"), Objects.requireNonNull(limits, "limits"));
  }

  /**
   * Reads one byte of the body.
   *
   * @return the byte, or -1 at the end of the body
   * @throws TruncatedBodyException if the source ends before the body does
   * @throws HttpParseException if the chunked framing is malformed
   * @throws IOException if reading fails
   */
  @Override
  public int read() throws IOException {
    int n = read(single, 0, 1);
    return n < 0 ? -1 : single[0] & 0xFF;
  }

  /**
   * Reads body bytes.
   *
   * @param b where to put them
   * @param off the first index to fill
   * @param len the most bytes to read
   * @return the number of bytes read, or -1 at the end of the body
   * @throws TruncatedBodyException if the source ends before the body does
   * @throws HttpParseException if the chunked framing is malformed
   * @throws IOException if reading fails
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    try {
      while (state != State.DATA) {
        if (state == State.DONE) {
          return -1;
        }
        if (state == State.SIZE_LINE) {
          readSizeLine();
        } else {
          readDataEnd();
        }
      }
      int n = source.read(b, off, (int) Math.min(len, remaining()));
      if (n < 0) {
        if (framing.kind() == BodyFraming.Kind.CLOSE_DELIMITED) {
          state = State.DONE;
          return -1;
        }
        throw truncated();
      }
      delivered += n;
      if (framing.kind() != BodyFraming.Kind.CLOSE_DELIMITED) {
        remaining -= n;
        if (remaining == 0) {
          state = framing.kind() == BodyFraming.Kind.CHUNKED ? State.DATA_END : State.DONE;
        }
      }
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private long remaining() {
    return framing.kind() == BodyFraming.Kind.CLOSE_DELIMITED ? Long.MAX_VALUE : remaining;
  }

  private TruncatedBodyException truncated() {
    if (framing.kind() == BodyFraming.Kind.CONTENT_LENGTH) {
      return new TruncatedBodyException("body ended after " + delivered + " of "
          + framing.contentLength() + " bytes");
    }
    return new TruncatedBodyException("chunked body ended after " + delivered
        + " bytes of data, before its last chunk and trailer section");
  }

  private void readSizeLine() throws IOException {
    if (line == null) {
      line = new LineBuffer();
    }
    int length = line.read(source, limits.maxChunkLine(), false, status, "chunk size line");
    if (length == LineBuffer.EOF || length == LineBuffer.EOF_IN_LINE) {
      throw truncated();
    }
    if (length == LineBuffer.TOO_LONG) {
      throw new HttpParseException(
          status, "chunk size line longer than " + limits.maxChunkLine() + " bytes");
    }
    byte[] bytes = line.bytes();
    long size = 0;
    int i = 0;
    for (int digit; i < length && (digit = Syntax.hexValue(bytes[i] & 0xFF)) >= 0; i++) {
      if (size > (Long.MAX_VALUE >> 4)) {
        throw new HttpParseException(status, "chunk size: "
            + Syntax.printable(Syntax.latin1(bytes, 0, length)) + " (expected: at most "
            + Long.toHexString(Long.MAX_VALUE) + ")");
      }
      size = (size << 4) | digit;
    }
    if (i == 0) {
      throw new HttpParseException(status, "chunk size: "
          + Syntax.printable(Syntax.latin1(bytes, 0, length)) + " (expected: hex digits)");
    }
    checkExtensions(bytes, i, length);
    if (size == 0) {
      readTrailers();
      state = State.DONE;
    } else {
      remaining = size;
      state = State.DATA;
    }
  }

  /** {@code *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )}. */
  private void checkExtensions(byte[] bytes, int from, int length) throws HttpParseException {
    int i = from;
    while (i < length) {
      i = skipOws(bytes, i, length);
      if (i == length || bytes[i] != ';') {
        throw badExtension(bytes, length);
      }
      i = skipOws(bytes, i + 1, length);
      int name = i;
      while (i < length && Syntax.isTchar(bytes[i] & 0xFF)) {
        i++;
      }
      if (i == name) {
        throw badExtension(bytes, length);
      }
      int afterName = skipOws(bytes, i, length);
      if (afterName < length && bytes[afterName] == '=') {
        i = skipOws(bytes, afterName + 1, length);
        i = i < length && bytes[i] == '"' ? quotedStringEnd(bytes, i, length) : tokenEnd(bytes, i,
            length);
        if (i < 0) {
          throw badExtension(bytes, length);
        }
      }
    }
  }

  private static int tokenEnd(byte[] bytes, int from, int length) {
    int i = from;
    while (i < length && Syntax.isTchar(bytes[i] & 0xFF)) {
      i++;
    }
    return i == from ? -1 : i;
  }

  /** Returns the index after the closing quote, or -1. */
  private static int quotedStringEnd(byte[] bytes, int from, int length) {
    for (int i = from + 1; i < length; i++) {
      int c = bytes[i] & 0xFF;
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        i++;
        if (i == length || !Syntax.isFieldValueChar(bytes[i] & 0xFF)) {
          return -1;
        }
      } else if (!Syntax.isFieldValueChar(c)) {
        return -1;
      }
    }
    return -1;
  }

  private static int skipOws(byte[] bytes, int from, int length) {
    int i = from;
    while (i < length && Syntax.isOws(bytes[i])) {
      i++;
    }
    return i;
  }

  private HttpParseException badExtension(byte[] bytes, int length) {
    return new HttpParseException(status, "chunk size line: "
        + Syntax.printable(Syntax.latin1(bytes, 0, length))
        + " (expected: hex-size *(;name[=token-or-quoted-string]))");
  }

  private void readDataEnd() throws IOException {
    int cr = source.read();
    int lf = cr < 0 ? -1 : source.read();
    if (lf < 0) {
      throw truncated();
    }
    if (cr != '\r' || lf != '\n') {
      throw new HttpParseException(status, "chunk data not followed by CRLF (found "
          + Syntax.describe(cr) + " " + Syntax.describe(lf) + ")");
    }
    state = State.SIZE_LINE;
  }

  private void readTrailers() throws IOException {
    Headers fields = new Headers();
    if (!FieldSection.read(source, Objects.requireNonNull(line), fields,
        limits.maxTrailerSection(), limits.maxHeaderCount(), false, status,
        framing.isResponse() ? 502 : 431, "trailer section")) {
      throw truncated();
    }
    trailers = fields;
  }

  /**
   * Returns whether the whole body has been read, including, for chunked, the last chunk and the
   * trailer section.
   *
   * @return true once {@code read} has returned -1
   */
  public boolean isComplete() {
    return state == State.DONE && failure == null;
  }

  /**
   * Returns the trailer fields of a chunked body, as received. They are never part of the head:
   * a proxy must not merge them into it, and should pass them through {@link
   * HopByHop#stripTrailers} before forwarding any, so that framing, routing and authentication
   * fields in trailers are never applied or forwarded.
   *
   * @return the trailers; empty for other framings or when there were none
   * @throws IllegalStateException if the body has not been read to its end
   */
  public Headers trailers() {
    if (!isComplete()) {
      throw new IllegalStateException("body not read to its end");
    }
    return trailers == null ? new Headers() : trailers;
  }

  /**
   * Returns how many body bytes (decoded) have been delivered so far.
   *
   * @return the count
   */
  public long bytesRead() {
    return delivered;
  }

  /**
   * Returns the framing this reader follows.
   *
   * @return the framing
   */
  public BodyFraming framing() {
    return framing;
  }

  /**
   * Reads and discards the rest of the body, so the next message can be read.
   *
   * @return how many body bytes were discarded
   * @throws IOException as {@link #read(byte[], int, int)}
   */
  public long skipRemaining() throws IOException {
    byte[] scratch = new byte[8192];
    long skipped = 0;
    for (int n; (n = read(scratch, 0, scratch.length)) >= 0; ) {
      skipped += n;
    }
    return skipped;
  }

  /**
   * Returns how many body bytes can be read without blocking, as far as the source tells.
   *
   * @return an estimate, 0 or more
   * @throws IOException if the source fails
   */
  @Override
  public int available() throws IOException {
    if (state != State.DATA || failure != null) {
      return 0;
    }
    return (int) Math.min(source.available(), remaining());
  }

  /**
   * Does nothing: neither the source (which belongs to the connection) is closed nor the rest of
   * the body consumed. Use {@link #skipRemaining()} to keep the connection usable.
   */
  @Override
  public void close() {}
}
