package org.sockstap.core.rules;

import org.jspecify.annotations.Nullable;

/**
 * STUB.
 *
 * @param protocols protocols
 * @param destinations destination hosts
 * @param sources client hosts
 */
public record ConnMap(ProtoList protocols, HostList destinations, HostList sources) {

  /**
   * Parses {@code ProtoList:dstHostList:srcHostList}.
   *
   * @param text the text
   * @return the map
   */
  public static ConnMap parse(String text) {
    throw new UnsupportedOperationException();
  }

  /**
   * Whether all three match.
   *
   * @param protocol the protocol, or null when not known yet
   * @param destination the destination
   * @param source the client
   * @return true when all match
   */
  public boolean matches(@Nullable String protocol, HostRef destination, HostRef source) {
    throw new UnsupportedOperationException();
  }
}
