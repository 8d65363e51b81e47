package org.sockstap.core.internal.route;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes connectors from upstream URIs.
 *
 * <table>
 *   <caption>Accepted URIs</caption>
 *   <tr><th>URI</th><th>connector</th><th>port when missing</th></tr>
 *   <tr><td>{@code socks5://[user[:password]@]host[:port]}</td><td>{@link Socks5Connector}</td>
 *       <td>1080</td></tr>
 *   <tr><td>{@code socks5h://...}</td><td>the same: names always go to the upstream
 *       unresolved</td><td>1080</td></tr>
 *   <tr><td>{@code socks4://[user@]host[:port]}</td><td>{@link Socks4Connector}, SOCKS4a for
 *       names</td><td>1080</td></tr>
 *   <tr><td>{@code socks4a://...}</td><td>the same</td><td>1080</td></tr>
 *   <tr><td>{@code http://[user[:password]@]host:port}</td><td>{@link HttpConnectConnector}</td>
 *       <td>none: required</td></tr>
 * </table>
 *
 * <p>1080 is the port IANA registered for SOCKS. HTTP proxies have no such port (3128, 8080 and
 * 80 are all common), so guessing would silently send traffic to the wrong service: the port is
 * required. The scheme is case-insensitive; the host may be a name, an IPv4 literal or a bracketed
 * IPv6 literal; the path may be empty or {@code /}; queries and fragments are refused. User and
 * password are percent-decoded as UTF-8. Messages never show the user or password: the user-info
 * of the URI is replaced by {@code ***}.
 */
public final class Connectors {
  private static final String EXPECTED = "(expected: socks5://, socks4:// or http:// URI)";
  private static final int SOCKS_PORT = 1080;

  private Connectors() {}

  /**
   * Parses an upstream URI.
   *
   * @param text the URI
   * @return the connector
   * @throws IllegalArgumentException when the text is no URI or not one of the accepted forms
   */
  public static Connector fromUri(String text) {
    Objects.requireNonNull(text, "text");
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // e's message repeats the input, credentials included: keep only the reason
      throw new IllegalArgumentException(
          "route: "
              + redact(text)
              + " "
              + EXPECTED.substring(0, EXPECTED.length() - 1)
              + "; "
              + e.getReason()
              + " at index "
              + e.getIndex()
              + ")");
    }
    return fromUri(uri);
  }

  /**
   * Makes the connector a URI names.
   *
   * @param uri the URI
   * @return the connector
   * @throws IllegalArgumentException when the URI is not one of the accepted forms
   */
  public static Connector fromUri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String shown = redact(uri.toString());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean socks5 = scheme.equals("socks5") || scheme.equals("socks5h");
    boolean socks4 = scheme.equals("socks4") || scheme.equals("socks4a");
    boolean http = scheme.equals("http");
    if (uri.isOpaque() || !(socks5 || socks4 || http)) {
      throw new IllegalArgumentException("route: " + shown + " " + EXPECTED);
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: " + scheme + "://host:port, without path or query)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: " + scheme + "://host:port with a valid host)");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort();
    if (port < 0) {
      if (http) {
        throw new IllegalArgumentException(
            "route: " + shown + " (expected: http://host:port; an HTTP proxy has no default port)");
      }
      port = SOCKS_PORT;
    }
    if (port == 0 || port > 65535) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: a port in 1-65535)");
    }
    InetSocketAddress proxy = InetSocketAddress.createUnresolved(host, port);

    @Nullable String user = null;
    @Nullable String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), shown);
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1), shown);
      if (user.isEmpty()) {
        throw new IllegalArgumentException(
            "route: " + shown + " (expected: a non-empty user before '@')");
      }
    }
    try {
      if (socks5) {
        return new Socks5Connector(proxy, user, password);
      }
      if (socks4) {
        if (password != null) {
          throw new IllegalArgumentException(
              "route: " + shown + " (expected: socks4://[user@]host:port; SOCKS4 has no password)");
        }
        return new Socks4Connector(proxy, user);
      }
      return new HttpConnectConnector(proxy, user, password);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("route: ")) {
        throw e;
      }
      throw new IllegalArgumentException("route: " + shown + ": " + e.getMessage(), e);
    }
  }

  /** Percent-decodes user-info as UTF-8 (not form decoding: {@code +} stays a plus). */
  private static String decode(String raw, String shown) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException(
              "route: " + shown + " (expected: %XX escapes in the user-info)");
        }
        bytes.write((high << 4) | low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: user-info percent-encoded in UTF-8)", e);
    }
  }

  /**
   * Hides the user-info of a URI (everything up to the last {@code @} of the part that may hold
   * an authority, so a password with a raw {@code /} is hidden too) and escapes the rest.
   *
   * @param text the URI text
   * @return the text, safe to log
   */
  static String redact(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    int start = text.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int end = text.length();
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = text.lastIndexOf('@', end - 1);
    String safe = at >= start ? text.substring(0, start) + "***" + text.substring(at) : text;
    return Escape.printable(safe);
  }
}
