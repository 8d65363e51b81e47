package org.sockstap.core.internal.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.rules.HostRef;

/**
 * Chooses the connector for a connection: the first entry, in order, whose matcher accepts the
 * protocol and destination, else the fallback ({@link DirectConnector} unless given).
 *
 * <p>Immutable; {@link #select} may be called from any number of connection threads at once and
 * never blocks.
 */
public final class Router {

  /**
   * One route.
   *
   * @param matcher when it applies
   * @param connector where it goes
   */
  public record Entry(RouteMatcher matcher, Connector connector) {
    /** Checks both parts. */
    public Entry {
      Objects.requireNonNull(matcher, "matcher");
      Objects.requireNonNull(connector, "connector");
    }
  }

  private static final Router DIRECT = new Router(List.of(), DirectConnector.instance());

  private final List<Entry> entries;
  private final Connector fallback;

  /**
   * Creates a router.
   *
   * @param entries the routes, tried in order; copied
   * @param fallback the connector when none applies
   */
  public Router(List<Entry> entries, Connector fallback) {
    this.entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  /**
   * Returns the router that connects everything directly.
   *
   * @return a router without entries
   */
  public static Router direct() {
    return DIRECT;
  }

  /**
   * Creates a router from parsed rules, falling back to direct connections.
   *
   * @param rules the rules, tried in order
   * @return the router
   */
  public static Router of(List<RouteRule> rules) {
    Objects.requireNonNull(rules, "rules");
    List<Entry> entries = new ArrayList<>(rules.size());
    for (RouteRule rule : rules) {
      entries.add(new Entry(Objects.requireNonNull(rule, "rule"), rule.connector()));
    }
    return new Router(entries, DirectConnector.instance());
  }

  /**
   * Returns the connector for a connection.
   *
   * @param protocol the detected protocol in lower case, or null when not known (yet)
   * @param destination the destination the SOCKS client asked for
   * @return the first matching entry's connector, else the fallback
   */
  public Connector select(@Nullable String protocol, HostRef destination) {
    Objects.requireNonNull(destination, "destination");
    for (Entry entry : entries) {
      if (entry.matcher().matches(protocol, destination)) {
        return entry.connector();
      }
    }
    return fallback;
  }

  /**
   * Returns the entries in order.
   *
   * @return an unmodifiable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Returns the connector used when no entry applies.
   *
   * @return the fallback
   */
  public Connector fallback() {
    return fallback;
  }

  @Override
  public String toString() {
    return "Router" + entries + " else " + fallback.describe();
  }
}
