package org.sockstap.core.rules;

import org.jspecify.annotations.Nullable;

/**
 * One element of a host list: {@code [!][user@]host[:ports]}, where host is {@code *}, a name
 * pattern, an address, CIDR block or address/mask, or an IPv6 one of those in {@code [...]} or
 * {@code {...}}.
 */
final class HostElement {

  private static final String EXPECTED =
      "a host name, address, CIDR or address/mask, optionally user@ before and :ports after";

  final boolean negated;

  /** {@code null}: any or no user; {@code "*"}: any authenticated user; else that user. */
  private final @Nullable String user;

  /** Exactly one of name and address, or neither for {@code *}. */
  private final @Nullable NamePattern name;

  private final @Nullable AddressPattern address;
  private final @Nullable PortSet ports;

  private HostElement(
      boolean negated,
      @Nullable String user,
      @Nullable NamePattern name,
      @Nullable AddressPattern address,
      @Nullable PortSet ports) {
    this.negated = negated;
    this.user = user;
    this.name = name;
    this.address = address;
    this.ports = ports;
  }

  /**
   * Parses one element.
   *
   * @param element the element, not empty
   */
  static HostElement parse(String element) {
    for (int i = 0; i < element.length(); i++) {
      if (Character.isWhitespace(element.charAt(i))) {
        throw RuleText.error("host list element", element, "no whitespace");
      }
    }
    boolean negated = element.startsWith("!");
    String rest = negated ? element.substring(1) : element;
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
      if (!validUser(user)) {
        throw RuleText.error(
            "host list element", element, "user@host with a user name or *, without {}[]!*");
      }
    }
    if (rest.isEmpty()) {
      throw RuleText.error("host list element", element, EXPECTED);
    }
    String host;
    String portText = null;
    char first = rest.charAt(0);
    if (first == '[' || first == '{') {
      // a grouped address: the only way an IPv6 address can carry ports
      int close = RuleText.close(rest, 0);
      if (close < 0) {
        throw RuleText.error("host list element", element, "balanced {} and []");
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      int colon = after.indexOf(':');
      if (colon >= 0) {
        portText = after.substring(colon + 1);
        after = after.substring(0, colon);
      }
      if (!after.isEmpty() && (!after.startsWith("/") || host.indexOf('/') >= 0)) {
        throw RuleText.error("host list element", element, EXPECTED);
      }
      host += after;
      PortSet ports = portText == null ? null : PortSet.parse(portText, element);
      return new HostElement(negated, user, null, AddressPattern.parse(host, element), ports);
    }
    int colon = rest.indexOf(':');
    if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
      // two colons outside a group can only be a bare IPv6 address, which then has no ports
      if (IpAddress.parse(slashless(rest)) == null) {
        throw RuleText.error(
            "host list element", element, "an IPv6 address or CIDR, or [address]:ports");
      }
      return new HostElement(negated, user, null, AddressPattern.parse(rest, element), null);
    }
    host = colon < 0 ? rest : rest.substring(0, colon);
    if (host.isEmpty()) {
      throw RuleText.error("host list element", element, EXPECTED);
    }
    PortSet ports = colon < 0 ? null : PortSet.parse(rest.substring(colon + 1), element);
    if (host.equals("*")) {
      return new HostElement(negated, user, null, null, ports);
    }
    if (host.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // most likely a port cut off by a rule's field separator
      throw RuleText.error(
          "host list element", element, "a host, not a number; in a rule, write {host:port}");
    }
    boolean dotsAndDigits = host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    if (host.indexOf('/') >= 0 || dotsAndDigits) {
      return new HostElement(negated, user, null, AddressPattern.parse(host, element), ports);
    }
    return new HostElement(negated, user, NamePattern.parse(host, element), null, ports);
  }

  private static boolean validUser(String user) {
    if (user.equals("*")) {
      return true;
    }
    for (int i = 0; i < user.length(); i++) {
      if ("{}[]!*".indexOf(user.charAt(i)) >= 0) {
        return false;
      }
    }
    return !user.isEmpty();
  }

  private static String slashless(String spec) {
    int slash = spec.indexOf('/');
    return slash < 0 ? spec : spec.substring(0, slash);
  }

  /** Whether this element names the host; the caller applies {@link #negated}. */
  boolean matches(HostTarget target) {
    if (ports != null && !ports.matches(target.port())) {
      return false;
    }
    if (user != null) {
      String actual = target.user();
      if (actual == null || !(user.equals("*") || user.equals(actual))) {
        return false;
      }
    }
    if (name != null) {
      String n = target.name();
      return n != null && name.matches(n);
    }
    if (address != null) {
      IpAddress a = target.address();
      return a != null && address.matches(a);
    }
    return true;
  }

  /** Whether this is {@code *} or {@code !*} with no user and no ports, naming every host. */
  boolean isEveryHost() {
    return user == null && name == null && address == null && ports == null;
  }

  /** Returns the canonical text: lower-case names, masks as prefix lengths, IPv6 in brackets. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (negated) {
      b.append('!');
    }
    if (user != null) {
      b.append(user).append('@');
    }
    b.append(name != null ? name.toString() : address != null ? address.toString() : "*");
    if (ports != null) {
      b.append(':').append(ports);
    }
    return b.toString();
  }
}
