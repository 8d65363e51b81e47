package org.sockstap.protocols.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.Endpoint;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.RequestHead;

/**
 * The request target, as the log shows it and as the server gets it. The server is the SOCKS
 * destination, whatever the request claims (only a configured mount sends a request elsewhere):
 * an absolute-form target only sets the Host header (RFC 9112 §3.2.2) and is sent on in origin
 * form.
 */
final class TargetUrl {
  private static final Logger LOG = LoggerFactory.getLogger(TargetUrl.class);

  private TargetUrl() {}

  /** Returns {@code http://host:port/path} for the log, host and port from the SOCKS request. */
  static String absolute(RequestHead request, Endpoint destination) {
    String target = request.target();
    String authority = (destination.isIpv6Literal() ? "[" + destination.host() + "]"
        : destination.host()) + ":" + destination.port();
    if (request.method().equals("CONNECT")) {
      return target;
    }
    if (isAbsolute(target)) {
      int pathStart = target.indexOf('/', target.indexOf("://") + 3);
      return "http://" + authority + (pathStart < 0 ? "/" : target.substring(pathStart));
    }
    return "http://" + authority + (target.equals("*") ? "" : target);
  }

  /**
   * Returns the target to send: origin form. For an absolute-form target, sets Host from it.
   */
  static String forOrigin(RequestHead request, Headers forwarded) {
    String target = request.target();
    if (!isAbsolute(target)) {
      return target;
    }
    int start = target.indexOf("://") + 3;
    int pathStart = target.indexOf('/', start);
    int queryStart = target.indexOf('?', start);
    int end = pathStart < 0 ? (queryStart < 0 ? target.length() : queryStart) : pathStart;
    if (queryStart >= 0 && queryStart < end) {
      end = queryStart;
    }
    String authority = target.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (!authority.isEmpty()) {
      forwarded.set("Host", authority);
    }
    String rest = target.substring(end);
    return rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
  }

  /** Logs when the Host header names another server than the SOCKS destination. */
  static void checkHost(String id, Headers headers, Endpoint destination) {
    String host = headers.first("Host");
    if (host == null) {
      return;
    }
    String name = host;
    int port = 80;
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      name = host.substring(0, colon);
      try {
        port = Integer.parseInt(host.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (!name.toLowerCase(Locale.ROOT).equals(destination.normalizedHost())
        || port != destination.port()) {
      LOG.info("{} http: Host {} differs from the SOCKS destination {}; the request goes to the"
          + " destination", id, org.sockstap.protocols.http.ErrorResponse.escapeHtml(host),
          destination);
    }
  }

  /**
   * Returns the absolute-form target for an upstream proxy, {@code http://host:port/path}, or
   * null when a part holds anything that must not be sent: the host must be a host name or IP
   * address, the target printable ASCII without spaces (no CR, LF, NUL or SP can reach the
   * request line).
   *
   * @param origin where the request is meant to go (the SOCKS destination or a mounted origin)
   * @param originTarget the origin-form target
   */
  static @Nullable String forProxy(Endpoint origin, String originTarget) {
    boolean hostOk = origin.isIpv6Literal() ? isIpv6Text(origin.host())
        : isHostName(origin.host());
    if (!hostOk || origin.port() < 1 || !originTarget.startsWith("/")) {
      return null;
    }
    for (int i = 0; i < originTarget.length(); i++) {
      char c = originTarget.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return null;
      }
    }
    return "http://" + origin + originTarget;
  }

  /** Letters, digits, dots, hyphens and underscores: a DNS name or an IPv4 address. */
  static boolean isHostName(String host) {
    return !host.isEmpty() && host.chars().allMatch(
        c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == '_');
  }

  /** Hex digits, colons and dots: the text of an IPv6 address, without brackets. */
  static boolean isIpv6Text(String host) {
    return host.indexOf(':') >= 0
        && host.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
            || (c >= 'A' && c <= 'F') || c == ':' || c == '.');
  }

  private static boolean isAbsolute(String target) {
    return target.regionMatches(true, 0, "http://", 0, 7)
        || target.regionMatches(true, 0, "https://", 0, 8);
  }
}
