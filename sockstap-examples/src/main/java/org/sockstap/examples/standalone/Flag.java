package org.sockstap.examples.standalone;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every option of the standalone server, with what the help text says about it. The names are
 * the same on the command line ({@code --listen HOST:PORT}) and in a config file
 * ({@code listen HOST:PORT}).
 */
enum Flag {
  LISTEN("listen", "HOST:PORT", false, "127.0.0.1:1080",
      "address to listen on; IPv6 in brackets, as [::1]:1080; port 0 picks a free port"),
  TAP("tap", "RULE", true, "*",
      "protocols to tap, ProtoList[:[dstHostList][:[srcHostList][:params]]]"),
  PERMIT("permit", "RULE", true, OptionsParser.DEFAULT_PERMIT
      + " (loopback clients only) unless --permit or --reject is given",
      "admit connections matching ProtoList:dstHostList:srcHostList; checked in order with"
          + " --reject, the first rule that matches decides"),
  REJECT("reject", "RULE", true, "none",
      "refuse connections matching ProtoList:dstHostList:srcHostList"),
  USER("user", "NAME:PASSWORD", true, "none (no authentication)",
      "require SOCKS5 username/password authentication; split at the first ':'"),
  ROUTE("route", "PROTOLIST:DSTLIST=URI", true, "none (direct)",
      "reach matching destinations through an upstream proxy, socks5://[user:password@]host:port,"
          + " socks4://[user@]host:port or http://[user:password@]host:port; first match wins"),
  CACHE_DIR("cache-dir", "DIR", false, "none",
      "disk cache directory, created when missing, at most 1 GiB, kept across restarts;"
          + " shared by the handlers that cache"),
  ACCESS_LOG("access-log", "FILE", false, "- (standard output)",
      "append one line per transaction and one per closed connection to FILE"),
  IDLE_TIMEOUT("idle-timeout", "SECONDS", false, "300",
      "close a connection when neither side has sent anything for this long"),
  CONNECT_TIMEOUT("connect-timeout", "SECONDS", false, "10",
      "give up connecting to a server (or an upstream proxy) after this long"),
  ALLOW_REMOTE("allow-remote", null, false, "off",
      "allow listening on a non-loopback address without --user: an open proxy"),
  CONFIG("config", "FILE", false, "none",
      "read options from FILE (see below); options given on the command line win"),
  HELP("help", null, false, null, "print this help and exit"),
  VERSION("version", null, false, null, "print the version and exit");

  private final String optionName;
  private final @Nullable String valueName;
  private final boolean repeatable;
  private final @Nullable String defaultText;
  private final String description;

  Flag(String optionName, @Nullable String valueName, boolean repeatable,
      @Nullable String defaultText, String description) {
    this.optionName = optionName;
    this.valueName = valueName;
    this.repeatable = repeatable;
    this.defaultText = defaultText;
    this.description = description;
  }

  /** The name without dashes, as a config file writes it. */
  String optionName() {
    return optionName;
  }

  /** The placeholder of the value in the help text, or null for a flag without a value. */
  @Nullable String valueName() {
    return valueName;
  }

  boolean takesValue() {
    return valueName != null;
  }

  boolean repeatable() {
    return repeatable;
  }

  /** What applies when the option is not given, or null when that says nothing useful. */
  @Nullable String defaultText() {
    return defaultText;
  }

  String description() {
    return description;
  }

  /** Whether a config file may set it: not another config file, not help or version. */
  boolean allowedInConfig() {
    return this != CONFIG && this != HELP && this != VERSION;
  }

  static Optional<Flag> byName(String name) {
    for (Flag flag : values()) {
      if (flag.optionName.equals(name)) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }
}
