package org.sockstap.core.internal.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.internal.IpLiterals;
import org.sockstap.api.Endpoint;

/**
 * Connects through an HTTP proxy with {@code CONNECT} (RFC 9110 section 9.3.6).
 *
 * <p>The request carries the target in authority form (an IPv6 literal in brackets) and, when
 * credentials are given, {@code Proxy-Authorization: Basic} (RFC 7617, UTF-8). The response head is
 * read one byte at a time up to its blank line and never past it, since the tunnel starts right
 * there; a head over 16 KiB is a failure. Interim 1xx responses are skipped. Any 2xx opens the
 * tunnel (its {@code Content-Length} or {@code Transfer-Encoding} are ignored, as RFC 9110 says).
 * Other statuses map to failure kinds: 403 and 407 to {@code NOT_ALLOWED}, 502 and 503 to {@code
 * HOST_UNREACHABLE}, 504 to {@code TTL_EXPIRED}, everything else to {@code GENERAL_FAILURE}.
 *
 * <p>Targets whose host is neither an IP literal nor an RFC 3986 {@code reg-name} (no controls,
 * spaces, non-ASCII, {@code /?#@[]}) fail before connecting, so nothing can be injected into the
 * request. Credentials never appear in {@link #describe()}, {@link #toString()} or messages.
 */
public final class HttpConnectConnector extends ProxyConnector {
  /** The most a response head (all interim heads included) may take. */
  static final int MAX_HEAD = 16 * 1024;

  private final @Nullable String authorization;

  /**
   * Creates the connector.
   *
   * @param proxy the HTTP proxy; may be unresolved
   * @param user the user for Basic authentication, or null for none
   * @param password the password, or null (read as empty when a user is given)
   * @throws IllegalArgumentException when a password comes without a user, or the user holds a
   *     colon (which Basic cannot carry)
   */
  public HttpConnectConnector(
      InetSocketAddress proxy, @Nullable String user, @Nullable String password) {
    super("http", proxy);
    if (user == null) {
      if (password != null) {
        throw new IllegalArgumentException("password: given without a user (expected: both)");
      }
      this.authorization = null;
    } else {
      if (user.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "user: contains ':' (expected: none, as Basic authentication joins user:password)");
      }
      String pair = user + ":" + (password == null ? "" : password);
      this.authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  byte[] request(Endpoint target) throws UpstreamFailure {
    String host = target.host();
    String authority;
    if (target.isIpv6Literal()) {
      if (IpLiterals.ipv6(host) == null) {
        throw new UpstreamFailure(
            UpstreamFailure.Kind.GENERAL_FAILURE,
            route()
                + ": host: "
                + Escape.printable(host)
                + " (expected: an IPv6 literal without zone id)");
      }
      authority = "[" + host + "]:" + target.port();
    } else {
      if (!isRegName(host)) {
        throw new UpstreamFailure(
            UpstreamFailure.Kind.GENERAL_FAILURE,
            route() + ": host: " + Escape.printable(host) + " (expected: a host name or address)");
      }
      authority = host + ":" + target.port();
    }
    StringBuilder head = new StringBuilder(128);
    head.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(authority).append("\r\n");
    if (authorization != null) {
      head.append("Proxy-Authorization: ").append(authorization).append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** RFC 3986 reg-name: unreserved, percent-encoded and sub-delims characters. */
  private static boolean isRegName(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return !host.isEmpty();
  }

  @Override
  void negotiate(Handshake handshake, byte[] request, Endpoint target) throws IOException {
    handshake.send(request);
    int budget = MAX_HEAD;
    while (true) {
      ByteArrayOutputStream head = new ByteArrayOutputStream(128);
      budget = readHead(handshake, head, budget);
      String statusLine = firstLine(head.toByteArray());
      int status = status(statusLine);
      if (status < 0) {
        throw handshake.failure(
            UpstreamFailure.Kind.GENERAL_FAILURE,
            "status line: "
                + Escape.printable(statusLine)
                + " (expected: HTTP/1.x followed by a 3-digit status)");
      }
      if (status >= 100 && status < 200 && status != 101) {
        continue; // interim response; the final one follows
      }
      if (status >= 200 && status < 300) {
        return;
      }
      String detail = "CONNECT " + target + " answered " + Escape.printable(statusLine);
      if (status == 407 && authorization == null) {
        detail += " (no credentials are configured)";
      }
      throw handshake.failure(kindOf(status), detail);
    }
  }

  /**
   * Reads one head up to and including its blank line, one byte at a time so nothing past it is
   * consumed. Lines may end in CRLF or a bare LF.
   *
   * @return the budget left
   */
  private static int readHead(Handshake handshake, ByteArrayOutputStream head, int budget)
      throws IOException {
    int lineLength = 0;
    while (true) {
      if (budget-- == 0) {
        throw handshake.failure(
            UpstreamFailure.Kind.GENERAL_FAILURE,
            "response head over " + MAX_HEAD + " bytes (expected: at most that)");
      }
      int b = handshake.readByte("response head");
      head.write(b);
      if (b == '\n') {
        if (lineLength == 0) {
          return budget;
        }
        lineLength = 0;
      } else if (b != '\r') {
        lineLength++;
      }
    }
  }

  private static String firstLine(byte[] head) {
    int end = 0;
    while (end < head.length && head[end] != '\n') {
      end++;
    }
    if (end > 0 && head[end - 1] == '\r') {
      end--;
    }
    return new String(head, 0, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses {@code HTTP/d.d SP 3DIGIT [SP reason]}.
   *
   * @param line the status line
   * @return the status, or -1 when the line is not a status line
   */
  static int status(String line) {
    if (line.length() < 12
        || !line.startsWith("HTTP/1.")
        || !isDigit(line.charAt(7))
        || line.charAt(8) != ' ') {
      return -1;
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      if (!isDigit(line.charAt(i))) {
        return -1;
      }
      status = status * 10 + (line.charAt(i) - '0');
    }
    if (line.length() > 12 && line.charAt(12) != ' ') {
      return -1;
    }
    return status < 100 ? -1 : status;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Maps a final non-2xx status.
   *
   * @param status the status
   * @return the kind
   */
  static UpstreamFailure.Kind kindOf(int status) {
    return switch (status) {
      case 403, 407 -> UpstreamFailure.Kind.NOT_ALLOWED;
      case 502, 503 -> UpstreamFailure.Kind.HOST_UNREACHABLE;
      case 504 -> UpstreamFailure.Kind.TTL_EXPIRED;
      default -> UpstreamFailure.Kind.GENERAL_FAILURE;
    };
  }
}
