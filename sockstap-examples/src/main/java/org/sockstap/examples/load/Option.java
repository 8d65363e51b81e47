package org.sockstap.examples.load;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every option, with the letters and names of the C tool {@code socksload} and the modes that use
 * it. An option given to a mode that does not use it is an error rather than silently ignored.
 */
enum Option {
  PROXY('x', "proxy", "HOST:PORT", "none: connect directly (the baseline)",
      "the SOCKS proxy under test", Modes.CLIENT),
  SOCKS4('4', "socks4", null, "SOCKS5", "speak SOCKS4, or SOCKS4a for a target given by name",
      Modes.CLIENT),
  SERVER_CLOSE('C', "server-close", null, "off",
      "expect the target to close first (use an echo-line target; keeps TIME_WAIT off the"
          + " client's ports)", EnumSet.of(Mode.RATE)),
  HTTP_PROXY('H', "http-proxy", null, "off",
      "--proxy is an HTTP proxy: absolute-form GETs, no SOCKS", EnumSet.of(Mode.HTTP)),
  USER('U', "user", "USER:PASS", "none",
      "RFC 1929 username/password (SOCKS4: the userid is USER)", Modes.CLIENT),
  TARGET('a', "target", "HOST:PORT", "required",
      "the target server; a name goes to the proxy unresolved (SOCKS5 ATYP 3, SOCKS4a)",
      Modes.CLIENT),
  THREADS('t', "threads", "N", "4", "client threads", EnumSet.of(Mode.RATE, Mode.HTTP, Mode.IDLE)),
  CONNS('c', "conns", "N", "1", "tunnels (stream: one thread each)",
      EnumSet.of(Mode.STREAM, Mode.IDLE)),
  DURATION('d', "duration", "S", "10 (serve: until killed)",
      "run time in seconds, a cap when --count or --bytes ends the run first",
      EnumSet.allOf(Mode.class)),
  COUNT('n', "count", "N", "0 (no limit)", "stop after N operations",
      EnumSet.of(Mode.RATE, Mode.HTTP)),
  SIZE('s', "size", "N", "32", "echo payload, 1-4096 bytes, ending in a newline",
      EnumSet.of(Mode.RATE, Mode.IDLE)),
  BYTES('b', "bytes", "N", "1G", "bytes to move in total, split over the tunnels",
      EnumSet.of(Mode.STREAM)),
  DIR('D', "dir", "down|up|both", "down",
      "down: from a source target; up: to a sink target; both: each way through an echo target",
      EnumSet.of(Mode.STREAM)),
  PATH('p', "path", "PATH", "/1024", "the request path; the http target's body size is its last"
      + " segment (/1k, /1m)", EnumSet.of(Mode.HTTP)),
  KEEPALIVE('k', "keepalive", "N", "100", "requests per connection", EnumSet.of(Mode.HTTP)),
  HOLD('S', "hold", "S", "5", "seconds to hold the tunnels open", EnumSet.of(Mode.IDLE)),
  PID('P', "pid", "PID", "none",
      "report the CPU time of this process and its descendants (and in idle their RSS and PSS)",
      Modes.CLIENT),
  TIMEOUT('w', "timeout", "MS", "5000", "timeout of each connect and read", Modes.CLIENT),
  ECHO((char) 0, "echo", "HOST:PORT", null, "echo target", EnumSet.of(Mode.SERVE)),
  ECHO_LINE((char) 0, "echo-line", "HOST:PORT", null,
      "echo target that closes after echoing a newline", EnumSet.of(Mode.SERVE)),
  SINK((char) 0, "sink", "HOST:PORT", null, "sink target (N\\n, N bytes, then OK\\n)",
      EnumSet.of(Mode.SERVE)),
  SOURCE((char) 0, "source", "HOST:PORT", null, "source target (N\\n, then N bytes)",
      EnumSet.of(Mode.SERVE)),
  HTTP((char) 0, "http", "HOST:PORT", null, "HTTP/1.1 target", EnumSet.of(Mode.SERVE)),
  HTTP_SIZE((char) 0, "http-size", "N", "1k",
      "body size when the path's last segment is not a number", EnumSet.of(Mode.SERVE)),
  HELP('h', "help", null, null, "print this help and exit", EnumSet.allOf(Mode.class));

  private final char letter;
  private final String longName;
  private final @Nullable String valueName;
  private final @Nullable String defaultText;
  private final String description;
  private final Set<Mode> modes;

  Option(char letter, String longName, @Nullable String valueName, @Nullable String defaultText,
      String description, Set<Mode> modes) {
    this.letter = letter;
    this.longName = longName;
    this.valueName = valueName;
    this.defaultText = defaultText;
    this.description = description;
    this.modes = modes;
  }

  /** The one-letter form, or 0 when there is none. */
  char letter() {
    return letter;
  }

  String longName() {
    return longName;
  }

  @Nullable String valueName() {
    return valueName;
  }

  boolean takesValue() {
    return valueName != null;
  }

  @Nullable String defaultText() {
    return defaultText;
  }

  String description() {
    return description;
  }

  boolean usedBy(Mode mode) {
    return modes.contains(mode);
  }

  /** How messages name it: {@code -b}, or {@code --echo} when it has no letter. */
  String display() {
    return letter != 0 ? "-" + letter : "--" + longName;
  }

  static Optional<Option> byLetter(char letter) {
    for (Option option : values()) {
      if (option.letter == letter && letter != 0) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }

  static Optional<Option> byLongName(String name) {
    for (Option option : values()) {
      if (option.longName.equals(name)) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }

  /** Enum sets used in the constants, which cannot refer to a static field of their own enum. */
  private static final class Modes {
    static final Set<Mode> CLIENT = EnumSet.of(Mode.RATE, Mode.STREAM, Mode.HTTP, Mode.IDLE);
  }
}
