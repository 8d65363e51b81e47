package org.sockstap.examples.standalone;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;

/**
 * The standalone server's options once parsed, with every default filled in. Built by
 * {@link OptionsParser}; applied to a server builder by {@link ServerLauncher}.
 *
 * @param mode whether to run the server or print help or the version
 * @param listen where to listen
 * @param taps the tap rules, in order; {@code *} when none was given
 * @param accessRules the permit and reject rules, in order; the loopback-only default when none
 *     was given
 * @param defaultAccessRules whether {@code accessRules} is that default
 * @param users the users for SOCKS5 authentication, in order; empty for none
 * @param routes the route rules, in order
 * @param cacheDir the cache directory, or null for none
 * @param accessLog the access log file, or null for standard output
 * @param allowRemote whether listening on a non-loopback address without users is allowed
 * @param idleTimeout the idle timeout, or null for the builder's default
 * @param connectTimeout the connect timeout, or null for the builder's default
 */
record Options(
    Mode mode,
    Endpoint listen,
    List<String> taps,
    List<AccessRule> accessRules,
    boolean defaultAccessRules,
    List<User> users,
    List<String> routes,
    @Nullable Path cacheDir,
    @Nullable Path accessLog,
    boolean allowRemote,
    @Nullable Duration idleTimeout,
    @Nullable Duration connectTimeout) {

  /** Copies the lists. */
  Options {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(listen, "listen");
    taps = List.copyOf(taps);
    accessRules = List.copyOf(accessRules);
    users = List.copyOf(users);
    routes = List.copyOf(routes);
  }

  /** What the command line asks for. */
  enum Mode {
    /** Run the server. */
    RUN,
    /** Print the usage text. */
    HELP,
    /** Print the version. */
    VERSION
  }

  /**
   * One {@code --permit} or {@code --reject} rule.
   *
   * @param permit true for permit, false for reject
   * @param connMap the rule text, {@code ProtoList:dstHostList:srcHostList}
   */
  record AccessRule(boolean permit, String connMap) {
    /** Checks the fields. */
    AccessRule {
      Objects.requireNonNull(connMap, "connMap");
    }

    @Override
    public String toString() {
      return (permit ? "permit " : "reject ") + connMap;
    }
  }

  /**
   * One {@code --user}. Its {@link #toString()} leaves the password out, so an options object can
   * be logged.
   *
   * @param name the user name, 1 to 255 bytes of UTF-8
   * @param password the password, 1 to 255 bytes of UTF-8
   */
  record User(String name, String password) {
    /** Checks the lengths the SOCKS5 sub-negotiation can carry (RFC 1929). */
    User {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(password, "password");
      checkLength("user name", name);
      checkLength("password", password);
    }

    private static void checkLength(String what, String value) {
      int length = value.getBytes(StandardCharsets.UTF_8).length;
      if (length < 1 || length > 255) {
        throw new IllegalArgumentException(
            what + ": " + length + " bytes (expected: 1-255 bytes of UTF-8)");
      }
    }

    @Override
    public String toString() {
      return "User[" + name + ", password hidden]";
    }
  }
}
