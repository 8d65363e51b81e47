package org.sockstap.examples.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the tunnels lead.
 *
 * @param host an address literal (IPv6 without brackets) or a name, as given
 * @param port 1 to 65535
 * @param literal the address when {@code host} is a literal, else null: a name is passed to the
 *     proxy unresolved
 * @param resolved the loopback address a direct run connects to
 */
record Target(String host, int port, @Nullable InetAddress literal, InetSocketAddress resolved) {
  Target {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(resolved, "resolved");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
    }
  }

  /** {@code host:port}, with an IPv6 literal in brackets: the HTTP {@code Host} field. */
  String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
