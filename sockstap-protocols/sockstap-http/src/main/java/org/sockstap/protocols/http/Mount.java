package org.sockstap.protocols.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;

/**
 * One MOUNT: requests whose origin-form target starts with {@link #prefix()} go to another
 * origin, with the prefix replaced by {@link #targetPrefix()}; {@code Location} and {@code
 * Content-Location} in its responses are mapped back. Written {@code /docs/*} and {@code
 * http://docs.internal:8080/manual/*}: only {@code http://} origins, and {@code *} only as the
 * last character of both sides.
 *
 * @param prefix the path prefix the client asks for, without the {@code *}, such as {@code
 *     /docs/}
 * @param authority the origin's {@code host[:port]} as written, sent as its Host
 * @param endpoint where to connect (port 80 when none is written)
 * @param targetPrefix the path prefix on the origin, without the {@code *}, such as {@code
 *     /manual/}
 */
record Mount(String prefix, String authority, Endpoint endpoint, String targetPrefix) {

  static final String EXPECTED = "/path/*=http://host[:port]/path/* with * only at the end of"
      + " both sides, such as /docs/*=http://docs.internal:8080/manual/*";

  /**
   * Parses both sides.
   *
   * @param from the client's side, such as {@code /docs/*}
   * @param to the origin's side, such as {@code http://docs.internal:8080/manual/*}
   * @return the mount
   * @throws IllegalArgumentException naming the problem
   */
  static Mount of(String from, String to) {
    String prefix = path(from, "the path before =");
    if (!to.regionMatches(true, 0, "http://", 0, 7)) {
      throw new IllegalArgumentException("an http:// origin after =");
    }
    int slash = to.indexOf('/', 7);
    if (slash < 0) {
      throw new IllegalArgumentException("a path after the origin's host and port");
    }
    String authority = to.substring(7, slash);
    Endpoint endpoint = endpoint(authority);
    return new Mount(prefix, authority, endpoint, path(to.substring(slash), "the origin's path"));
  }

  /** Checks a path ending in {@code *} and returns it without the {@code *}. */
  private static String path(String text, String what) {
    if (!text.startsWith("/") || !text.endsWith("*") || text.indexOf('*') != text.length() - 1) {
      throw new IllegalArgumentException(what + " to start with / and end with its only *");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
        throw new IllegalArgumentException(
            what + " in printable ASCII without spaces, ? or # (percent-encoded as in requests)");
      }
    }
    return text.substring(0, text.length() - 1);
  }

  private static Endpoint endpoint(String authority) {
    String expected = "host[:port] after http://, without user@";
    String host = authority;
    int port = 80;
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    if (colon > bracket) {
      host = authority.substring(0, colon);
      String digits = authority.substring(colon + 1);
      if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)
          || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
        throw new IllegalArgumentException(expected + ", port 1-65535");
      }
      port = Integer.parseInt(digits);
    }
    if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
      host = host.substring(1, host.length() - 1);
      if (!host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        throw new IllegalArgumentException(expected);
      }
    } else if (host.isEmpty() || !host.chars().allMatch(
        c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == '_')) {
      throw new IllegalArgumentException(expected);
    }
    return new Endpoint(host, port);
  }

  /**
   * Maps a request target to the origin's, or returns null when the target is not under the
   * prefix.
   *
   * @param target the origin-form target the client sent
   * @return the target for the mounted origin, or null
   */
  @Nullable String rewriteTarget(String target) {
    return target.startsWith(prefix) ? targetPrefix + target.substring(prefix.length()) : null;
  }

  /**
   * Maps a {@code Location} or {@code Content-Location} from the origin back to what the client
   * asked for: {@code http://<origin>/manual/y} and {@code /manual/y} become {@code
   * http://<client authority>/docs/y}; anything else is returned as it is.
   *
   * @param value the field value
   * @param clientAuthority the {@code host[:port]} the client used
   * @return the value to send to the client
   */
  String rewriteLocation(String value, String clientAuthority) {
    String path = null;
    if (value.startsWith("/") && !value.startsWith("//")) {
      path = value;
    } else if (value.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = value.indexOf('/', 7);
      if (slash > 7 && sameOrigin(value.substring(7, slash))) {
        path = value.substring(slash);
      }
    }
    if (path == null || !path.startsWith(targetPrefix)) {
      return value;
    }
    return "http://" + clientAuthority + prefix + path.substring(targetPrefix.length());
  }

  private boolean sameOrigin(String other) {
    try {
      Endpoint that = endpoint(other);
      return that.port() == endpoint.port()
          && that.host().toLowerCase(Locale.ROOT).equals(endpoint.normalizedHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The route word for the access log, {@code mount:host:port}. */
  String routeWord() {
    return "mount:" + endpoint;
  }

  /** The parameter text, {@code /docs/*=http://docs.internal:8080/manual/*}. */
  @Override
  public String toString() {
    return prefix + "*=http://" + authority + targetPrefix + "*";
  }
}
