package org.sockstap.protocols.http.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a message's body is delimited (RFC 9112 §6.3), decided from its head.
 *
 * <p>{@link #forRequest} and {@link #forResponse} never guess: a request whose length is
 * ambiguous is rejected (400), never repaired by dropping a header, because a server behind the
 * proxy might repair it differently (request smuggling). Responses are read more leniently where
 * RFC 9112 says how, and {@link #conflict()} tells the proxy not to reuse the connection.
 *
 * <p>The direction is part of the framing: a {@link BodyReader} reports malformed request bodies
 * with status 400 and malformed response bodies with 502.
 */
public final class BodyFraming {

  /** The kinds of framing. */
  public enum Kind {
    /** No body at all. */
    NONE,
    /** Exactly {@link #contentLength()} bytes. */
    CONTENT_LENGTH,
    /** The chunked transfer coding, ending with the last chunk and the trailer section. */
    CHUNKED,
    /** Everything until the connection closes; responses only. */
    CLOSE_DELIMITED
  }

  /** The longest Content-Length accepted: 18 digits always fit a {@code long}. */
  static final int MAX_LENGTH_DIGITS = 18;

  private static final BodyFraming NONE = new BodyFraming(Kind.NONE, -1, false, false);
  private static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1, false, false);
  private static final BodyFraming CLOSE =
      new BodyFraming(Kind.CLOSE_DELIMITED, -1, false, true);

  private final Kind kind;
  private final long contentLength;
  private final boolean conflict;
  private final boolean response;

  private BodyFraming(Kind kind, long contentLength, boolean conflict, boolean response) {
    this.kind = kind;
    this.contentLength = contentLength;
    this.conflict = conflict;
    this.response = response;
  }

  /**
   * Returns request framing with no body.
   *
   * @return the framing
   */
  public static BodyFraming none() {
    return NONE;
  }

  /**
   * Returns request framing with exactly {@code length} bytes of body.
   *
   * @param length the body's length, 0 or more
   * @return the framing
   */
  public static BodyFraming contentLength(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length + " (expected: 0 or more)");
    }
    return new BodyFraming(Kind.CONTENT_LENGTH, length, false, false);
  }

  /**
   * Returns request framing for a chunked body.
   *
   * @return the framing
   */
  public static BodyFraming chunked() {
    return CHUNKED;
  }

  /**
   * Returns response framing for a body that ends when the connection closes.
   *
   * @return the framing
   */
  public static BodyFraming closeDelimited() {
    return CLOSE;
  }

  /**
   * Returns the same framing for the response direction: a {@link BodyReader} then reports
   * malformed bodies with status 502 instead of 400.
   *
   * @return the framing, marked as a response's
   */
  public BodyFraming forResponse() {
    return response ? this : new BodyFraming(kind, contentLength, conflict, true);
  }

  /**
   * Decides a request's framing. In order:
   *
   * <ul>
   *   <li>A field named like Transfer-Encoding or Content-Length with {@code _} for {@code -}
   *       (which CGI-style servers treat as the same field) is rejected (400).
   *   <li>CONNECT: no Transfer-Encoding and no Content-Length other than 0, else 400; the
   *       request has no body.
   *   <li>Transfer-Encoding in HTTP/1.0 (400), together with Content-Length (400, never
   *       stripped: RFC 9112 §6.1 allows either, and rejecting is the safe one), in more than
   *       one field (400), or other than exactly {@code chunked} (400; 501 for a well-formed
   *       list of codings that ends in chunked, since only chunked is implemented) → else
   *       {@link Kind#CHUNKED}.
   *   <li>Content-Length: each field must be 1 to 18 ASCII digits (no sign, no {@code 0x}, no
   *       list, no other script's digits; leading zeros are fine, {@code 06} is 6); several
   *       fields must all have the same value (RFC 9110 §8.6 allows identical duplicates;
   *       differing ones are 400) → {@link Kind#CONTENT_LENGTH}.
   *   <li>Neither → {@link Kind#NONE}.
   * </ul>
   *
   * @param head the request head
   * @return the framing
   * @throws HttpParseException with 400 or 501 as above
   */
  public static BodyFraming forRequest(RequestHead head) throws HttpParseException {
    Headers headers = head.headers();
    for (HeaderField field : headers.fields()) {
      String name = field.name().replace('_', '-');
      if (!name.equals(field.name()) && (Syntax.equalsIgnoreAsciiCase(name, "Transfer-Encoding")
          || Syntax.equalsIgnoreAsciiCase(name, "Content-Length"))) {
        throw new HttpParseException(400, "header name " + field.name()
            + " (expected: no framing field spelt with '_')");
      }
    }
    int teFields = headers.count("Transfer-Encoding");
    boolean hasLength = headers.contains("Content-Length");
    if (head.method().equals("CONNECT")) {
      if (teFields > 0 || (hasLength && contentLength(headers, 400) != 0)) {
        throw new HttpParseException(400, "CONNECT request with content");
      }
      return NONE;
    }
    if (teFields > 0) {
      if (head.version() == HttpVersion.HTTP_1_0) {
        throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 request");
      }
      if (hasLength) {
        throw new HttpParseException(400, "both Transfer-Encoding and Content-Length");
      }
      if (teFields > 1) {
        throw new HttpParseException(400, "more than one Transfer-Encoding field");
      }
      String value = Objects.requireNonNull(headers.first("Transfer-Encoding"));
      if (Syntax.equalsIgnoreAsciiCase(value, "chunked")) {
        return CHUNKED;
      }
      List<String> codings = codings(value);
      boolean chunkedLast = codings != null && !codings.isEmpty()
          && Syntax.equalsIgnoreAsciiCase(codings.get(codings.size() - 1), "chunked")
          && countChunked(codings) == 1;
      throw new HttpParseException(chunkedLast ? 501 : 400, "Transfer-Encoding: "
          + Syntax.printable(value) + " (expected: chunked)");
    }
    if (hasLength) {
      return contentLength(contentLength(headers, 400));
    }
    return NONE;
  }

  /**
   * Decides a response's framing (RFC 9112 §6.3). In order:
   *
   * <ul>
   *   <li>A response to HEAD, a 1xx, 204 or 304 → {@link Kind#NONE}, whatever its fields say.
   *   <li>A 2xx to CONNECT → {@link Kind#NONE}: the connection becomes a tunnel.
   *   <li>Transfer-Encoding (all fields read as one list): a malformed list, or chunked anywhere
   *       but last, or twice → 502; ending in chunked → {@link Kind#CHUNKED}; otherwise → {@link
   *       Kind#CLOSE_DELIMITED}. Any Content-Length is ignored and {@link #conflict()} is set: the
   *       caller removes Content-Length before forwarding and closes the server connection after
   *       this response. Transfer-Encoding in an HTTP/1.0 response sets {@link #conflict()} too
   *       (RFC 9112 §6.1).
   *   <li>Content-Length, checked as for requests, malformed or differing → 502; else {@link
   *       Kind#CONTENT_LENGTH}.
   *   <li>Neither → {@link Kind#CLOSE_DELIMITED}.
   * </ul>
   *
   * @param requestMethod the method of the request this response answers
   * @param head the response head
   * @return the framing, marked as a response's
   * @throws HttpParseException with status 502 as above
   */
  public static BodyFraming forResponse(String requestMethod, ResponseHead head)
      throws HttpParseException {
    int status = head.status();
    if (requestMethod.equals("HEAD") || status < 200 || status == 204 || status == 304) {
      return NONE.forResponse();
    }
    if (requestMethod.equals("CONNECT") && status < 300) {
      return NONE.forResponse();
    }
    Headers headers = head.headers();
    boolean hasLength = headers.contains("Content-Length");
    if (headers.contains("Transfer-Encoding")) {
      String value = String.join(",", headers.all("Transfer-Encoding"));
      List<String> codings = codings(value);
      if (codings == null || codings.isEmpty()) {
        throw new HttpParseException(
            502, "Transfer-Encoding: " + Syntax.printable(value) + " (expected: codings)");
      }
      int chunked = countChunked(codings);
      boolean last = Syntax.equalsIgnoreAsciiCase(codings.get(codings.size() - 1), "chunked");
      if (chunked > 1 || (chunked == 1 && !last)) {
        throw new HttpParseException(502, "Transfer-Encoding: " + Syntax.printable(value)
            + " (expected: chunked once, as the last coding)");
      }
      // RFC 9112 §6.1: TE in an HTTP/1.0 message means faulty framing; close after it
      boolean faulty = hasLength || head.version() == HttpVersion.HTTP_1_0;
      return new BodyFraming(last ? Kind.CHUNKED : Kind.CLOSE_DELIMITED, -1, faulty, true);
    }
    if (hasLength) {
      return new BodyFraming(Kind.CONTENT_LENGTH, contentLength(headers, 502), false, true);
    }
    return CLOSE;
  }

  /** Parses every Content-Length field; they must agree. */
  private static long contentLength(Headers headers, int status) throws HttpParseException {
    long length = -1;
    for (String value : headers.all("Content-Length")) {
      long parsed = parseLength(value, status);
      if (length >= 0 && parsed != length) {
        throw new HttpParseException(status, "Content-Length: " + length + " and " + parsed
            + " (expected: one length)");
      }
      length = parsed;
    }
    return length;
  }

  private static long parseLength(String value, int status) throws HttpParseException {
    if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
      throw new HttpParseException(status, "Content-Length: " + Syntax.printable(value)
          + " (expected: 1-" + MAX_LENGTH_DIGITS + " digits)");
    }
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Syntax.isDigit(c)) {
        throw new HttpParseException(
            status, "Content-Length: " + Syntax.printable(value) + " (expected: digits)");
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }

  /**
   * Splits a transfer-coding list (RFC 9112 §6.1) into coding names; null if malformed (empty
   * elements, non-tokens, or parameters that are not {@code ;name=token-or-quoted}).
   */
  private static @Nullable List<String> codings(String value) {
    List<String> names = new ArrayList<>();
    for (String element : value.split(",", -1)) {
      String coding = Syntax.trimOws(element);
      int semicolon = coding.indexOf(';');
      String name = Syntax.trimOws(semicolon < 0 ? coding : coding.substring(0, semicolon));
      if (!Syntax.isToken(name)) {
        return null;
      }
      if (semicolon >= 0 && !parameters(coding.substring(semicolon))) {
        return null;
      }
      names.add(name);
    }
    return names;
  }

  /** Checks {@code *( OWS ";" OWS token "=" ( token / quoted-string ) )}, simply. */
  private static boolean parameters(String text) {
    for (String parameter : text.substring(1).split(";", -1)) {
      String p = Syntax.trimOws(parameter);
      int equals = p.indexOf('=');
      if (equals < 1 || !Syntax.isToken(p.substring(0, equals))) {
        return false;
      }
      String v = p.substring(equals + 1);
      boolean quoted = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"");
      if (!quoted && !Syntax.isToken(v)) {
        return false;
      }
    }
    return true;
  }

  private static int countChunked(List<String> codings) {
    int count = 0;
    for (String coding : codings) {
      if (Syntax.equalsIgnoreAsciiCase(coding, "chunked")) {
        count++;
      }
    }
    return count;
  }

  /**
   * Returns the kind of framing.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the body's length for {@link Kind#CONTENT_LENGTH}.
   *
   * @return the length, or -1 for the other kinds
   */
  public long contentLength() {
    return contentLength;
  }

  /**
   * Returns whether the response's framing is suspect: it carried both Transfer-Encoding and
   * Content-Length, or Transfer-Encoding in HTTP/1.0. The body is framed by Transfer-Encoding;
   * the caller removes Content-Length before forwarding the head and must not reuse the server
   * connection afterwards (RFC 9112 §6.1, §6.3).
   *
   * @return true on such a conflict; always false for requests, which are rejected instead
   */
  public boolean conflict() {
    return conflict;
  }

  /**
   * Returns whether this is a response's framing, which decides the status a {@link BodyReader}
   * reports for a malformed body (502 rather than 400).
   *
   * @return true for a response
   */
  public boolean isResponse() {
    return response;
  }

  /**
   * Returns whether a body follows the head: false only for {@link Kind#NONE} and for a
   * Content-Length of 0.
   *
   * @return true if there are body bytes to read (or possibly, for chunked and close-delimited)
   */
  public boolean hasBody() {
    return kind != Kind.NONE && contentLength != 0;
  }

  /**
   * Compares kind, length, conflict and direction.
   *
   * @param other another object
   * @return true if equal
   */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof BodyFraming)) {
      return false;
    }
    BodyFraming that = (BodyFraming) other;
    return kind == that.kind && contentLength == that.contentLength
        && conflict == that.conflict && response == that.response;
  }

  /**
   * Returns a hash consistent with {@link #equals}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(kind, contentLength, conflict, response);
  }

  /**
   * Describes the framing, for example {@code CONTENT_LENGTH(6)}.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return (kind == Kind.CONTENT_LENGTH ? kind + "(" + contentLength + ")" : kind.toString())
        + (conflict ? " conflict" : "") + (response ? " response" : "");
  }
}
