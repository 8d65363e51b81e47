package org.sockstap.core.rules;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which connections a rule is about: {@code ProtoList:dstHostList:srcHostList}, DeleGate's
 * connMap, such as {@code http,https:{*.example.com,10.0.0.0/8}:127.0.0.1}.
 *
 * <p>Fields are separated by {@code :}; a field that itself holds a {@code :} (a port, an IPv6
 * address) goes in braces, which are removed: {@code *:{[::1]:{80,443}}:*}. An empty or missing
 * field means {@code *}.
 *
 * @param protocols the application protocols
 * @param destinations the hosts the client asks to reach
 * @param sources the clients
 */
public record ConnMap(ProtoList protocols, HostList destinations, HostList sources) {

  /** The fields a connMap has. */
  private static final String EXPECTED = "ProtoList:dstHostList:srcHostList, {} around a ':'";

  /** Every connection. */
  private static final ConnMap ANY = new ConnMap(ProtoList.any(), HostList.any(), HostList.any());

  /**
   * Checks the parts.
   *
   * @param protocols the application protocols
   * @param destinations the hosts the client asks to reach
   * @param sources the clients
   * @throws NullPointerException when a part is null
   */
  public ConnMap {
    Objects.requireNonNull(protocols, "protocols");
    Objects.requireNonNull(destinations, "destinations");
    Objects.requireNonNull(sources, "sources");
  }

  /**
   * Parses {@code ProtoList:dstHostList:srcHostList}.
   *
   * @param text the connMap; empty or missing fields mean {@code *}
   * @return the map
   * @throws IllegalArgumentException naming the offending part when the text is not a connMap,
   *     including when it has more than three fields
   */
  public static ConnMap parse(String text) {
    Objects.requireNonNull(text, "text");
    RuleText.rejectControl("conn map", text);
    List<String> fields = RuleText.splitFields(text, 4, "conn map");
    if (fields.size() == 4) {
      throw RuleText.error("conn map", text, EXPECTED);
    }
    return of(fields);
  }

  /** Builds a connMap from its first three fields, any of which may be missing. */
  static ConnMap of(List<String> fields) {
    ProtoList protocols = ProtoList.parse(RuleText.unwrap(fields.get(0)));
    HostList destinations =
        fields.size() > 1 ? HostList.parse(RuleText.unwrap(fields.get(1))) : HostList.any();
    HostList sources =
        fields.size() > 2 ? HostList.parse(RuleText.unwrap(fields.get(2))) : HostList.any();
    return new ConnMap(protocols, destinations, sources);
  }

  /**
   * Returns the map that takes every connection.
   *
   * @return {@code *:*:*}
   */
  public static ConnMap any() {
    return ANY;
  }

  /**
   * Returns whether the protocol, destination and client all match.
   *
   * @param protocol the protocol, or null when not known yet (see {@link ProtoList#matches})
   * @param destination the destination
   * @param source the client
   * @return true when all match
   */
  public boolean matches(@Nullable String protocol, HostRef destination, HostRef source) {
    return protocols.matches(protocol)
        && destinations.matches(destination)
        && sources.matches(source);
  }

  /**
   * Returns the canonical text, which {@link #parse} reads back to an equal map: the three fields
   * in canonical form, host lists in braces when they hold {@code :} or {@code ,}.
   *
   * @return the text, such as {@code http:{*.example.com,10.0.0.0/8}:*}
   */
  @Override
  public String toString() {
    return protocols + ":" + RuleText.field(destinations) + ":" + RuleText.field(sources);
  }
}
