package org.sockstap.core.internal.route;

import org.jspecify.annotations.Nullable;
import org.sockstap.core.rules.HostRef;

/**
 * Decides whether a route applies to a connection.
 *
 * <p>Called by {@link Router#select} on the connection's thread, possibly from many threads at
 * once: implementations are immutable, fast and do not block (no name lookups).
 *
 * <pre>{@code
 * RouteMatcher webOnly = (protocol, destination) -> "http".equals(protocol);
 * }</pre>
 */
@FunctionalInterface
public interface RouteMatcher {

  /**
   * Returns whether the route applies.
   *
   * @param protocol the detected protocol in lower case, or null when not known (yet)
   * @param destination the destination the SOCKS client asked for
   * @return true when it applies
   */
  boolean matches(@Nullable String protocol, HostRef destination);
}
