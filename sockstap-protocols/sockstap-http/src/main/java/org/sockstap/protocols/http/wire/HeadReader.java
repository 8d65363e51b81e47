package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads request or response heads from one connection, strictly per RFC 9112.
 *
 * <p>A {@code HeadReader} owns the buffered input of its connection for the connection's whole
 * life. It reads ahead for speed, so bodies must be read through {@link #body()}, which returns
 * the bytes already buffered before reading the underlying stream; a {@link BodyReader} on top of
 * it stops exactly at the end of the body, after which {@link #readRequest()} (or {@link
 * #readResponse()}) reads the next pipelined message. After an opaque switch (a 101 response, a
 * CONNECT tunnel), {@link #body()} is the rest of the connection.
 *
 * <p>What is rejected, and with which status ({@link HttpParseException#status()}):
 *
 * <ul>
 *   <li>Request line: anything but {@code method SP request-target SP HTTP-version CRLF} with
 *       single spaces (400); a method that is not a token (400); a target with a control
 *       character, space, {@code #}, or a non-ASCII byte (400); a target whose form does not fit
 *       the method (CONNECT needs {@code host:port}, {@code *} only for OPTIONS, an {@code http}
 *       or {@code https} absolute-form needs a host and no userinfo) (400); a line without a
 *       version, HTTP/0.9 style (400); a version other than HTTP/1.0 and HTTP/1.1 (505, or 400
 *       when it is not even {@code HTTP/d.d}); a line longer than {@link
 *       HttpLimits#maxRequestLine()} (414). Up to {@value #MAX_EMPTY_LINES} empty lines before
 *       the request line are skipped, as RFC 9112 §2.2 recommends.
 *   <li>Header section: a bare LF line end or a bare CR anywhere (400); whitespace before the
 *       first field, or obs-fold (400); whitespace between a name and its colon, a line without
 *       a colon, an empty name, a name that is not a token (400); a value with a control
 *       character other than HTAB (400); a section over {@link HttpLimits#maxHeaderSection()}
 *       bytes or {@link HttpLimits#maxHeaderCount()} fields (431).
 *   <li>Host: missing in HTTP/1.1, present twice, or not {@code uri-host[:port]} (400).
 * </ul>
 *
 * <p>Responses follow the same rules with status 502, with two allowances for real servers: a
 * bare LF ends a status or header line (the head is re-encoded with CRLF before it is sent on,
 * so the client cannot read it differently), and a status line may lack the space and reason
 * ({@code HTTP/1.1 200}). The status must be 100 to 599.
 *
 * <p>After an {@link HttpParseException} the position in the stream is undefined: answer and
 * close. Not thread-safe: one connection's thread owns it.
 */
public final class HeadReader {

  /** The most empty lines skipped before a request line. */
  public static final int MAX_EMPTY_LINES = 8;

  private static final int BUFFER_SIZE = 8192;

  private final InputStream in;
  private final HttpLimits limits;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private final LineBuffer line = new LineBuffer();
  private final Buffered body = new Buffered();
  private int position;
  private int limit;
  private boolean ended;

  /**
   * Creates a reader over a connection's input.
   *
   * @param in the connection's input; read only through this reader from now on
   * @param limits the size limits
   */
  public HeadReader(InputStream in, HttpLimits limits) {
    this.in = Objects.requireNonNull(in, "in");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Reads the next request head.
   *
   * @return the head, or null if the stream ended cleanly before the first byte of a request
   *     (the normal end of a persistent connection; empty lines before the end are allowed)
   * @throws HttpParseException if the head is malformed, too large, or cut off by the end of
   *     the stream
   * @throws IOException if reading fails
   */
  public @Nullable RequestHead readRequest() throws IOException {
    int length;
    int empty = 0;
    while (true) {
      length = line.read(body, limits.maxRequestLine(), false, 400, "request line");
      if (length == LineBuffer.EOF) {
        return null;
      }
      if (length == LineBuffer.EOF_IN_LINE) {
        throw new HttpParseException(400, "connection closed in the request line");
      }
      if (length == LineBuffer.TOO_LONG) {
        throw new HttpParseException(
            414, "request line longer than " + limits.maxRequestLine() + " bytes");
      }
      if (length > 0) {
        break;
      }
      if (++empty > MAX_EMPTY_LINES) {
        throw new HttpParseException(
            400, "more than " + MAX_EMPTY_LINES + " empty lines before the request line");
      }
    }
    RequestLine requestLine = RequestLine.parse(line.bytes(), length);
    Headers headers = new Headers();
    if (!FieldSection.read(body, line, headers, limits.maxHeaderSection(),
        limits.maxHeaderCount(), false, 400, 431, "header section")) {
      throw new HttpParseException(400, "connection closed in the request's header section");
    }
    line.shrink();
    checkHost(requestLine.version(), headers);
    return new RequestHead(
        requestLine.method(), requestLine.target(), requestLine.version(), headers);
  }

  /**
   * Reads the next response head; a 1xx response is returned like any other, and the caller
   * reads again for the final one.
   *
   * @return the head
   * @throws HttpParseException with status 502 if the head is malformed or too large, or if the
   *     stream ends before or inside it (use {@link #awaitInput()} first to tell a server that
   *     closed an idle connection from one that broke off a response)
   * @throws IOException if reading fails
   */
  public ResponseHead readResponse() throws IOException {
    int length = line.read(body, limits.maxRequestLine(), true, 502, "status line");
    if (length == LineBuffer.EOF) {
      throw new HttpParseException(502, "connection closed before the response head");
    }
    if (length == LineBuffer.EOF_IN_LINE) {
      throw new HttpParseException(502, "connection closed in the status line");
    }
    if (length == LineBuffer.TOO_LONG) {
      throw new HttpParseException(
          502, "status line longer than " + limits.maxRequestLine() + " bytes");
    }
    StatusLine statusLine = StatusLine.parse(line.bytes(), length);
    Headers headers = new Headers();
    if (!FieldSection.read(body, line, headers, limits.maxHeaderSection(),
        limits.maxHeaderCount(), true, 502, 502, "header section")) {
      throw new HttpParseException(502, "connection closed in the response's header section");
    }
    line.shrink();
    return new ResponseHead(
        statusLine.version(), statusLine.status(), statusLine.reason(), headers);
  }

  /**
   * Blocks until a byte is available or the stream ends, without consuming anything.
   *
   * @return true if there is at least one byte to read, false at the end of the stream
   * @throws IOException if reading fails
   */
  public boolean awaitInput() throws IOException {
    return position < limit || fill();
  }

  /**
   * Returns how many bytes have been read from the underlying stream but not yet consumed; after
   * a complete response this shows whether the server sent more than it was asked for.
   *
   * @return the number of bytes buffered
   */
  public int buffered() {
    return limit - position;
  }

  /**
   * Returns the connection's remaining input: the bytes this reader buffered past the last head,
   * then the underlying stream. Always the same stream; closing it does not close the underlying
   * stream. Use it for the body (through {@link BodyReader}), and after an opaque switch for the
   * rest of the connection.
   *
   * @return the remaining input
   */
  public InputStream body() {
    return body;
  }

  /**
   * Opens the body of the message whose head was just read: {@code BodyReader.open(body(),
   * framing, limits)} with this reader's limits. Read it to -1 before reading the next head.
   *
   * @param framing the body's framing, from {@link BodyFraming#forRequest} or {@link
   *     BodyFraming#forResponse}
   * @return the body
   */
  public BodyReader bodyReader(BodyFraming framing) {
    return BodyReader.open(body, framing, limits);
  }

  private static void checkHost(HttpVersion version, Headers headers)
      throws HttpParseException {
    int count = headers.count("Host");
    if (count > 1) {
      throw new HttpParseException(400, "more than one Host field");
    }
    if (count == 0) {
      if (version == HttpVersion.HTTP_1_1) {
        throw new HttpParseException(400, "HTTP/1.1 request without a Host field");
      }
      return;
    }
    String host = headers.first("Host");
    if (host.indexOf('@') >= 0) {
      // not echoed: what comes before the @ may be a password
      throw new HttpParseException(400, "Host with userinfo (expected: host[:port])");
    }
    if (!HostSyntax.isValid(host, false)) {
      throw new HttpParseException(
          400, "Host: " + Syntax.printable(host) + " (expected: host[:port])");
    }
  }

  private boolean fill() throws IOException {
    if (ended) {
      return false;
    }
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      ended = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  /** The buffered bytes, then the underlying stream. */
  private final class Buffered extends InputStream {

    @Override
    public int read() throws IOException {
      if (position == limit && !fill()) {
        return -1;
      }
      return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position == limit) {
        if (ended) {
          return -1;
        }
        if (len >= buffer.length) {
          // a large read goes straight to the stream: no copy, nothing left buffered
          int n = in.read(b, off, len);
          if (n < 0) {
            ended = true;
          }
          return n;
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, limit - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return limit - position + (ended ? 0 : in.available());
    }

    /** Does not close the underlying stream: the connection's owner does. */
    @Override
    public void close() {}
  }
}
