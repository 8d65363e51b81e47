package org.sockstap.core.rules;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * A host as rules see it: the name the client used (if any), the address (if known), the port and
 * the authenticated user.
 *
 * @param name the host name as given, or {@code null} when the host was given as an address
 * @param address the literal or resolved address, or {@code null} when not resolved
 * @param port the port, or -1 when a port does not apply (a client's source port is ignored)
 * @param user the SOCKS user, or {@code null}
 */
public record HostRef(
    @Nullable String name, @Nullable InetAddress address, int port, @Nullable String user) {}
