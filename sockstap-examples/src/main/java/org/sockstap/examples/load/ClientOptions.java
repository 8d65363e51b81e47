package org.sockstap.examples.load;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a client run does; {@link OptionsParser} checks the ranges and fills in the defaults
 * listed in {@link Option}.
 *
 * @param mode rate, stream, http or idle
 * @param proxy the proxy's loopback address, or null to connect directly
 * @param httpProxy whether the proxy is an HTTP proxy (http mode only)
 * @param socks4 SOCKS4/4a instead of SOCKS5
 * @param serverClose rate: expect the target to close first
 * @param credentials RFC 1929 credentials, or null
 * @param target where the tunnels lead
 * @param threads client threads (rate, http, idle)
 * @param conns tunnels (stream, idle)
 * @param durationSeconds the run time, or its cap
 * @param count the maximum number of operations, 0 for no limit
 * @param size the echo payload in bytes, 1 to 4096
 * @param bytes stream: bytes in total
 * @param direction stream: which way
 * @param path http: the request path
 * @param keepAlive http: requests per connection
 * @param holdSeconds idle: how long to hold the tunnels
 * @param pid the process whose CPU and memory to report, 0 for none
 * @param timeoutMillis each connect and read
 */
record ClientOptions(
    Mode mode,
    @Nullable InetSocketAddress proxy,
    boolean httpProxy,
    boolean socks4,
    boolean serverClose,
    @Nullable Credentials credentials,
    Target target,
    int threads,
    int conns,
    int durationSeconds,
    long count,
    int size,
    long bytes,
    Direction direction,
    String path,
    int keepAlive,
    int holdSeconds,
    long pid,
    int timeoutMillis) {
  ClientOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(path, "path");
    if (mode == Mode.SERVE) {
      throw new IllegalArgumentException("mode: serve (expected: a client mode)");
    }
  }

  /** Whether the tunnels go through a SOCKS proxy (not direct, not an HTTP proxy). */
  boolean socks() {
    return proxy != null && !httpProxy;
  }
}
