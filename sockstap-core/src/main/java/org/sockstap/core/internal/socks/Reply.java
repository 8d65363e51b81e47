package org.sockstap.core.internal.socks;

import org.sockstap.core.internal.route.UpstreamFailure;

/**
 * The SOCKS reply codes a client can act on, with their SOCKS5 value and the SOCKS4 value they
 * collapse to (SOCKS4 has only "granted" and "rejected or failed").
 */
public enum Reply {
  /** Granted. */
  SUCCEEDED(0x00, 0x5a),
  /** General SOCKS server failure. */
  GENERAL_FAILURE(0x01, 0x5b),
  /** Connection not allowed by ruleset. */
  NOT_ALLOWED(0x02, 0x5b),
  /** Network unreachable. */
  NETWORK_UNREACHABLE(0x03, 0x5b),
  /** Host unreachable (also: the name does not resolve). */
  HOST_UNREACHABLE(0x04, 0x5b),
  /** Connection refused. */
  CONNECTION_REFUSED(0x05, 0x5b),
  /** TTL expired: the connect timed out. */
  TTL_EXPIRED(0x06, 0x5b),
  /** Command not supported. */
  COMMAND_NOT_SUPPORTED(0x07, 0x5b),
  /** Address type not supported. */
  ADDRESS_TYPE_NOT_SUPPORTED(0x08, 0x5b);

  private final int socks5Code;
  private final int socks4Code;

  Reply(int socks5Code, int socks4Code) {
    this.socks5Code = socks5Code;
    this.socks4Code = socks4Code;
  }

  /**
   * Returns the code for the given SOCKS version.
   *
   * @param version 4 or 5
   * @return the reply byte
   */
  public int code(int version) {
    return version == 5 ? socks5Code : socks4Code;
  }

  /**
   * Returns the reply for a failed connect.
   *
   * @param failure what the connector reported
   * @return the reply to send
   */
  public static Reply forFailure(UpstreamFailure failure) {
    switch (failure.kind()) {
      case NOT_ALLOWED:
        return NOT_ALLOWED;
      case NETWORK_UNREACHABLE:
        return NETWORK_UNREACHABLE;
      case HOST_UNREACHABLE:
        return HOST_UNREACHABLE;
      case CONNECTION_REFUSED:
        return CONNECTION_REFUSED;
      case TTL_EXPIRED:
        return TTL_EXPIRED;
      default:
        return GENERAL_FAILURE;
    }
  }
}
