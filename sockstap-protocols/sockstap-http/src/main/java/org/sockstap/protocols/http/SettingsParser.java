package org.sockstap.protocols.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sockstap.protocols.http.wire.HeaderField;

/**
 * Reads the HTTP parameters into {@link HttpSettings.Builder} fields, and checks what the
 * builder's setters are given. Every problem is an {@link IllegalArgumentException} whose message
 * names the parameter, the offending element and what was expected.
 */
final class SettingsParser {
  private static final String METHODS = "method tokens separated by commas, such as TRACE,PUT";
  private static final String GLOBS = "URL patterns separated by commas, such as"
      + " http://*.example.com:*/admin/*";
  private static final String NAMES = "field names separated by commas, such as Cookie,Referer";
  private static final String FIELDS = "Name:value pairs separated by commas, such as"
      + " X-A:1,Via:SocksTap (values percent-decoded: %20 space, %2C comma)";
  private static final String MOUNTS = "mounts separated by commas: " + Mount.EXPECTED;

  private SettingsParser() {}

  /** Parses one parameter and replaces the builder's setting with it. */
  static void apply(HttpSettings.Builder b, String name, String value) {
    switch (name) {
      case HttpSettings.DENY_METHOD:
        b.denyMethods = methods(name, ParamText.list(name, value, METHODS));
        break;
      case HttpSettings.PERMIT_METHOD:
        b.permitMethods = methods(name, ParamText.list(name, value, METHODS));
        break;
      case HttpSettings.DENY_URL:
        b.denyUrls = globs(name, decodeAll(name, ParamText.list(name, value, GLOBS)));
        break;
      case HttpSettings.PERMIT_URL:
        b.permitUrls = globs(name, decodeAll(name, ParamText.list(name, value, GLOBS)));
        break;
      case HttpSettings.DENY_HOST:
        b.denyHosts = hostList(name, value);
        break;
      case HttpSettings.PERMIT_HOST:
        b.permitHosts = hostList(name, value);
        break;
      case HttpSettings.KILL_QHEAD:
        b.killQ = names(name, ParamText.list(name, value, NAMES));
        break;
      case HttpSettings.KILL_RHEAD:
        b.killR = names(name, ParamText.list(name, value, NAMES));
        break;
      case HttpSettings.ADD_QHEAD:
        b.addQ = fields(name, value);
        break;
      case HttpSettings.ADD_RHEAD:
        b.addR = fields(name, value);
        break;
      case HttpSettings.REPLACE_QHEAD:
        b.replaceQ = fields(name, value);
        break;
      case HttpSettings.REPLACE_RHEAD:
        b.replaceR = fields(name, value);
        break;
      case HttpSettings.MOUNT:
        b.mounts = mounts(name, value);
        break;
      case HttpSettings.ROUTE:
        b.route = Route.parse(name, value);
        break;
      case HttpSettings.PASS_407:
        if (!value.equals("true") && !value.equals("false")) {
          throw ParamText.error(name, value, "true or false");
        }
        b.pass407 = value.equals("true");
        break;
      case HttpSettings.CACHE:
        b.cacheMode = cacheMode(name, value);
        break;
      case HttpSettings.STALE_IF_ERROR:
        b.staleIfError = seconds(name, value);
        break;
      case HttpSettings.EXPIRE:
        b.expire = seconds(name, value);
        break;
      case HttpSettings.HEURISTIC_FRACTION:
        b.heuristicFraction = fraction(name, value);
        break;
      default:
        throw new IllegalArgumentException("not an HTTP parameter: " + name);
    }
  }

  static HttpSettings.CacheMode cacheMode(String param, String value) {
    for (HttpSettings.CacheMode mode : HttpSettings.CacheMode.values()) {
      if (mode.word().equals(value)) {
        return mode;
      }
    }
    throw ParamText.error(param, value, "on, off, readonly or offline");
  }

  private static final String SECONDS = "whole seconds, 0 to 2147483648, such as 3600";

  /** Whole seconds, for {@code stale-if-error} and {@code expire}. */
  static Duration seconds(String param, String value) {
    if (value.isEmpty() || value.length() > 10
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ParamText.error(param, value, SECONDS);
    }
    return seconds(param, Duration.ofSeconds(Long.parseLong(value)));
  }

  static Duration seconds(String param, Duration bound) {
    if (bound.isNegative() || bound.getNano() != 0 || bound.getSeconds() > 2147483648L) {
      throw ParamText.error(param, bound.toString(), SECONDS);
    }
    return bound;
  }

  private static final String FRACTION = "a decimal from 0 to 1, such as 0.1";

  /** A decimal fraction, 0 to 1, written with digits and at most one point: {@code 0.25}. */
  static double fraction(String param, String value) {
    if (value.isEmpty() || value.length() > 12 || !value.matches("[0-9]+(\\.[0-9]+)?")) {
      throw ParamText.error(param, value, FRACTION);
    }
    double fraction = Double.parseDouble(value);
    if (fraction > 1) {
      throw ParamText.error(param, value, FRACTION);
    }
    return fraction;
  }

  static double fraction(String param, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw ParamText.error(param, Double.toString(fraction), FRACTION);
    }
    return fraction;
  }

  static List<String> methods(String param, List<String> methods) {
    if (methods.isEmpty()) {
      throw ParamText.error(param, "", METHODS);
    }
    for (String method : methods) {
      Objects.requireNonNull(method, param);
      if (!ParamText.isToken(method)) {
        throw ParamText.error(param, method, "a method token (RFC 9110), such as TRACE");
      }
    }
    return List.copyOf(methods);
  }

  static List<UrlGlob> globs(String param, List<String> patterns) {
    if (patterns.isEmpty()) {
      throw ParamText.error(param, "", GLOBS);
    }
    List<UrlGlob> globs = new ArrayList<>();
    for (String pattern : patterns) {
      Objects.requireNonNull(pattern, param);
      try {
        globs.add(new UrlGlob(pattern));
      } catch (IllegalArgumentException e) {
        throw ParamText.error(param, pattern, e.getMessage());
      }
    }
    return List.copyOf(globs);
  }

  static String hostList(String param, String hostList) {
    Objects.requireNonNull(hostList, param);
    if (hostList.isBlank()) {
      // an empty host list names every host: far more likely a slip than "all of them"
      throw ParamText.error(param, hostList, "a host list; write * for every host");
    }
    return hostList;
  }

  static List<String> names(String param, List<String> names) {
    if (names.isEmpty()) {
      throw ParamText.error(param, "", NAMES);
    }
    for (String name : names) {
      checkName(param, Objects.requireNonNull(name, param));
    }
    return List.copyOf(names);
  }

  private static void checkName(String param, String name) {
    if (!ParamText.isToken(name)) {
      throw ParamText.error(param, name, "a field name (a token)");
    }
    String reason = HeaderRules.protectedReason(name);
    if (reason != null) {
      throw ParamText.error(param, name, reason);
    }
  }

  /** One field for a builder: the value taken as it is. */
  static HeaderField field(String param, String name, String value) {
    Objects.requireNonNull(name, param);
    Objects.requireNonNull(value, param);
    checkName(param, name);
    try {
      return new HeaderField(name, value);
    } catch (IllegalArgumentException e) {
      // the value is not shown: it may be a credential (add-qhead=Authorization:...)
      throw ParamText.error(param, name + ":...",
          "a value without CR, LF, NUL or characters above U+00FF");
    }
  }

  private static List<HeaderField> fields(String param, String value) {
    List<HeaderField> fields = new ArrayList<>();
    for (String item : ParamText.list(param, value, FIELDS)) {
      int colon = item.indexOf(':');
      if (colon <= 0) {
        throw ParamText.error(param, item, FIELDS);
      }
      String name = item.substring(0, colon);
      String decoded;
      try {
        decoded = ParamText.decode(param, item.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw ParamText.error(param, name + ":...", "a value in printable ASCII, with %XX"
            + " (two hex digits) for anything else, such as %20 for a space");
      }
      fields.add(field(param, name, decoded));
    }
    return fields;
  }

  private static List<Mount> mounts(String param, String value) {
    List<Mount> mounts = new ArrayList<>();
    for (String item : ParamText.list(param, value, MOUNTS)) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        throw ParamText.error(param, item, Mount.EXPECTED);
      }
      mounts.add(mount(param, item, ParamText.decode(param, item.substring(0, eq)),
          ParamText.decode(param, item.substring(eq + 1))));
    }
    return mounts;
  }

  static Mount mount(String param, String item, String from, String to) {
    try {
      return Mount.of(from, to);
    } catch (IllegalArgumentException e) {
      throw ParamText.error(param, item, e.getMessage() + "; " + Mount.EXPECTED);
    }
  }

  private static List<String> decodeAll(String param, List<String> items) {
    List<String> decoded = new ArrayList<>();
    for (String item : items) {
      decoded.add(ParamText.decode(param, item));
    }
    return decoded;
  }
}
