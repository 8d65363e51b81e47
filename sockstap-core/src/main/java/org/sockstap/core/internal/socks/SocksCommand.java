package org.sockstap.core.internal.socks;

/**
 * A SOCKS command code. Unknown codes are kept (as {@link #UNKNOWN} plus the raw value in the
 * request) so they can be logged and answered with "command not supported".
 */
public enum SocksCommand {
  /** 0x01 in both versions. */
  CONNECT,
  /** 0x02 in both versions. */
  BIND,
  /** 0x03, SOCKS5 only. */
  UDP_ASSOCIATE,
  /** Anything else. */
  UNKNOWN;

  static SocksCommand of(int version, int code) {
    switch (code) {
      case 1:
        return CONNECT;
      case 2:
        return BIND;
      case 3:
        return version == 5 ? UDP_ASSOCIATE : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }
}
