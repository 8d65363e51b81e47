package org.sockstap.core.rules;

import java.net.InetAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One host being matched against a list: the views of a {@link HostRef} that the elements
 * compare, each worked out at most once per match and only when an element asks for it.
 */
final class HostTarget {

  private final HostRef host;
  private @Nullable String name;
  private boolean nameDone;
  private @Nullable IpAddress address;
  private boolean addressDone;

  HostTarget(HostRef host) {
    this.host = host;
  }

  /**
   * Returns the name that name patterns compare: the host name in lower case without a trailing
   * dot, or, when the host came as an address only, that address's literal. An address-only
   * host thus matches patterns such as {@code 192.168.*}, as in DeleGate; a host that has a name
   * is never matched by name patterns against its resolved address, which the client did not
   * choose.
   *
   * @return the name, or {@code null} when the host has neither name nor address
   */
  @Nullable String name() {
    if (!nameDone) {
      String n = host.name();
      if (n != null) {
        n = n.toLowerCase(Locale.ROOT);
        name = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
      } else {
        IpAddress a = address();
        name = a == null ? null : a.toString();
      }
      nameDone = true;
    }
    return name;
  }

  /**
   * Returns the address that address patterns compare: the host's address, or, when it has none
   * yet, its name if that is an IP literal (read without any lookup, so an unresolved name never
   * matches an address pattern).
   *
   * @return the address, or {@code null}
   */
  @Nullable IpAddress address() {
    if (!addressDone) {
      InetAddress given = host.address();
      String n = host.name();
      if (given != null) {
        address = IpAddress.of(given);
      } else if (n != null) {
        if (n.length() > 2 && n.charAt(0) == '[' && n.charAt(n.length() - 1) == ']') {
          n = n.substring(1, n.length() - 1);
        }
        address = IpAddress.parse(n);
      }
      addressDone = true;
    }
    return address;
  }

  /** Returns the port, or -1 when none applies. */
  int port() {
    return host.port();
  }

  /** Returns the authenticated user, {@code null} when none (an empty name counts as none). */
  @Nullable String user() {
    String u = host.user();
    return u == null || u.isEmpty() ? null : u;
  }
}
