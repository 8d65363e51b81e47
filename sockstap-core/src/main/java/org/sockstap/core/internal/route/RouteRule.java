package org.sockstap.core.internal.route;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.rules.HostList;
import org.sockstap.core.rules.HostRef;
import org.sockstap.core.rules.ProtoList;

/**
 * A route rule, {@code ProtoList[:dstHostList]=URI}: connections whose protocol and destination
 * match go through the upstream the URI names (see {@link Connectors}).
 *
 * <p>The text is split at its first {@code =}, so the URI may hold {@code =} in its password. The
 * left side is split at its first {@code :}: protocol names hold no colon, so the host list after
 * it may (IPv6 addresses); it may be wrapped in braces, {@code http:{::1,*.example.com}=...}, as
 * DeleGate writes lists that hold {@code :} or {@code ,}. A missing or empty host list means every
 * host.
 *
 * <pre>{@code
 * RouteRule.parse("http,https:*.example.com=socks5://proxy.example:1080")
 * RouteRule.parse("*:{10.0.0.0/8,::1}=http://user:pw@proxy.example:3128")
 * }</pre>
 *
 * @param protocols the protocols it applies to
 * @param destinations the destinations it applies to
 * @param connector where matching connections go
 */
public record RouteRule(ProtoList protocols, HostList destinations, Connector connector)
    implements RouteMatcher {
  private static final String EXPECTED = "(expected: ProtoList[:dstHostList]=URI)";

  /** Checks the parts. */
  public RouteRule {
    Objects.requireNonNull(protocols, "protocols");
    Objects.requireNonNull(destinations, "destinations");
    Objects.requireNonNull(connector, "connector");
  }

  /**
   * Parses a rule.
   *
   * @param text for example {@code http:*.example.com=socks5://proxy.example:1080}
   * @return the rule
   * @throws IllegalArgumentException when a part does not parse; the message never shows the
   *     URI's credentials
   */
  public static RouteRule parse(String text) {
    Fields fields = split(text);
    ProtoList protocols = ProtoList.parse(fields.protocols());
    HostList destinations =
        fields.destinations().isEmpty() ? HostList.any() : HostList.parse(fields.destinations());
    return new RouteRule(protocols, destinations, Connectors.fromUri(fields.uri()));
  }

  /**
   * The three texts of a rule, before each is parsed.
   *
   * @param protocols the protocol list
   * @param destinations the host list without braces, empty when missing
   * @param uri the upstream URI
   */
  record Fields(String protocols, String destinations, String uri) {}

  /**
   * Splits a rule into its texts.
   *
   * @param text the rule
   * @return the fields
   * @throws IllegalArgumentException when the shape is wrong
   */
  static Fields split(String text) {
    Objects.requireNonNull(text, "text");
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("route: " + Connectors.redact(text) + " " + EXPECTED);
    }
    String left = text.substring(0, equals);
    String uri = text.substring(equals + 1);
    String shown = Escape.printable(left) + "=" + Connectors.redact(uri);
    if (uri.isEmpty()) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: an upstream URI after '=')");
    }
    int colon = left.indexOf(':');
    String protocols = colon < 0 ? left : left.substring(0, colon);
    String destinations = colon < 0 ? "" : left.substring(colon + 1);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: a protocol list before ':', such as * or http,https)");
    }
    if (destinations.startsWith("{")) {
      if (!destinations.endsWith("}") || destinations.length() < 2) {
        throw new IllegalArgumentException(
            "route: " + shown + " (expected: a host list in {} to end with })");
      }
      destinations = destinations.substring(1, destinations.length() - 1);
    }
    if (destinations.indexOf('{') >= 0 || destinations.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "route: " + shown + " (expected: braces only around the whole host list)");
    }
    return new Fields(protocols, destinations, uri);
  }

  @Override
  public boolean matches(@Nullable String protocol, HostRef destination) {
    return protocols.matches(protocol) && destinations.matches(destination);
  }

  @Override
  public String toString() {
    return "RouteRule[" + protocols + ":" + destinations + "=" + connector.describe() + "]";
  }
}
