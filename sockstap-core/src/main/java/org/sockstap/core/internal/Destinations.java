package org.sockstap.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.route.Connector;
import org.sockstap.core.rules.HostRef;

/**
 * Turns a destination into what the rules check. A name is resolved here only when the route is
 * direct (an upstream proxy resolves it itself, maybe to addresses this machine cannot see), so
 * the access rules judge the address that will really be dialed; literals are parsed, never
 * looked up.
 */
final class Destinations {
  private Destinations() {}

  static HostRef resolve(Connector route, Endpoint endpoint, @Nullable String name,
      @Nullable String user) throws UnknownHostException {
    InetAddress address = IpLiterals.parse(endpoint.host());
    if (address == null && "direct".equals(route.describe())) {
      address = InetAddress.getByName(endpoint.host());
    }
    return ref(endpoint, name, address, user);
  }

  static HostRef ref(Endpoint endpoint, @Nullable String name, @Nullable InetAddress address,
      @Nullable String user) {
    return new HostRef(name, address, endpoint.port(), user);
  }
}
