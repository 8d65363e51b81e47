package org.sockstap.examples.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code MODE [options]} into a {@link Command}. Options are written as in the C tool,
 * {@code -t 4} or {@code -t4}, or long, {@code --threads 4} or {@code --threads=4}. Each may be
 * given once, and only to a mode that uses it. {@code -h} or {@code --help} anywhere wins.
 *
 * <p>Every address must be on the loopback interface (127.0.0.0/8, ::1), a name included: it
 * must resolve here to loopback addresses only. The tool loads one machine's proxy from the same
 * machine; it is not for pointing at other people's hosts.
 */
final class OptionsParser {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e]*");
  private static final String MODES = "rate, stream, http, idle or serve";

  private OptionsParser() {}

  /** What the command line asks for. */
  sealed interface Command permits Help, Client, Serve {}

  /** Print the help. */
  record Help() implements Command {}

  /** Run a client workload. */
  record Client(ClientOptions options) implements Command {}

  /** Run the target servers. */
  record Serve(ServeOptions options) implements Command {}

  /**
   * Parses a command line.
   *
   * @param args the arguments after the class name
   * @return what to do
   * @throws UsageException if the command line cannot be run
   */
  static Command parse(List<String> args) throws UsageException {
    if (args.contains("-h") || args.contains("--help")) {
      return new Help();
    }
    if (args.isEmpty()) {
      throw new UsageException("no mode (expected: " + MODES + "; --help lists the options)");
    }
    String name = args.get(0);
    Mode mode = Mode.byName(name).orElseThrow(() -> new UsageException(
        name + ": unknown mode (expected: " + MODES + ")"));
    Map<Option, String> values = new EnumMap<>(Option.class);
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      Option option;
      String value = null;
      if (arg.startsWith("--") && arg.length() > 2) {
        int equals = arg.indexOf('=');
        String longName = arg.substring(2, equals < 0 ? arg.length() : equals);
        option = Option.byLongName(longName).orElseThrow(() -> unknown(arg));
        value = equals < 0 ? null : arg.substring(equals + 1);
      } else if (arg.startsWith("-") && arg.length() > 1) {
        option = Option.byLetter(arg.charAt(1)).orElseThrow(() -> unknown(arg));
        if (arg.length() > 2) {
          if (!option.takesValue()) {
            throw unknown(arg);
          }
          value = arg.substring(2);
        }
      } else {
        throw new UsageException(arg + ": unexpected argument (expected: options after the mode)");
      }
      if (!option.usedBy(mode)) {
        throw new UsageException(option.display() + ": not used by " + mode.cliName());
      }
      if (option.takesValue() && value == null) {
        if (i + 1 == args.size()) {
          throw new UsageException(option.display() + ": missing value (expected: "
              + option.display() + " " + option.valueName() + ")");
        }
        value = args.get(++i);
      } else if (!option.takesValue() && value != null) {
        throw new UsageException(option.display() + ": takes no value");
      }
      if (values.put(option, value == null ? "" : value) != null) {
        throw new UsageException(option.display() + ": given twice (expected: once)");
      }
    }
    return mode == Mode.SERVE ? new Serve(serve(values)) : new Client(client(mode, values));
  }

  private static UsageException unknown(String arg) {
    return new UsageException(arg + ": unknown option (expected: one of --help)");
  }

  private static ClientOptions client(Mode mode, Map<Option, String> values)
      throws UsageException {
    String targetText = values.get(Option.TARGET);
    if (targetText == null) {
      throw new UsageException("-a: missing (expected: -a HOST:PORT, the target server)");
    }
    Endpoint target = endpoint(Option.TARGET, targetText, false);
    String proxyText = values.get(Option.PROXY);
    InetSocketAddress proxy = proxyText == null ? null
        : endpoint(Option.PROXY, proxyText, false).resolved();
    boolean socks4 = values.containsKey(Option.SOCKS4);
    boolean httpProxy = values.containsKey(Option.HTTP_PROXY);
    Credentials credentials = credentials(values.get(Option.USER));
    if (httpProxy && (proxy == null || socks4 || credentials != null)) {
      throw new UsageException(
          "-H: needs -x, and no -4 or -U (expected: -H -x HOST:PORT of an HTTP proxy)");
    }
    if (socks4 && target.literal() != null && target.literal().getAddress().length == 16) {
      throw new UsageException("-4: " + targetText + " (expected: an IPv4 address or a name;"
          + " SOCKS4 cannot carry IPv6)");
    }
    if (socks4 && credentials != null
        && credentials.user().getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new UsageException("-U: user too long for SOCKS4 (expected: 1-255 bytes)");
    }
    String dir = values.getOrDefault(Option.DIR, "down");
    Direction direction;
    switch (dir) {
      case "down": direction = Direction.DOWN; break;
      case "up": direction = Direction.UP; break;
      case "both": direction = Direction.BOTH; break;
      default: throw new UsageException("-D: " + dir + " (expected: down, up or both)");
    }
    String path = values.getOrDefault(Option.PATH, "/1024");
    if (!PATH.matcher(path).matches() || path.length() > 2048) {
      throw new UsageException("-p: " + path
          + " (expected: a path starting with /, printable ASCII without spaces)");
    }
    return new ClientOptions(
        mode,
        proxy,
        httpProxy,
        socks4,
        values.containsKey(Option.SERVER_CLOSE),
        credentials,
        new Target(target.host(), target.port(), target.literal(), target.resolved()),
        (int) number(values, Option.THREADS, 4, 1, 4096),
        (int) number(values, Option.CONNS, 1, 1, 1_000_000),
        (int) number(values, Option.DURATION, 10, 1, 86_400),
        number(values, Option.COUNT, 0, 0, Long.MAX_VALUE),
        (int) size(values, Option.SIZE, 32, 1, 4096),
        size(values, Option.BYTES, 1L << 30, 1, 1L << 50),
        direction,
        path,
        (int) number(values, Option.KEEPALIVE, 100, 1, 1_000_000_000),
        (int) number(values, Option.HOLD, 5, 0, 86_400),
        pid(values.get(Option.PID)),
        (int) number(values, Option.TIMEOUT, 5000, 1, 3_600_000));
  }

  private static ServeOptions serve(Map<Option, String> values) throws UsageException {
    Map<TargetKind, InetSocketAddress> listeners = new EnumMap<>(TargetKind.class);
    Option[] options = {Option.ECHO, Option.ECHO_LINE, Option.SINK, Option.SOURCE, Option.HTTP};
    for (TargetKind kind : TargetKind.values()) {
      String text = values.get(options[kind.ordinal()]);
      if (text != null) {
        listeners.put(kind, endpoint(options[kind.ordinal()], text, true).resolved());
      }
    }
    if (listeners.isEmpty()) {
      throw new UsageException("serve: no target (expected: at least one of --echo, --echo-line,"
          + " --sink, --source, --http HOST:PORT)");
    }
    return new ServeOptions(listeners, size(values, Option.HTTP_SIZE, 1024, 0, 1L << 50),
        (int) number(values, Option.DURATION, 0, 1, 86_400));
  }

  private static @Nullable Credentials credentials(@Nullable String text) throws UsageException {
    if (text == null) {
      return null;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      // the value may be a password typed alone: never echo it
      throw new UsageException("-U: no ':' (expected: USER:PASS)");
    }
    try {
      return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new UsageException("-U: " + e.getMessage());
    }
  }

  private static long pid(@Nullable String text) throws UsageException {
    if (text == null) {
      return 0;
    }
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      pid = -1;
    }
    if (pid < 1 || !Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"))) {
      throw new UsageException("-P: " + text
          + " (expected: the PID of a running process; needs Linux /proc)");
    }
    return pid;
  }

  private static long number(Map<Option, String> values, Option option, long fallback, long min,
      long max) throws UsageException {
    String text = values.get(option);
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = min - 1;
    }
    if (value < min || value > max) {
      throw new UsageException(option.display() + ": " + text + " (expected: a whole number, "
          + min + "-" + max + ")");
    }
    return value;
  }

  private static long size(Map<Option, String> values, Option option, long fallback, long min,
      long max) throws UsageException {
    String text = values.get(option);
    if (text == null) {
      return fallback;
    }
    long value = Sizes.parse(text);
    if (value < min || value > max) {
      String most = max >= 1L << 30 ? (max >> 30) + "G" : Long.toString(max);
      throw new UsageException(option.display() + ": " + text + " (expected: a size of " + min
          + "-" + most + " bytes, such as 64, 1k, 1m or 2G)");
    }
    return value;
  }

  /** A checked HOST:PORT. */
  private record Endpoint(String host, int port, @Nullable InetAddress literal,
      InetSocketAddress resolved) {}

  /**
   * Splits and resolves {@code HOST:PORT} or {@code [V6]:PORT}, and checks that every address
   * it stands for is a loopback address.
   */
  private static Endpoint endpoint(Option option, String text, boolean portZero)
      throws UsageException {
    String expected = " (expected: HOST:PORT on loopback, such as 127.0.0.1:1080 or [::1]:1080"
        + (portZero ? "; port 0 picks one" : "") + ")";
    String host;
    int colon;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new UsageException(option.display() + ": " + text + expected);
      }
      host = text.substring(1, close);
      colon = close + 1;
    } else {
      colon = text.lastIndexOf(':');
      host = colon < 0 ? "" : text.substring(0, colon);
      if (host.indexOf(':') >= 0) {
        throw new UsageException(option.display() + ": " + text + " (expected: an IPv6 address"
            + " in brackets, as [::1]:1080)");
      }
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      port = -1;
    }
    if (host.isEmpty() || host.length() > 255 || host.chars().anyMatch(c -> c <= ' ' || c > '~')
        || port < (portZero ? 0 : 1) || port > 65535) {
      throw new UsageException(option.display() + ": " + text + expected);
    }
    boolean literal = host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    InetAddress[] addresses;
    try {
      // a literal is parsed, not looked up; a name is resolved here only to check it is local
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new UsageException(option.display() + ": " + text + ": cannot resolve" + expected);
    }
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress()) {
        throw new UsageException(option.display() + ": " + text + " is not a loopback address"
            + expected);
      }
    }
    return new Endpoint(host, port, literal ? addresses[0] : null,
        new InetSocketAddress(addresses[0], port));
  }
}
