package org.sockstap.examples.load;

import java.util.Locale;
import java.util.Optional;

/** What a run does: one of the four client workloads, or the target servers. */
enum Mode {
  RATE("connect, SOCKS handshake, echo --size bytes, close; --threads T for --duration S"),
  STREAM("--conns tunnels move --bytes in total: down from a source, up to a sink, both ways"
      + " through an echo server"),
  HTTP("GET --path on keep-alive connections through the tunnel (--keepalive requests each)"),
  IDLE("open --conns tunnels (one echo each), hold them --hold seconds, re-check each with an"
      + " echo; with --pid, the proxy's memory growth per tunnel"),
  SERVE("the target servers: --echo, --echo-line, --sink, --source, --http HOST:PORT");

  private final String description;

  Mode(String description) {
    this.description = description;
  }

  /** The name on the command line. */
  String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  String description() {
    return description;
  }

  static Optional<Mode> byName(String name) {
    for (Mode mode : values()) {
      if (mode.cliName().equals(name)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
