package org.sockstap.examples.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;

/**
 * Turns the command line, and the config file it names, into {@link Options}.
 *
 * <p>Command line: {@code --name value}, or {@code --name=value}; {@code --allow-remote},
 * {@code --help} and {@code --version} take no value. {@code --help} or {@code --version}
 * anywhere wins over everything else.
 *
 * <p>Config file ({@code --config FILE}, UTF-8): one option per line, the name without dashes,
 * white space, then the value up to the end of the line, for example {@code listen 127.0.0.1:1080}
 * or {@code tap http,ftp:*.example.com::connect=lazy cache=on}. A leading {@code --} is allowed, so
 * a command-line option can be pasted in. Blank lines and lines starting with {@code #} are
 * ignored; a {@code #} elsewhere is part of the value (passwords and rules may hold one). The value
 * is taken as written, without quotes, trimmed at both ends.
 *
 * <p>Precedence: repeatable options ({@code tap}, {@code permit}, {@code reject}, {@code user},
 * {@code route}) add up in the order they appear, the config file's taking the place of the
 * {@code --config} option; a single-valued option given on the command line wins over the config
 * file; giving one twice on the command line, or twice in the file, is an error.
 */
final class OptionsParser {
  /** The access rule when none is given: clients from loopback only. */
  static final String DEFAULT_PERMIT = "*:*:{127.0.0.0/8,::1}";

  static final String DEFAULT_LISTEN = "127.0.0.1:1080";

  private static final long MAX_TIMEOUT_SECONDS = 7L * 24 * 3600;

  private static final Pattern URI_PASSWORD = Pattern.compile("(://[^:@/\\s]*:)[^@/\\s]*@");

  private OptionsParser() {}

  /**
   * Parses a command line.
   *
   * @param args the arguments, as given to {@code main}
   * @return the options
   * @throws UsageException for anything that cannot be run, with a one-line message
   */
  static Options parse(List<String> args) throws UsageException {
    // --help and --version answer even a command line with mistakes in it
    for (String arg : args) {
      if (arg.equals("--help")) {
        return modeOnly(Options.Mode.HELP);
      }
      if (arg.equals("--version")) {
        return modeOnly(Options.Mode.VERSION);
      }
    }
    Collector collector = new Collector();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument: " + arg + " (expected: --option; see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      Flag flag = Flag.byName(name).orElse(null);
      if (flag == null || flag == Flag.HELP || flag == Flag.VERSION) {
        throw new UsageException("unknown option: --" + name + " (see --help)");
      }
      Source source = Source.COMMAND_LINE;
      if (flag.takesValue() && value == null) {
        if (i + 1 == args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(source.describe(flag) + ": missing value (expected: "
              + source.describe(flag) + " " + flag.valueName() + ")");
        }
        value = args.get(++i);
      } else if (!flag.takesValue() && value != null) {
        throw new UsageException(source.describe(flag) + ": takes no value");
      }
      if (flag == Flag.CONFIG) {
        collector.single(flag, value, source);
        readConfig(Path.of(value), collector);
      } else {
        collector.add(flag, value == null ? "" : value, source);
      }
    }
    return collector.build();
  }

  private static Options modeOnly(Options.Mode mode) throws UsageException {
    Options defaults = new Collector().build();
    return new Options(mode, defaults.listen(), defaults.taps(), defaults.accessRules(),
        defaults.defaultAccessRules(), defaults.users(), defaults.routes(), null, null, false, null,
        null);
  }

  private static void readConfig(Path file, Collector collector) throws UsageException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      throw new UsageException("--config: " + file + ": cannot read (" + reason(e) + ")");
    }
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (n == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("--")) {
        line = line.substring(2);
      }
      int space = 0;
      while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
        space++;
      }
      String name = line.substring(0, space);
      String value = line.substring(space).strip();
      Source source = new Source(file, n + 1);
      Flag flag = Flag.byName(name).orElse(null);
      if (flag == null || !flag.allowedInConfig()) {
        throw new UsageException(source.location() + ": unknown option: " + name
            + " (expected: an option of --help other than config, help and version)");
      }
      if (flag.takesValue() && value.isEmpty()) {
        throw new UsageException(source.describe(flag) + ": missing value (expected: "
            + flag.optionName() + " " + flag.valueName() + ")");
      }
      if (!flag.takesValue() && !value.isEmpty()) {
        throw new UsageException(source.describe(flag) + ": takes no value");
      }
      collector.add(flag, value, source);
    }
  }

  /**
   * Hides the password of any {@code scheme://user:password@} in the text, for error messages
   * about routes.
   *
   * @param text a route or a message quoting one
   * @return the text with each such password replaced by {@code ...}
   */
  static String redactRoute(String text) {
    return URI_PASSWORD.matcher(text).replaceAll("$1...@");
  }

  static String reason(Throwable e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  /**
   * Where an option was given: the command line, or a line of a config file.
   *
   * @param file the config file, or null for the command line
   * @param line the line number in the file, from 1
   */
  record Source(@Nullable Path file, int line) {
    static final Source COMMAND_LINE = new Source(null, 0);

    boolean commandLine() {
      return file == null;
    }

    String location() {
      return file == null ? "command line" : file + ":" + line;
    }

    /** How an error message names the option: {@code --listen}, or {@code FILE:3: listen}. */
    String describe(Flag flag) {
      return file == null ? "--" + flag.optionName() : location() + ": " + flag.optionName();
    }
  }

  private record Setting(String value, Source source) {}

  /** Gathers options as they come, then checks and fills in defaults. */
  private static final class Collector {
    private final Map<Flag, Setting> singles = new EnumMap<>(Flag.class);
    private final List<String> taps = new ArrayList<>();
    private final List<Options.AccessRule> accessRules = new ArrayList<>();
    private final List<Options.User> users = new ArrayList<>();
    private final Set<String> userNames = new HashSet<>();
    private final List<String> routes = new ArrayList<>();

    void add(Flag flag, String value, Source source) throws UsageException {
      if (!flag.repeatable()) {
        single(flag, value, source);
        return;
      }
      String name = source.describe(flag);
      switch (flag) {
        case TAP:
          taps.add(nonBlank(name, value, "a tap rule such as http,ftp"));
          break;
        case PERMIT:
        case REJECT:
          accessRules.add(new Options.AccessRule(flag == Flag.PERMIT,
              nonBlank(name, value, "ProtoList:dstHostList:srcHostList")));
          break;
        case USER:
          users.add(user(name, value));
          break;
        case ROUTE:
          if (value.indexOf('=') <= 0) {
            throw new UsageException(name + ": " + redactRoute(value)
                + " (expected: PROTOLIST:DSTLIST=URI,"
                + " such as *:*.example.com=socks5://127.0.0.1:1081)");
          }
          routes.add(value);
          break;
        default:
          throw new AssertionError(flag);
      }
    }

    void single(Flag flag, String value, Source source) throws UsageException {
      Setting previous = singles.get(flag);
      if (previous != null) {
        if (previous.source().commandLine() == source.commandLine()) {
          throw new UsageException(source.describe(flag) + ": given twice (expected: once;"
              + " first at " + previous.source().location() + ")");
        }
        if (previous.source().commandLine()) {
          return;
        }
      }
      singles.put(flag, new Setting(value, source));
    }

    private Options.User user(String name, String value) throws UsageException {
      int colon = value.indexOf(':');
      if (colon < 0) {
        // the value may be a password typed without its name: never echo it
        throw new UsageException(name + ": no ':' (expected: NAME:PASSWORD)");
      }
      String user = value.substring(0, colon);
      Options.User parsed;
      try {
        parsed = new Options.User(user, value.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            name + ": " + (colon == 0 ? "" : user + ":...: ") + e.getMessage());
      }
      if (!userNames.add(user)) {
        throw new UsageException(name + ": " + user + " given twice (expected: each user once)");
      }
      return parsed;
    }

    Options build() throws UsageException {
      Endpoint listen = listen();
      boolean defaultAccess = accessRules.isEmpty();
      return new Options(
          Options.Mode.RUN,
          listen,
          taps.isEmpty() ? List.of("*") : taps,
          defaultAccess ? List.of(new Options.AccessRule(true, DEFAULT_PERMIT)) : accessRules,
          defaultAccess,
          users,
          routes,
          cacheDir(),
          accessLog(),
          singles.containsKey(Flag.ALLOW_REMOTE),
          seconds(Flag.IDLE_TIMEOUT),
          seconds(Flag.CONNECT_TIMEOUT));
    }

    private Endpoint listen() throws UsageException {
      Setting setting = singles.get(Flag.LISTEN);
      if (setting == null) {
        return Endpoint.parse(DEFAULT_LISTEN);
      }
      try {
        return Endpoint.parse(setting.value());
      } catch (IllegalArgumentException e) {
        throw new UsageException(setting.source().describe(Flag.LISTEN) + ": " + setting.value()
            + " (expected: HOST:PORT with a port of 0-65535, IPv6 in brackets as [::1]:1080)");
      }
    }

    private @Nullable Path cacheDir() throws UsageException {
      Setting setting = singles.get(Flag.CACHE_DIR);
      if (setting == null) {
        return null;
      }
      String name = setting.source().describe(Flag.CACHE_DIR);
      Path dir = path(name, setting.value());
      try {
        Files.createDirectories(dir);
      } catch (IOException | SecurityException e) {
        throw new UsageException(name + ": " + dir + ": cannot create (" + reason(e) + ")");
      }
      if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw new UsageException(name + ": " + dir + " (expected: a writable directory)");
      }
      return dir;
    }

    private @Nullable Path accessLog() throws UsageException {
      Setting setting = singles.get(Flag.ACCESS_LOG);
      if (setting == null || setting.value().equals("-")) {
        return null;
      }
      String name = setting.source().describe(Flag.ACCESS_LOG);
      Path file = path(name, setting.value());
      if (Files.isDirectory(file)) {
        throw new UsageException(name + ": " + file + " is a directory (expected: a file or -)");
      }
      return file;
    }

    private @Nullable Duration seconds(Flag flag) throws UsageException {
      Setting setting = singles.get(flag);
      if (setting == null) {
        return null;
      }
      long seconds;
      try {
        seconds = Long.parseLong(setting.value());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
        throw new UsageException(setting.source().describe(flag) + ": " + setting.value()
            + " (expected: whole seconds, 1-" + MAX_TIMEOUT_SECONDS + ")");
      }
      return Duration.ofSeconds(seconds);
    }

    private static Path path(String name, String value) throws UsageException {
      if (value.isBlank()) {
        throw new UsageException(name + ": empty (expected: a path)");
      }
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new UsageException(name + ": " + value + " (expected: a path; " + e.getReason() + ")");
      }
    }

    private static String nonBlank(String name, String value, String expected)
        throws UsageException {
      if (value.isBlank()) {
        throw new UsageException(name + ": empty (expected: " + expected + ")");
      }
      return value;
    }
  }
}
