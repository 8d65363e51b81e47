package org.sockstap.protocols.tls;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.HostPattern;
import org.sockstap.api.TappedConnection;

/**
 * The SNI policy of {@link TlsHandler}, from the connection's parameters. Shared by every
 * connection, so it keeps nothing but compiled host lists.
 */
final class SniPolicy {
  static final String REJECT_SNI = "reject-sni";
  static final String PERMIT_SNI = "permit-sni";
  static final String REQUIRE_SNI = "require-sni";
  static final String MALFORMED_SNI = "malformed-sni";
  static final String MALFORMED_HELLO = "malformed-hello";

  /** Host lists come from the configuration, so a few suffice; beyond that, compile each time. */
  private static final int MAX_CACHED = 64;

  private final Map<String, HostPattern> patterns = new ConcurrentHashMap<>();

  /**
   * Decides whether a ClientHello may pass.
   *
   * @param connection the connection, for its parameters and destination
   * @param hello the ClientHello, or null when it could not be read completely
   * @return null to let it pass, else the reason: the parameter that rejects it, {@link
   *     #MALFORMED_SNI} or {@link #MALFORMED_HELLO}
   * @throws IllegalArgumentException when a parameter is malformed
   */
  @Nullable String rejection(TappedConnection connection, @Nullable ClientHello hello) {
    Map<String, String> params = connection.params();
    String reject = hostList(params, REJECT_SNI);
    String permit = hostList(params, PERMIT_SNI);
    boolean require = flag(params, REQUIRE_SNI);
    if (reject == null && permit == null && !require) {
      return null;
    }
    // with a policy in force, what cannot be read cannot be shown to pass it
    if (hello == null) {
      return MALFORMED_HELLO;
    }
    if (hello.malformedSni()) {
      return MALFORMED_SNI;
    }
    String name = hello.serverName();
    if (name == null) {
      return require ? REQUIRE_SNI : permit != null ? PERMIT_SNI : null;
    }
    String host = LogFields.normalizeHost(name);
    int port = connection.info().destination().port();
    if (reject != null && pattern(connection, reject).matches(host, port)) {
      return REJECT_SNI;
    }
    if (permit != null && !pattern(connection, permit).matches(host, port)) {
      return PERMIT_SNI;
    }
    return null;
  }

  private HostPattern pattern(TappedConnection connection, String list) {
    HostPattern cached = patterns.get(list);
    if (cached != null) {
      return cached;
    }
    HostPattern compiled = connection.hostPattern(list);
    if (patterns.size() < MAX_CACHED) {
      patterns.putIfAbsent(list, compiled);
    }
    return compiled;
  }

  private static @Nullable String hostList(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value != null && value.isBlank()) {
      // an empty host list names every host: far more likely a slip than "all of them"
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" (expected: a host list; write * for every host)");
    }
    return value;
  }

  private static boolean flag(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      return false;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "":
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(name + ": " + value + " (expected: true or false)");
    }
  }

  /** For tests: how many compiled lists are kept. */
  int cached() {
    return patterns.size();
  }
}
