package org.sockstap.protocols.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;

/**
 * An upstream HTTP proxy every request of a connection is sent to ({@code
 * route=http://[user:password@]host:port}). The credentials are held only as the ready {@code
 * Proxy-Authorization} value, and {@link #toString()} never shows them.
 *
 * @param proxy where the proxy listens
 * @param authorization the {@code Proxy-Authorization} value ({@code Basic ...}), or null
 */
record Route(Endpoint proxy, @Nullable String authorization) {

  static final String EXPECTED = "http://[user:password@]host:port with the port and nothing"
      + " after it, such as http://proxy.internal:3128 (user and password percent-decoded)";

  Route {
    Objects.requireNonNull(proxy, "proxy");
  }

  /**
   * Parses the parameter value. Error messages show the value with any user and password
   * replaced by {@code ***}.
   *
   * @param param the parameter name, for messages
   * @param value {@code http://[user:password@]host:port}
   * @return the route
   * @throws IllegalArgumentException naming the problem, never the password
   */
  static Route parse(String param, String value) {
    Objects.requireNonNull(value, param);
    String masked = masked(value);
    if (!value.regionMatches(true, 0, "http://", 0, 7)) {
      throw ParamText.error(param, masked, EXPECTED);
    }
    String rest = value.substring(7);
    int at = rest.lastIndexOf('@');
    String authorization = null;
    if (at >= 0) {
      String userinfo = rest.substring(0, at);
      int colon = userinfo.indexOf(':');
      if (colon < 0) {
        throw ParamText.error(param, masked, EXPECTED + "; user and password separated by :");
      }
      String user;
      String password;
      try {
        user = ParamText.decode(param, userinfo.substring(0, colon));
        password = ParamText.decode(param, userinfo.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw ParamText.error(param, masked, "a user and password in printable ASCII, with %XX"
            + " for anything else (%40 for @, %3A for :)");
      }
      // one char per decoded byte: the bytes given, percent-encoded UTF-8 stays UTF-8
      authorization = basic(param, masked, user, password, StandardCharsets.ISO_8859_1);
      rest = rest.substring(at + 1);
    }
    return new Route(endpoint(param, masked, rest), authorization);
  }

  /**
   * Builds a route from typed parts, for {@link HttpSettings.Builder#route}.
   *
   * @throws IllegalArgumentException naming the problem, never the password
   */
  static Route of(String param, String host, int port, @Nullable String user,
      @Nullable String password) {
    Objects.requireNonNull(host, "host");
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(param + ": user and password (expected: both or"
          + " neither)");
    }
    String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    String masked = "http://" + (user == null ? "" : "***@") + authority;
    String authorization = user == null ? null
        : basic(param, masked, user, Objects.requireNonNull(password), StandardCharsets.UTF_8);
    return new Route(endpoint(param, masked, authority), authorization);
  }

  private static String basic(String param, String masked, String user, String password,
      Charset charset) {
    if (user.indexOf(':') >= 0) {
      throw ParamText.error(param, masked, EXPECTED + "; a user without :");
    }
    String both = user + ":" + password;
    for (int i = 0; i < both.length(); i++) {
      char c = both.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw ParamText.error(param, masked, "a user and password without control characters");
      }
    }
    return "Basic " + Base64.getEncoder().encodeToString(both.getBytes(charset));
  }

  /** Checks {@code host:port}: a host name or address, a port 1-65535, nothing else. */
  private static Endpoint endpoint(String param, String masked, String authority) {
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    if (colon <= bracket) {
      throw ParamText.error(param, masked, EXPECTED + "; the port is required");
    }
    String host = authority.substring(0, colon);
    String digits = authority.substring(colon + 1);
    if (digits.isEmpty() || digits.length() > 5
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
      throw ParamText.error(param, masked, EXPECTED + "; a port 1-65535 and no path");
    }
    if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
      host = host.substring(1, host.length() - 1);
      if (!TargetUrl.isIpv6Text(host)) {
        throw ParamText.error(param, masked, EXPECTED);
      }
    } else if (!TargetUrl.isHostName(host)) {
      throw ParamText.error(param, masked, EXPECTED + "; a host name or address");
    }
    return new Endpoint(host, Integer.parseInt(digits));
  }

  /** The value for messages: whatever stands before the last {@code @} becomes {@code ***}. */
  static String masked(String value) {
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    int scheme = value.indexOf("://");
    String prefix = scheme >= 0 && scheme < at ? value.substring(0, scheme + 3) : "";
    return prefix + "***" + value.substring(at);
  }

  /** The proxy as the access log and messages show it: {@code http://host:port}. */
  @Override
  public String toString() {
    return "http://" + proxy;
  }
}
