package org.sockstap.api;

/**
 * A host list in SocksTap's rule syntax (names with {@code *} wildcards, addresses, CIDR blocks,
 * ports, {@code !} exclusions), compiled by the server for a handler that applies its own policy
 * to hosts it sees in the protocol: a TLS server name, an HTTP URL's host, a mail domain.
 * Obtained from {@link TappedConnection#hostPattern(String)}; immutable, thread-safe and
 * independent of the connection it came from, so a handler may keep one per distinct list.
 * Elements that name a SOCKS user ({@code alice@*.example.com}) never match here: the user is a
 * property of a connection, which access rules check.
 */
@FunctionalInterface
public interface HostPattern {

  /**
   * Returns whether a host is in the list. Nothing is resolved: a name is matched against name
   * patterns, an address literal against address patterns.
   *
   * @param host a host name or an IPv4/IPv6 literal (without brackets)
   * @param port the port, or -1 when none applies
   * @return true when the list includes the host
   */
  boolean matches(String host, int port);
}
