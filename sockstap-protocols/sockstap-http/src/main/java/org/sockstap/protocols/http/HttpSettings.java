package org.sockstap.protocols.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.HeaderField;

/**
 * The request policy, header rules and mounts of {@link HttpHandler}: immutable, built with
 * {@link #builder()} by an embedder, or from the connection's parameters with {@link
 * #withParams(Map)}. Each parameter (see {@link HttpHandler} for the syntax) replaces the
 * corresponding setting of the defaults as a whole: {@code add-qhead=X-A:1} given for a
 * connection replaces every request field the defaults add.
 *
 * <pre>{@code
 * HttpSettings defaults = HttpSettings.builder()
 *     .denyMethods("TRACE", "CONNECT")
 *     .killRequestHeaders("X-Forwarded-For")
 *     .mount("/docs/*", "http://docs.internal:8080/manual/*")
 *     .build();
 * new HttpHandler(HttpLimits.defaults(), defaults);
 * }</pre>
 *
 * <p>Every setter checks its values at once and throws {@link IllegalArgumentException} with a
 * message that names the parameter, in the form {@code deny-url: "[" (expected: ...)}. Values
 * given to the builder are taken as they are; parameter values are percent-decoded where {@link
 * HttpHandler} says so. Host lists are compiled in the server's rule syntax when a connection
 * first uses them, since only the server knows that syntax; a malformed one fails those
 * connections then.
 */
public final class HttpSettings {
  static final String DENY_METHOD = "deny-method";
  static final String PERMIT_METHOD = "permit-method";
  static final String DENY_URL = "deny-url";
  static final String PERMIT_URL = "permit-url";
  static final String DENY_HOST = "deny-host";
  static final String PERMIT_HOST = "permit-host";
  static final String KILL_QHEAD = "kill-qhead";
  static final String ADD_QHEAD = "add-qhead";
  static final String REPLACE_QHEAD = "replace-qhead";
  static final String KILL_RHEAD = "kill-rhead";
  static final String ADD_RHEAD = "add-rhead";
  static final String REPLACE_RHEAD = "replace-rhead";
  static final String MOUNT = "mount";
  static final String ROUTE = "route";
  static final String PASS_407 = "pass-407";
  static final String CACHE = "cache";
  static final String STALE_IF_ERROR = "stale-if-error";
  static final String EXPIRE = "expire";
  static final String HEURISTIC_FRACTION = "heuristic-fraction";

  /** The default of {@code expire}: one day. */
  static final Duration DEFAULT_EXPIRE = Duration.ofDays(1);
  /** The default of {@code heuristic-fraction}. */
  static final double DEFAULT_HEURISTIC_FRACTION = 0.1;

  /**
   * What the HTTP cache does on a connection ({@code cache=on|off|readonly|offline}).
   */
  public enum CacheMode {
    /** Serve fresh stored responses, store cacheable ones, revalidate stale ones. */
    ON,
    /** Never look at the cache: every request is forwarded. */
    OFF,
    /** Serve and revalidate stored responses, but store nothing new. */
    READONLY,
    /** Answer only from the cache: 504 when nothing fresh is stored; never contact a server. */
    OFFLINE;

    /** The parameter value, {@code on} say. */
    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final HttpSettings NONE = builder().build();

  final List<String> denyMethods;
  final List<String> permitMethods;
  final List<UrlGlob> denyUrls;
  final List<UrlGlob> permitUrls;
  final @Nullable String denyHosts;
  final @Nullable String permitHosts;
  final HeaderRules requestRules;
  final HeaderRules responseRules;
  final List<Mount> mounts;
  final @Nullable Route route;
  final boolean pass407;
  /** Null: {@code on} when the server has a cache, else off. */
  final @Nullable CacheMode cacheMode;
  /** How long past its lifetime a stored response may stand in for a server error; zero: off. */
  final Duration staleIfError;
  /** The cap of heuristic freshness and the lifetime of a bare {@code public}; zero: none. */
  final Duration expire;
  /** The fraction of {@code Date - Last-Modified} taken as a heuristic lifetime, 0 to 1. */
  final double heuristicFraction;

  private HttpSettings(Builder b) {
    denyMethods = List.copyOf(b.denyMethods);
    permitMethods = List.copyOf(b.permitMethods);
    denyUrls = List.copyOf(b.denyUrls);
    permitUrls = List.copyOf(b.permitUrls);
    denyHosts = b.denyHosts;
    permitHosts = b.permitHosts;
    requestRules = new HeaderRules(b.killQ, b.replaceQ, b.addQ);
    responseRules = new HeaderRules(b.killR, b.replaceR, b.addR);
    mounts = List.copyOf(b.mounts);
    route = b.route;
    pass407 = b.pass407;
    cacheMode = b.cacheMode;
    staleIfError = b.staleIfError;
    expire = b.expire;
    heuristicFraction = b.heuristicFraction;
  }

  /**
   * Returns settings without any policy, rule or mount: every request is proxied as it is.
   *
   * @return the empty settings
   */
  public static HttpSettings none() {
    return NONE;
  }

  /**
   * Returns a builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns these settings with the parameters applied: each HTTP parameter present replaces
   * the corresponding setting; names the handler does not know are ignored (a tap rule's
   * parameters reach every protocol it names).
   *
   * @param params the connection's parameters
   * @return the settings for the connection; this object when no HTTP parameter is present
   * @throws IllegalArgumentException naming the first malformed parameter, in the fixed order
   *     of the table in {@link HttpHandler}
   */
  public HttpSettings withParams(Map<String, String> params) {
    Objects.requireNonNull(params, "params");
    Builder b = new Builder(this);
    boolean any = false;
    for (String name : List.of(DENY_METHOD, PERMIT_METHOD, DENY_URL, PERMIT_URL, DENY_HOST,
        PERMIT_HOST, KILL_QHEAD, ADD_QHEAD, REPLACE_QHEAD, KILL_RHEAD, ADD_RHEAD, REPLACE_RHEAD,
        MOUNT, ROUTE, PASS_407, CACHE, STALE_IF_ERROR, EXPIRE, HEURISTIC_FRACTION)) {
      String value = params.get(name);
      if (value != null) {
        SettingsParser.apply(b, name, value);
        any = true;
      }
    }
    return any ? b.build() : this;
  }

  /**
   * Returns whether nothing is set.
   *
   * @return true when requests are proxied as they are
   */
  public boolean isEmpty() {
    return denyMethods.isEmpty() && permitMethods.isEmpty() && denyUrls.isEmpty()
        && permitUrls.isEmpty() && denyHosts == null && permitHosts == null
        && requestRules.isEmpty() && responseRules.isEmpty() && mounts.isEmpty()
        && route == null && !pass407 && cacheMode == null && staleIfError.isZero()
        && expire.equals(DEFAULT_EXPIRE) && heuristicFraction == DEFAULT_HEURISTIC_FRACTION;
  }

  /**
   * Returns the settings as parameters, {@code deny-method=TRACE mount=/a/*=http://b:80/*};
   * values are shown decoded; a route is shown without its credentials ({@code
   * route=http://***@proxy:3128}).
   *
   * @return the parameters that are set, separated by spaces
   */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(" ");
    append(out, DENY_METHOD, String.join(",", denyMethods));
    append(out, PERMIT_METHOD, String.join(",", permitMethods));
    append(out, DENY_URL, join(denyUrls));
    append(out, PERMIT_URL, join(permitUrls));
    append(out, DENY_HOST, denyHosts);
    append(out, PERMIT_HOST, permitHosts);
    append(out, KILL_QHEAD, String.join(",", requestRules.kill()));
    append(out, ADD_QHEAD, HeaderRules.text(requestRules.add()));
    append(out, REPLACE_QHEAD, HeaderRules.text(requestRules.replace()));
    append(out, KILL_RHEAD, String.join(",", responseRules.kill()));
    append(out, ADD_RHEAD, HeaderRules.text(responseRules.add()));
    append(out, REPLACE_RHEAD, HeaderRules.text(responseRules.replace()));
    append(out, MOUNT, join(mounts));
    Route r = route;
    append(out, ROUTE, r == null ? null
        : r.authorization() == null ? r.toString() : "http://***@" + r.proxy());
    append(out, PASS_407, pass407 ? "true" : null);
    CacheMode mode = cacheMode;
    append(out, CACHE, mode == null ? null : mode.word());
    append(out, STALE_IF_ERROR,
        staleIfError.isZero() ? null : Long.toString(staleIfError.getSeconds()));
    append(out, EXPIRE,
        expire.equals(DEFAULT_EXPIRE) ? null : Long.toString(expire.getSeconds()));
    append(out, HEURISTIC_FRACTION, heuristicFraction == DEFAULT_HEURISTIC_FRACTION ? null
        : java.math.BigDecimal.valueOf(heuristicFraction).stripTrailingZeros().toPlainString());
    return out.toString();
  }

  private static void append(StringJoiner out, String name, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      out.add(name + "=" + value);
    }
  }

  private static String join(List<?> items) {
    StringJoiner out = new StringJoiner(",");
    items.forEach(item -> out.add(item.toString()));
    return out.toString();
  }

  /**
   * Builds {@link HttpSettings}. The list setters ({@code denyMethods}, {@code killRequestHeaders},
   * ...) may be called once each; the field and mount adders are repeatable. Nothing is set by
   * default, except the cache's heuristics: {@code expire} one day, {@code heuristic-fraction}
   * 0.1. Not thread-safe.
   */
  public static final class Builder {
    private final Set<String> set = new LinkedHashSet<>();
    List<String> denyMethods = List.of();
    List<String> permitMethods = List.of();
    List<UrlGlob> denyUrls = List.of();
    List<UrlGlob> permitUrls = List.of();
    @Nullable String denyHosts;
    @Nullable String permitHosts;
    List<String> killQ = List.of();
    List<String> killR = List.of();
    List<HeaderField> addQ = new ArrayList<>();
    List<HeaderField> addR = new ArrayList<>();
    List<HeaderField> replaceQ = new ArrayList<>();
    List<HeaderField> replaceR = new ArrayList<>();
    List<Mount> mounts = new ArrayList<>();
    @Nullable Route route;
    boolean pass407;
    @Nullable CacheMode cacheMode;
    Duration staleIfError = Duration.ZERO;
    Duration expire = DEFAULT_EXPIRE;
    double heuristicFraction = DEFAULT_HEURISTIC_FRACTION;

    private Builder() {}

    /** A builder holding the settings, for parameters to replace some of them. */
    Builder(HttpSettings s) {
      denyMethods = s.denyMethods;
      permitMethods = s.permitMethods;
      denyUrls = s.denyUrls;
      permitUrls = s.permitUrls;
      denyHosts = s.denyHosts;
      permitHosts = s.permitHosts;
      killQ = s.requestRules.kill();
      killR = s.responseRules.kill();
      addQ = new ArrayList<>(s.requestRules.add());
      addR = new ArrayList<>(s.responseRules.add());
      replaceQ = new ArrayList<>(s.requestRules.replace());
      replaceR = new ArrayList<>(s.responseRules.replace());
      mounts = new ArrayList<>(s.mounts);
      route = s.route;
      pass407 = s.pass407;
      cacheMode = s.cacheMode;
      staleIfError = s.staleIfError;
      expire = s.expire;
      heuristicFraction = s.heuristicFraction;
    }

    private void once(String param) {
      if (!set.add(param)) {
        throw new IllegalStateException(param + " is already set");
      }
    }

    /**
     * Refuses requests with these methods ({@code deny-method}); compared case-sensitively.
     *
     * @param methods method tokens, such as {@code TRACE}
     * @return this builder
     */
    public Builder denyMethods(String... methods) {
      once(DENY_METHOD);
      denyMethods = SettingsParser.methods(DENY_METHOD, List.of(methods));
      return this;
    }

    /**
     * Refuses requests with any other method ({@code permit-method}).
     *
     * @param methods method tokens, such as {@code GET}
     * @return this builder
     */
    public Builder permitMethods(String... methods) {
      once(PERMIT_METHOD);
      permitMethods = SettingsParser.methods(PERMIT_METHOD, List.of(methods));
      return this;
    }

    /**
     * Refuses requests whose URL matches one of these patterns ({@code deny-url}).
     *
     * @param patterns URL patterns with {@code *}, such as {@code http://*:80/admin/*}
     * @return this builder
     */
    public Builder denyUrls(String... patterns) {
      once(DENY_URL);
      denyUrls = SettingsParser.globs(DENY_URL, List.of(patterns));
      return this;
    }

    /**
     * Refuses requests whose URL matches none of these patterns ({@code permit-url}).
     *
     * @param patterns URL patterns with {@code *}
     * @return this builder
     */
    public Builder permitUrls(String... patterns) {
      once(PERMIT_URL);
      permitUrls = SettingsParser.globs(PERMIT_URL, List.of(patterns));
      return this;
    }

    /**
     * Refuses requests to these hosts ({@code deny-host}).
     *
     * @param hostList a host list in the server's rule syntax, such as {@code
     *     *.example.com,!www.example.com}
     * @return this builder
     */
    public Builder denyHosts(String hostList) {
      once(DENY_HOST);
      denyHosts = SettingsParser.hostList(DENY_HOST, hostList);
      return this;
    }

    /**
     * Refuses requests to any other SOCKS destination ({@code permit-host}).
     *
     * @param hostList a host list in the server's rule syntax
     * @return this builder
     */
    public Builder permitHosts(String hostList) {
      once(PERMIT_HOST);
      permitHosts = SettingsParser.hostList(PERMIT_HOST, hostList);
      return this;
    }

    /**
     * Removes these fields from requests ({@code kill-qhead}).
     *
     * @param names field names
     * @return this builder
     */
    public Builder killRequestHeaders(String... names) {
      once(KILL_QHEAD);
      killQ = SettingsParser.names(KILL_QHEAD, List.of(names));
      return this;
    }

    /**
     * Removes these fields from responses ({@code kill-rhead}).
     *
     * @param names field names
     * @return this builder
     */
    public Builder killResponseHeaders(String... names) {
      once(KILL_RHEAD);
      killR = SettingsParser.names(KILL_RHEAD, List.of(names));
      return this;
    }

    /**
     * Adds a field to every request ({@code add-qhead}). Repeatable.
     *
     * @param name the field name
     * @param value the value, without CR, LF or NUL
     * @return this builder
     */
    public Builder addRequestHeader(String name, String value) {
      addQ.add(SettingsParser.field(ADD_QHEAD, name, value));
      return this;
    }

    /**
     * Adds a field to every response ({@code add-rhead}). Repeatable.
     *
     * @param name the field name
     * @param value the value, without CR, LF or NUL
     * @return this builder
     */
    public Builder addResponseHeader(String name, String value) {
      addR.add(SettingsParser.field(ADD_RHEAD, name, value));
      return this;
    }

    /**
     * Replaces every request field of this name, or adds it ({@code replace-qhead}).
     * Repeatable; several values for one name are all sent.
     *
     * @param name the field name
     * @param value the value, without CR, LF or NUL
     * @return this builder
     */
    public Builder replaceRequestHeader(String name, String value) {
      replaceQ.add(SettingsParser.field(REPLACE_QHEAD, name, value));
      return this;
    }

    /**
     * Replaces every response field of this name, or adds it ({@code replace-rhead}).
     * Repeatable.
     *
     * @param name the field name
     * @param value the value, without CR, LF or NUL
     * @return this builder
     */
    public Builder replaceResponseHeader(String name, String value) {
      replaceR.add(SettingsParser.field(REPLACE_RHEAD, name, value));
      return this;
    }

    /**
     * Sends requests under a path prefix to another origin ({@code mount}). Repeatable; the
     * first mount whose prefix matches is used.
     *
     * @param prefix the path the client asks for, ending in {@code *}, such as {@code /docs/*}
     * @param target the origin and path, ending in {@code *}, such as {@code
     *     http://docs.internal:8080/manual/*}
     * @return this builder
     */
    public Builder mount(String prefix, String target) {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(target, "target");
      mounts.add(SettingsParser.mount(MOUNT, prefix + "=" + target, prefix, target));
      return this;
    }

    /**
     * Sends every request to an upstream HTTP proxy without credentials ({@code
     * route=http://host:port}). May be called once, this or the overload.
     *
     * @param host the proxy's host name or IP address (IPv6 without brackets)
     * @param port the proxy's port, 1-65535
     * @return this builder
     */
    public Builder route(String host, int port) {
      once(ROUTE);
      route = Route.of(ROUTE, host, port, null, null);
      return this;
    }

    /**
     * Sends every request to an upstream HTTP proxy, with {@code Proxy-Authorization: Basic}
     * credentials ({@code route=http://user:password@host:port}); user and password are sent
     * in UTF-8. Neither is ever shown in messages, logs or {@link HttpSettings#toString()}.
     *
     * @param host the proxy's host name or IP address (IPv6 without brackets)
     * @param port the proxy's port, 1-65535
     * @param user the user name, without {@code :} or control characters
     * @param password the password, without control characters
     * @return this builder
     */
    public Builder route(String host, int port, String user, String password) {
      once(ROUTE);
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      route = Route.of(ROUTE, host, port, user, password);
      return this;
    }

    /**
     * Passes a {@code 407} (or a {@code Proxy-Authenticate} field) from the upstream proxy of a
     * route on to the client as it is ({@code pass-407=true}), instead of answering 502. Off by
     * default: the client would be asked for credentials meant for SocksTap's upstream.
     *
     * @param pass whether to pass it on
     * @return this builder
     */
    public Builder passProxyAuthentication(boolean pass) {
      once(PASS_407);
      pass407 = pass;
      return this;
    }

    /**
     * Sets what the HTTP cache does ({@code cache=on|off|readonly|offline}). By default the
     * cache is {@code on} when the server has one ({@link
     * org.sockstap.api.TappedConnection#cache()}) and off otherwise; any mode but {@code off}
     * does nothing without a server cache, except {@code offline}, which then answers 504.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder cacheMode(CacheMode mode) {
      Objects.requireNonNull(mode, "mode");
      once(CACHE);
      cacheMode = mode;
      return this;
    }

    /**
     * Lets the cache serve a stored response that went stale, no more than this long ago, when
     * the server cannot be reached or answers 500, 502, 503 or 504 ({@code
     * stale-if-error=<seconds>}, RFC 5861). A response's own {@code stale-if-error} directive
     * may allow longer; {@code must-revalidate}, {@code proxy-revalidate}, {@code s-maxage} or
     * {@code no-cache} in the stored response, and {@code no-cache} in the request, forbid it.
     * Default zero: errors are passed on.
     *
     * @param bound how long past its freshness lifetime a response may still be served; whole
     *     seconds, zero or more
     * @return this builder
     */
    public Builder staleIfError(Duration bound) {
      Objects.requireNonNull(bound, "bound");
      once(STALE_IF_ERROR);
      staleIfError = SettingsParser.seconds(STALE_IF_ERROR, bound);
      return this;
    }

    /**
     * Sets the default validity of a stored response ({@code expire=<seconds>}, DeleGate's
     * EXPIRE): the cap of a heuristic lifetime (RFC 9111 §4.2.2), and the lifetime of a {@code
     * public} response with no other freshness information. Explicit freshness ({@code
     * max-age}, {@code s-maxage}, {@code Expires}) is never capped. Zero disables heuristic
     * freshness: such responses are stored only to be revalidated. Default one day.
     *
     * @param validity whole seconds, zero or more
     * @return this builder
     */
    public Builder expire(Duration validity) {
      Objects.requireNonNull(validity, "validity");
      once(EXPIRE);
      expire = SettingsParser.seconds(EXPIRE, validity);
      return this;
    }

    /**
     * Sets the fraction of {@code Date - Last-Modified} taken as the heuristic lifetime of a
     * response without explicit freshness ({@code heuristic-fraction=<decimal>}, RFC 9111
     * §4.2.2), capped by {@link #expire(Duration)}. Default 0.1; zero disables the
     * Last-Modified heuristic.
     *
     * @param fraction 0 to 1
     * @return this builder
     */
    public Builder heuristicFraction(double fraction) {
      once(HEURISTIC_FRACTION);
      heuristicFraction = SettingsParser.fraction(HEURISTIC_FRACTION, fraction);
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return immutable settings
     */
    public HttpSettings build() {
      return new HttpSettings(this);
    }
  }
}
