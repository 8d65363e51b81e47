package org.sockstap.protocols.http.cache;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;
import org.sockstap.protocols.http.wire.TargetForm;

/**
 * Which stored responses an unsafe request invalidates (RFC 9111 §4.4).
 *
 * <p>A non-error response (2xx or 3xx) to a method that is not safe (anything but GET, HEAD,
 * OPTIONS and TRACE: POST, PUT, DELETE, PATCH, ...) invalidates the target URI, and the URIs in
 * Location and Content-Location when they have the same origin. Another origin's entries are
 * never touched, so a server cannot evict someone else's responses.
 */
public final class Invalidation {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private Invalidation() {}

  /**
   * Returns the primary keys (see {@link CacheKey#of}, method GET) to remove after an exchange.
   *
   * <p>Location and Content-Location may be absolute {@code http} URIs with the same host and
   * port as the request's Host (default port 80), absolute paths, or relative references
   * (resolved against the target's path; dot segments are not removed). Other URIs are
   * ignored. When the request used an absolute-form target, the keys use absolute-form too, so
   * they match how such requests are stored.
   *
   * @param destinationHost the SOCKS destination host, as the client asked for it
   * @param destinationPort the SOCKS destination port
   * @param hostHeader the Host field value (or the authority of an absolute-form target)
   * @param request the request
   * @param response the response head
   * @return the keys to remove, without duplicates; empty for safe methods and error
   *     responses
   */
  public static List<String> keysToInvalidate(String destinationHost, int destinationPort,
      String hostHeader, RequestHead request, ResponseHead response) {
    Objects.requireNonNull(destinationHost, "destinationHost");
    Objects.requireNonNull(hostHeader, "hostHeader");
    if (SAFE.contains(request.method()) || response.status() < 200
        || response.status() >= 400) {
      return List.of();
    }
    Set<String> targets = new LinkedHashSet<>();
    targets.add(request.target());
    for (String name : new String[] {"Location", "Content-Location"}) {
      String value = response.headers().first(name);
      if (value != null) {
        String target = resolve(request, hostHeader, Ascii.trim(value));
        if (target != null) {
          targets.add(target);
        }
      }
    }
    List<String> keys = new ArrayList<>();
    for (String target : targets) {
      keys.add(CacheKey.of(destinationHost, destinationPort, hostHeader, "GET", target));
    }
    return keys;
  }

  /** Returns the target a reference names on the same origin, or null for another origin. */
  private static @Nullable String resolve(RequestHead request, String hostHeader,
      String reference) {
    if (reference.isEmpty() || reference.indexOf('#') >= 0) {
      int hash = reference.indexOf('#');
      reference = hash < 0 ? reference : reference.substring(0, hash);
      if (reference.isEmpty()) {
        return null;
      }
    }
    boolean absoluteForm = request.targetForm() == TargetForm.ABSOLUTE;
    String requestPath = request.target();
    String prefix = "";
    if (absoluteForm) {
      String authority = request.targetAuthority();
      int scheme = requestPath.indexOf("://");
      if (authority == null || scheme < 0) {
        return null;
      }
      prefix = requestPath.substring(0, scheme + 3) + authority;
      requestPath = requestPath.substring(prefix.length());
      if (requestPath.isEmpty()) {
        requestPath = "/";
      }
    }
    String path;
    String lower = Ascii.lower(reference);
    if (lower.startsWith("http://")) {
      int start = "http://".length();
      int end = start;
      while (end < reference.length() && "/?".indexOf(reference.charAt(end)) < 0) {
        end++;
      }
      if (!sameAuthority(reference.substring(start, end), hostHeader)) {
        return null;
      }
      path = reference.substring(end);
      if (path.isEmpty() || path.charAt(0) == '?') {
        path = "/" + path;
      }
    } else if (reference.startsWith("//") || hasScheme(reference)) {
      return null;
    } else if (reference.startsWith("/")) {
      path = reference;
    } else {
      String base = requestPath;
      int query = base.indexOf('?');
      if (query >= 0) {
        base = base.substring(0, query);
      }
      if (reference.startsWith("?")) {
        path = base + reference;
      } else {
        path = base.substring(0, base.lastIndexOf('/') + 1) + reference;
      }
    }
    if (RequestHeadCheck.invalid(path)) {
      return null;
    }
    return prefix + path;
  }

  private static boolean hasScheme(String reference) {
    int colon = reference.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    int slash = reference.indexOf('/');
    return slash < 0 || colon < slash;
  }

  private static boolean sameAuthority(String authority, String hostHeader) {
    return Ascii.lower(withPort(authority)).equals(Ascii.lower(withPort(hostHeader)));
  }

  private static String withPort(String authority) {
    int at = authority.lastIndexOf('@');
    String hostPort = at < 0 ? authority : authority.substring(at + 1);
    int close = hostPort.lastIndexOf(']');
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || colon < close) {
      return hostPort + ":80";
    }
    if (colon == hostPort.length() - 1) {
      return hostPort + "80";
    }
    return hostPort;
  }

  /** Keeps only targets that a request line could carry. */
  private static final class RequestHeadCheck {
    static boolean invalid(String target) {
      for (int i = 0; i < target.length(); i++) {
        char c = target.charAt(i);
        if (c <= 0x20 || c >= 0x7F) {
          return true;
        }
      }
      return target.isEmpty();
    }
  }
}
