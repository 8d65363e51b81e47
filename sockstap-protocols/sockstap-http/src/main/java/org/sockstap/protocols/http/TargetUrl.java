package org.sockstap.protocols.http;

import java.util.Locale;
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

  private static boolean isAbsolute(String target) {
    return target.regionMatches(true, 0, "http://", 0, 7)
        || target.regionMatches(true, 0, "https://", 0, 8);
  }
}
