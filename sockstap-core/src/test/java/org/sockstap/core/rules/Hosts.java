package org.sockstap.core.rules;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** Builds {@link HostRef}s for tests from a compact spec. */
final class Hosts {

  private Hosts() {}

  /**
   * Reads {@code [user@][name][/address][:port]}: {@code www.example.com:80},
   * {@code /10.0.0.1}, {@code alice@intranet/10.1.1.1:22}, {@code /[::1]:443}. An address written
   * {@code [::ffff:a.b.c.d]} becomes an IPv4-mapped {@link Inet6Address}, which the JDK only makes
   * when asked for one.
   */
  static HostRef host(String spec) {
    String rest = spec;
    String user = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    int port = -1;
    int colon = rest.lastIndexOf(':');
    int bracket = rest.lastIndexOf(']');
    if (colon >= 0 && colon > bracket) {
      port = Integer.parseInt(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    InetAddress address = slash < 0 ? null : literal(rest.substring(slash + 1));
    return new HostRef(name.isEmpty() ? null : name, address, port, user);
  }

  /** Makes an address from a literal; the JDK never looks a literal up. */
  static InetAddress literal(String text) {
    try {
      if (text.startsWith("[::ffff:")) {
        byte[] v4 = InetAddress.getByName(text.substring(8, text.length() - 1)).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return Inet6Address.getByAddress(null, v6, -1);
      }
      String bare = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
      return InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Returns a host with only a name. */
  static HostRef named(@Nullable String name) {
    return new HostRef(name, null, -1, null);
  }
}
