package org.sockstap.protocols.http;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;
import org.sockstap.api.HostPattern;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.TargetForm;

/**
 * {@link HttpSettings} with its host lists compiled, as connections use them. Immutable and
 * shared by every connection with the same parameters.
 */
final class ConnectionPolicy {
  private final HttpSettings settings;
  private final @Nullable HostPattern denyHosts;
  private final @Nullable HostPattern permitHosts;

  private ConnectionPolicy(HttpSettings settings, @Nullable HostPattern denyHosts,
      @Nullable HostPattern permitHosts) {
    this.settings = settings;
    this.denyHosts = denyHosts;
    this.permitHosts = permitHosts;
  }

  /**
   * Compiles the settings' host lists.
   *
   * @param settings the settings
   * @param compiler compiles a host list in the server's rule syntax
   * @return the policy
   * @throws IllegalArgumentException naming the parameter whose host list is malformed
   */
  static ConnectionPolicy compile(HttpSettings settings, Function<String, HostPattern> compiler) {
    return new ConnectionPolicy(settings,
        compile(HttpSettings.DENY_HOST, settings.denyHosts, compiler),
        compile(HttpSettings.PERMIT_HOST, settings.permitHosts, compiler));
  }

  private static @Nullable HostPattern compile(String param, @Nullable String list,
      Function<String, HostPattern> compiler) {
    if (list == null) {
      return null;
    }
    try {
      return compiler.apply(list);
    } catch (IllegalArgumentException e) {
      throw ParamText.error(param, list, "a host list in the rule syntax, such as"
          + " *.example.com,!www.example.com,10.0.0.0/8: " + e.getMessage());
    }
  }

  HttpSettings settings() {
    return settings;
  }

  boolean isEmpty() {
    return settings.isEmpty();
  }

  /** The upstream HTTP proxy every request goes to, or null. */
  @Nullable Route route() {
    return settings.route;
  }

  /** Whether a route's 407 and Proxy-Authenticate reach the client. */
  boolean pass407() {
    return settings.pass407;
  }

  /** The {@code cache} parameter, or null when it was not given. */
  HttpSettings.@Nullable CacheMode cacheMode() {
    return settings.cacheMode;
  }

  /** The {@code stale-if-error} parameter: zero when off. */
  java.time.Duration staleIfError() {
    return settings.staleIfError;
  }

  /** The {@code expire} parameter: the heuristic cap and a bare {@code public}'s lifetime. */
  java.time.Duration expire() {
    return settings.expire;
  }

  /** The {@code heuristic-fraction} parameter. */
  double heuristicFraction() {
    return settings.heuristicFraction;
  }

  HeaderRules requestRules() {
    return settings.requestRules;
  }

  HeaderRules responseRules() {
    return settings.responseRules;
  }

  /** Returns the first mount whose prefix the origin-form target starts with, or null. */
  @Nullable Mount mountFor(String target) {
    if (!target.startsWith("/")) {
      return null;
    }
    for (Mount mount : settings.mounts) {
      if (target.startsWith(mount.prefix())) {
        return mount;
      }
    }
    return null;
  }

  /**
   * Decides whether a request may be forwarded: the rules in the order deny-method,
   * permit-method, deny-url, permit-url, deny-host, permit-host; the first that refuses it is
   * named.
   *
   * @param request the request as the client sent it
   * @param url the URL as the access log shows it
   * @param destination the SOCKS destination
   * @return null to forward it, else why not, such as {@code denied by deny-method=TRACE}
   */
  @Nullable String rejection(RequestHead request, String url, Endpoint destination) {
    String method = request.method();
    if (settings.denyMethods.contains(method)) {
      return "denied by " + HttpSettings.DENY_METHOD + "=" + method;
    }
    if (!settings.permitMethods.isEmpty() && !settings.permitMethods.contains(method)) {
      return notPermitted(HttpSettings.PERMIT_METHOD, String.join(",", settings.permitMethods));
    }
    // the raw URL and its decoded form: %61dmin must not slip past a pattern for admin
    String decoded = ParamText.decodeLenient(url);
    for (UrlGlob glob : settings.denyUrls) {
      if (glob.matches(url) || glob.matches(decoded)) {
        return "denied by " + HttpSettings.DENY_URL + "=" + glob;
      }
    }
    if (!settings.permitUrls.isEmpty()
        && !(anyMatches(settings.permitUrls, url) && anyMatches(settings.permitUrls, decoded))) {
      return notPermitted(HttpSettings.PERMIT_URL, join(settings.permitUrls));
    }
    String destinationHost = hostForMatching(destination.host());
    if (denyHosts != null) {
      String named = namedHost(request);
      if (denyHosts.matches(destinationHost, destination.port()) || (named != null
          && denyHosts.matches(hostForMatching(hostOf(named)), portOf(named)))) {
        return "denied by " + HttpSettings.DENY_HOST + "=" + settings.denyHosts;
      }
    }
    if (permitHosts != null && !permitHosts.matches(destinationHost, destination.port())) {
      return notPermitted(HttpSettings.PERMIT_HOST, settings.permitHosts);
    }
    return null;
  }

  private static String notPermitted(String param, @Nullable String value) {
    return "not permitted by " + param + "=" + value;
  }

  private static boolean anyMatches(List<UrlGlob> globs, String url) {
    for (UrlGlob glob : globs) {
      if (glob.matches(url)) {
        return true;
      }
    }
    return false;
  }

  private static String join(List<UrlGlob> globs) {
    StringBuilder out = new StringBuilder();
    for (UrlGlob glob : globs) {
      out.append(out.length() == 0 ? "" : ",").append(glob);
    }
    return out.toString();
  }

  /** The authority the request names: its absolute-form or CONNECT target, else its Host. */
  private static @Nullable String namedHost(RequestHead request) {
    TargetForm form = request.targetForm();
    String authority = form == TargetForm.ABSOLUTE || form == TargetForm.AUTHORITY
        ? request.targetAuthority() : null;
    if (authority == null) {
      authority = request.headers().first("Host");
    }
    return authority == null || authority.isEmpty() ? null : authority;
  }

  /** The host of {@code host[:port]}, without brackets. */
  static String hostOf(String authority) {
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    String host = colon > bracket ? authority.substring(0, colon) : authority;
    return host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
  }

  /** The port of {@code host[:port]}, 80 when none is given (or it is not a number). */
  static int portOf(String authority) {
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    if (colon <= bracket || colon == authority.length() - 1) {
      return 80;
    }
    try {
      int port = Integer.parseInt(authority.substring(colon + 1));
      return port >= 0 && port <= 65535 ? port : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Lower case without a trailing dot: {@code Evil.COM.} is {@code evil.com} to a resolver. */
  private static String hostForMatching(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") && lower.length() > 1
        ? lower.substring(0, lower.length() - 1) : lower;
  }
}
