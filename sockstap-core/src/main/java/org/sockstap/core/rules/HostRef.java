package org.sockstap.core.rules;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * A host as rules see it: the name the client used (if any), the address (if known), the port and
 * the authenticated user.
 *
 * <p>How a {@link HostList} compares each part is described there; in short, name patterns see
 * the name (or, for a host given only as an address, the address's literal), address patterns see
 * the address (or a name that is an IP literal), and nothing is ever resolved.
 *
 * @param name the host name as given, or {@code null} when the host was given as an address
 * @param address the literal or resolved address, or {@code null} when not resolved
 * @param port the port, or -1 when a port does not apply (a client's source port is ignored)
 * @param user the SOCKS user, or {@code null} (an empty user counts as none)
 */
public record HostRef(
    @Nullable String name, @Nullable InetAddress address, int port, @Nullable String user) {

  /**
   * Checks the port.
   *
   * @param name the host name as given, or {@code null}
   * @param address the literal or resolved address, or {@code null}
   * @param port the port, or -1
   * @param user the SOCKS user, or {@code null}
   * @throws IllegalArgumentException when the port is neither -1 nor 0-65535
   */
  public HostRef {
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: -1 or 0-65535)");
    }
  }
}
