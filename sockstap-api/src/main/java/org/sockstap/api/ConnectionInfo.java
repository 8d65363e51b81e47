package org.sockstap.api;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a relayed connection once its SOCKS request has been read.
 *
 * @param id the connection's id, unique within one server; every log line of the connection
 *     carries it and its thread is named after it
 * @param client the SOCKS client's address
 * @param user the user name the client authenticated with (SOCKS5) or sent as its user id
 *     (SOCKS4), or {@code null} when there is none
 * @param destination the destination the client asked for
 * @param socksVersion 4 or 5
 * @param opened when the connection was accepted
 */
public record ConnectionInfo(
    String id,
    InetSocketAddress client,
    @Nullable String user,
    Endpoint destination,
    int socksVersion,
    Instant opened) {

  /** Validates the fields. */
  public ConnectionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(opened, "opened");
    if (socksVersion != 4 && socksVersion != 5) {
      throw new IllegalArgumentException("socksVersion: " + socksVersion + " (expected: 4 or 5)");
    }
  }
}
