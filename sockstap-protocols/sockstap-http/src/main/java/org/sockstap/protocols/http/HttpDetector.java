package org.sockstap.protocols.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;

/**
 * Recognises HTTP/1.x (and HTTP/2 with prior knowledge) from the client's first line.
 *
 * <p>HTTP is client-first: if the server has sent anything, this is not HTTP. The client's first
 * line is HTTP when it is {@code METHOD SP ... SP HTTP/d.d} ending in CRLF or a bare LF, where
 * METHOD is one of {@link #STANDARD_METHODS} or the extra methods given to the constructor
 * (case-sensitive: {@code get} is not a method). The version is not checked further, so
 * {@code HTTP/0.9}, {@code HTTP/1.2} or {@code HTTP/2.0} are recognised and the handler answers
 * 505. A client that sends the HTTP/2 connection preface ({@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n})
 * is recognised as {@code "http"} as well; the handler relays it opaquely.
 *
 * <p>Recognising is deliberately wider than what the handler accepts: once a known method and a
 * space have been seen, a line that ends like a request line is HTTP even when its target holds
 * control characters, extra spaces, a {@code #} or non-ASCII bytes, and so is {@code GET /path}
 * without a version (an HTTP/0.9 request). The handler then answers 400, 414 or 505 itself. Were
 * such lines not recognised, they would be relayed opaquely, and a request SocksTap refuses to
 * parse would reach the server untapped.
 *
 * <p>Answers {@link Detection#NOT_RECOGNISED} as soon as a byte cannot belong: a method byte that
 * no known method continues with (so lowercase methods, unknown methods, TLS and binary data are
 * refused on their first bytes), a CR not followed by LF, or a complete line that does not end
 * in a version. A line that runs past {@value #LONG_LINE} bytes without ending is recognised if
 * it started with a known method, a space and at least one target byte and has no control
 * character so far, so that the handler answers 414; otherwise it is not. While the bytes are a
 * valid prefix the answer is {@link Detection#NEED_CLIENT_BYTES}; if the client has closed, it is
 * {@link Detection#NOT_RECOGNISED}. At most {@value #LONG_LINE} + 1 bytes are examined per call.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class HttpDetector implements ProtocolDetector {

  /**
   * The methods recognised without configuration: RFC 9110's, PATCH (RFC 5789), and the WebDAV
   * methods (RFC 4918, RFC 3253, RFC 5323).
   */
  public static final Set<String> STANDARD_METHODS = Set.of(
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
      "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH");

  /** How long a line may grow without ending before the detector decides. */
  public static final int LONG_LINE = 4096;

  private static final Set<Integer> PORTS = Set.of(80, 8080, 8000, 3128);

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static final String TCHARS = "!#$%&'*+-.^_`|~";

  private final byte[][] methods;
  private final int longestMethod;

  /** Creates the detector with the {@link #STANDARD_METHODS} only; used by ServiceLoader. */
  public HttpDetector() {
    this(Set.of());
  }

  /**
   * Creates the detector with more methods to recognise.
   *
   * @param extraMethods method names besides {@link #STANDARD_METHODS}, case-sensitive tokens
   * @throws IllegalArgumentException if a name is not a token
   */
  public HttpDetector(Set<String> extraMethods) {
    Set<String> all = new LinkedHashSet<>(STANDARD_METHODS);
    for (String method : Objects.requireNonNull(extraMethods, "extraMethods")) {
      if (!isToken(Objects.requireNonNull(method, "method"))) {
        throw new IllegalArgumentException("method: " + method + " (expected: a token)");
      }
      all.add(method);
    }
    List<byte[]> bytes = new ArrayList<>();
    int longest = 0;
    for (String method : all) {
      bytes.add(method.getBytes(StandardCharsets.US_ASCII));
      longest = Math.max(longest, method.length());
    }
    this.methods = bytes.toArray(new byte[0][]);
    this.longestMethod = longest;
  }

  /**
   * Returns {@code "http"}.
   *
   * @return {@code "http"}
   */
  @Override
  public String protocol() {
    return "http";
  }

  /**
   * Examines the client's first line.
   *
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for a request line (or the HTTP/2 preface), {@link
   *     Detection#NEED_CLIENT_BYTES} while the bytes are a valid prefix, otherwise {@link
   *     Detection#NOT_RECOGNISED}
   */
  @Override
  public Detection detect(DetectionInput input) {
    if (input.server().hasRemaining()) {
      return Detection.NOT_RECOGNISED;
    }
    ByteBuffer client = input.client().slice();
    Detection verdict;
    if (!client.hasRemaining()) {
      verdict = Detection.NEED_CLIENT_BYTES;
    } else {
      verdict = either(preface(client), requestLine(client));
    }
    return verdict == Detection.NEED_CLIENT_BYTES && input.clientEnded()
        ? Detection.NOT_RECOGNISED
        : verdict;
  }

  private static Detection either(Detection a, Detection b) {
    if (a == Detection.RECOGNISED || b == Detection.RECOGNISED) {
      return Detection.RECOGNISED;
    }
    if (a == Detection.NEED_CLIENT_BYTES || b == Detection.NEED_CLIENT_BYTES) {
      return Detection.NEED_CLIENT_BYTES;
    }
    return Detection.NOT_RECOGNISED;
  }

  private static Detection preface(ByteBuffer client) {
    int n = Math.min(client.limit(), PREFACE.length);
    for (int i = 0; i < n; i++) {
      if (client.get(i) != PREFACE[i]) {
        return Detection.NOT_RECOGNISED;
      }
    }
    return n == PREFACE.length ? Detection.RECOGNISED : Detection.NEED_CLIENT_BYTES;
  }

  private Detection requestLine(ByteBuffer client) {
    int n = client.limit();
    int space = 0;
    while (space < n && client.get(space) != ' ') {
      if (space >= longestMethod) {
        return Detection.NOT_RECOGNISED;
      }
      space++;
    }
    if (space == n) {
      return startsAMethod(client, space) ? Detection.NEED_CLIENT_BYTES : Detection.NOT_RECOGNISED;
    }
    if (!isMethod(client, space)) {
      return Detection.NOT_RECOGNISED;
    }
    int start = space + 1;
    boolean control = false;
    int scanEnd = Math.min(n, LONG_LINE + 1);
    for (int i = start; i < scanEnd; i++) {
      int c = client.get(i) & 0xFF;
      if (c == '\n') {
        return lineEnd(client, space, start, i);
      }
      if (c == '\r') {
        if (i + 1 == n) {
          return Detection.NEED_CLIENT_BYTES;
        }
        return client.get(i + 1) == '\n'
            ? lineEnd(client, space, start, i)
            : Detection.NOT_RECOGNISED;
      }
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        control = true;
      }
    }
    if (n > LONG_LINE) {
      return start < n && !control ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
    }
    return Detection.NEED_CLIENT_BYTES;
  }

  /** Judges a complete line whose content after {@code METHOD SP} is {@code [start, end)}. */
  private static Detection lineEnd(ByteBuffer client, int methodEnd, int start, int end) {
    int v = end - 9;
    if (v > start
        && client.get(v) == ' '
        && client.get(v + 1) == 'H'
        && client.get(v + 2) == 'T'
        && client.get(v + 3) == 'T'
        && client.get(v + 4) == 'P'
        && client.get(v + 5) == '/'
        && isDigit(client.get(v + 6))
        && client.get(v + 7) == '.'
        && isDigit(client.get(v + 8))) {
      return Detection.RECOGNISED;
    }
    // HTTP/0.9: "GET /path" and nothing else; the handler refuses it with 400
    boolean simpleGet = methodEnd == 3 && client.get(0) == 'G' && client.get(1) == 'E'
        && client.get(2) == 'T' && end > start && client.get(start) == '/';
    for (int i = start; simpleGet && i < end; i++) {
      simpleGet = client.get(i) != ' ';
    }
    return simpleGet ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
  }

  private boolean startsAMethod(ByteBuffer client, int length) {
    for (byte[] method : methods) {
      if (matches(client, method, length)) {
        return true;
      }
    }
    return false;
  }

  private boolean isMethod(ByteBuffer client, int length) {
    for (byte[] method : methods) {
      if (method.length == length && matches(client, method, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(ByteBuffer client, byte[] method, int length) {
    if (method.length < length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (client.get(i) != method[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alnum && TCHARS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the usual HTTP and proxy ports: 80, 8080, 8000 and 3128.
   *
   * @return {@code [80, 8080, 8000, 3128]}
   */
  @Override
  public Set<Integer> wellKnownPorts() {
    return PORTS;
  }
}
