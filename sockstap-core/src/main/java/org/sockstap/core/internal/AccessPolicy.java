package org.sockstap.core.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.rules.ConnMap;
import org.sockstap.core.rules.HostRef;

/**
 * Permit and reject rules, first match wins, checked twice: when the SOCKS request arrives (the
 * protocol is not known yet, so only rules whose ProtoList includes {@code *} can decide) and
 * again once the protocol is known.
 *
 * <p>With no matching rule, a connection is permitted when there are no permit rules at all and
 * rejected otherwise ("only what is permitted"); at request time a connection that only a
 * protocol-specific permit rule could still match is let through to detection. Independently of
 * the rules, a server reachable from other hosts refuses destinations inside the machine or its
 * networks (loopback, private, link-local, CGNAT, multicast, broadcast, unspecified) and port 25,
 * so it cannot be turned against internal services or used to send spam.
 */
public final class AccessPolicy {

  /**
   * One rule.
   *
   * @param permit true for permit, false for reject
   * @param map what it applies to
   * @param text the rule as written, for messages
   */
  public record Rule(boolean permit, ConnMap map, String text) {
    /** Validates the fields. */
    public Rule {
      Objects.requireNonNull(map, "map");
      Objects.requireNonNull(text, "text");
    }
  }

  private final List<Rule> rules;
  private final boolean blockInternalDestinations;
  private final boolean hasPermitRules;

  /**
   * Creates the policy.
   *
   * @param rules the rules in order
   * @param blockInternalDestinations whether internal destinations and port 25 are refused
   */
  public AccessPolicy(List<Rule> rules, boolean blockInternalDestinations) {
    this.rules = List.copyOf(rules);
    this.blockInternalDestinations = blockInternalDestinations;
    this.hasPermitRules = rules.stream().anyMatch(Rule::permit);
  }

  /**
   * Checks a connection.
   *
   * @param protocol the protocol, or null when not known (yet, or ever: opaque relay)
   * @param protocolKnown whether detection is over; when false, a protocol-specific permit rule
   *     may still let the connection through later
   * @param destination the destination
   * @param source the client
   * @return null when permitted, else the reason for the rejection
   */
  public @Nullable String rejection(
      @Nullable String protocol, boolean protocolKnown, HostRef destination, HostRef source) {
    if (blockInternalDestinations) {
      InetAddress address = destination.address();
      if (address != null && isInternal(address)) {
        return "internal destination " + address.getHostAddress()
            + " (the listener is reachable from other hosts)";
      }
      if (destination.port() == 25) {
        return "port 25 (the listener is reachable from other hosts)";
      }
    }
    boolean undecidedProtocolRule = false;
    for (Rule rule : rules) {
      if (rule.map().matches(protocol, destination, source)) {
        return rule.permit() ? null : "rejected by rule " + rule.text();
      }
      if (!protocolKnown && rule.permit()
          && rule.map().destinations().matches(destination)
          && rule.map().sources().matches(source)) {
        undecidedProtocolRule = true;
      }
    }
    if (!hasPermitRules || undecidedProtocolRule) {
      return null;
    }
    return "not permitted by any rule";
  }

  /**
   * Returns whether an address belongs to this machine or a non-public network.
   *
   * @param address the address
   * @return true for loopback, unspecified, private, link-local, CGNAT, ULA, multicast,
   *     broadcast and the IPv4-mapped forms of these
   */
  public static boolean isInternal(InetAddress address) {
    InetAddress a = unmapped(address);
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] raw = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = raw[0] & 0xff;
      int second = raw[1] & 0xff;
      return first == 0 // "this network"
          || first == 127
          || (first == 100 && second >= 64 && second < 128) // CGNAT, 100.64/10
          || (first == 192 && second == 0 && (raw[2] & 0xff) == 0) // IETF protocol assignments
          || first >= 240; // reserved and broadcast
    }
    int top = raw[0] & 0xff;
    return (top & 0xfe) == 0xfc; // unique local, fc00::/7
  }

  private static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] raw = address.getAddress();
      boolean mapped = raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = raw[i] == 0;
      }
      if (mapped) {
        try {
          return InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16));
        } catch (java.net.UnknownHostException e) {
          throw new AssertionError(e);
        }
      }
    }
    return address;
  }
}
