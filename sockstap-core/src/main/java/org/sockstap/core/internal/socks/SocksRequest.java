package org.sockstap.core.internal.socks;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;

/**
 * A SOCKS request that passed negotiation.
 *
 * @param version 4 or 5
 * @param command what the client asked for
 * @param destination the destination as given
 * @param nameGiven whether the destination was a name (SOCKS5 ATYP 3, SOCKS4a) rather than an
 *     address
 * @param user the authenticated SOCKS5 user or the SOCKS4 user id, or null
 * @param pipelined bytes the client sent after the request without waiting for the reply
 */
public record SocksRequest(
    int version,
    SocksCommand command,
    Endpoint destination,
    boolean nameGiven,
    @Nullable String user,
    byte[] pipelined) {

  /** Validates the fields. */
  public SocksRequest {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(pipelined, "pipelined");
  }
}
