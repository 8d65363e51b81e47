package org.sockstap.examples.load;

import java.util.Locale;

/** Where an operation failed, with the names of the C tool's {@code errors:} line. */
enum Failure {
  /** TCP connect to the proxy (or, direct, to the target). */
  CONNECT,
  /** SOCKS5 greeting: no reply, or no acceptable method. */
  GREET,
  /** RFC 1929 username/password refused. */
  AUTH,
  /** The CONNECT reply: missing, or not a success. */
  REPLY,
  /** Anything after the tunnel is up: a short read, a wrong echo, a bad HTTP response. */
  IO;

  String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
