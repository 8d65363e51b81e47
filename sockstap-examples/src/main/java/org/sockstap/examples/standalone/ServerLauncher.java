package org.sockstap.examples.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.sockstap.core.SocksTapServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the standalone server: parses the command line, applies the options to a
 * {@link SocksTapServer.Builder}, starts the server, prints where it listens, and waits for it to
 * be closed by the shutdown hook.
 *
 * <p>Standard output carries the {@code SocksTap listening on HOST:PORT} line and, by default,
 * the access log; logs go to standard error through SLF4J. Errors are one line on standard error
 * starting with {@code sockstap: }.
 */
final class ServerLauncher {
  /** The bound of the disk cache that --cache-dir opens. */
  static final long CACHE_BYTES = 1L << 30;

  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);

  private final PrintStream out;
  private final PrintStream err;
  private final Consumer<Thread> shutdownHooks;

  /**
   * Creates a launcher.
   *
   * @param out where the listening line, help, version and the default access log go
   * @param err where error lines go
   * @param shutdownHooks registers the hook that closes the server, normally
   *     {@code Runtime.getRuntime()::addShutdownHook}
   */
  ServerLauncher(PrintStream out, PrintStream err, Consumer<Thread> shutdownHooks) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.shutdownHooks = Objects.requireNonNull(shutdownHooks, "shutdownHooks");
  }

  /**
   * Does what {@code main} does: runs until the server is closed, or fails at once.
   *
   * @param args the command line
   * @return the exit status: {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_USAGE}
   */
  int run(String... args) {
    Options options;
    try {
      options = OptionsParser.parse(List.of(args));
    } catch (UsageException e) {
      return fail(EXIT_USAGE, e.getMessage());
    }
    switch (options.mode()) {
      case HELP:
        out.print(Help.usage());
        out.flush();
        return EXIT_OK;
      case VERSION:
        out.println(Help.versionLine());
        out.flush();
        return EXIT_OK;
      default:
        break;
    }
    Running running;
    try {
      running = start(options);
    } catch (LaunchException e) {
      return fail(e.exitStatus(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.debug("start failed", e);
      return fail(EXIT_FAILURE, "cannot start: " + OptionsParser.reason(e));
    }
    shutdownHooks.accept(new Thread(running::close, "sockstap-shutdown"));
    try {
      running.server().awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.close();
    }
    return EXIT_OK;
  }

  /**
   * Starts a server from options and prints the {@code SocksTap listening on} line.
   *
   * @param options the options, mode {@link Options.Mode#RUN}
   * @return the running server with its access log
   * @throws LaunchException when the options cannot be run or the server cannot start
   */
  Running start(Options options) throws LaunchException {
    InetSocketAddress listen = resolve(options);
    if (!listen.getAddress().isLoopbackAddress() && options.users().isEmpty()
        && !options.allowRemote()) {
      throw new LaunchException(EXIT_USAGE, "--listen " + options.listen()
          + ": reachable from other hosts without authentication (expected: --user NAME:PASSWORD,"
          + " or --allow-remote to run an open proxy)");
    }
    AccessLogListener accessLog;
    try {
      accessLog = AccessLogListener.open(options.accessLog(), out);
    } catch (IOException | SecurityException e) {
      throw new LaunchException(EXIT_FAILURE, "--access-log " + options.accessLog()
          + ": cannot open (" + OptionsParser.reason(e) + ")");
    }
    SocksTapServer server;
    try {
      SocksTapServer.Builder builder = configure(options, listen, SocksTapServer.builder());
      builder.listener(accessLog).accessLog(accessLog);
      server = build(builder, options);
    } catch (LaunchException | RuntimeException e) {
      accessLog.close();
      throw e;
    }
    Running running = new Running(server, accessLog);
    if (options.cacheDir() != null) {
      LOG.info("disk cache in {} (at most {} MiB)", options.cacheDir(), CACHE_BYTES >> 20);
    }
    if (options.defaultAccessRules() && !listen.getAddress().isLoopbackAddress()) {
      LOG.warn("listening on {}, but only clients on this machine are admitted (the default);"
          + " add --permit rules to admit others", Addresses.format(server.localAddress()));
    }
    out.println("SocksTap listening on " + Addresses.format(server.localAddress()));
    out.flush();
    return running;
  }

  /**
   * Applies the options to a builder, except the access log listener. Each builder call that
   * rejects its argument is reported as a usage error naming the option.
   *
   * @param options the options
   * @param listen the resolved listen address
   * @param builder a fresh builder
   * @return the builder
   * @throws LaunchException when the builder rejects an option
   */
  static SocksTapServer.Builder configure(
      Options options, InetSocketAddress listen, SocksTapServer.Builder builder)
      throws LaunchException {
    apply("--listen", options.listen().toString(), () -> builder.listen(listen));
    for (String tap : options.taps()) {
      apply("--tap", tap, () -> builder.tap(tap));
    }
    for (Options.AccessRule rule : options.accessRules()) {
      if (rule.permit()) {
        apply("--permit", rule.connMap(), () -> builder.permit(rule.connMap()));
      } else {
        apply("--reject", rule.connMap(), () -> builder.reject(rule.connMap()));
      }
    }
    for (Options.User user : options.users()) {
      apply("--user", user.name() + ":...", () -> builder.user(user.name(), user.password()));
    }
    for (String route : options.routes()) {
      apply("--route", OptionsParser.redactRoute(route), () -> builder.route(route));
    }
    if (options.allowRemote()) {
      builder.allowOpenProxy(true);
    }
    if (options.idleTimeout() != null) {
      builder.idleTimeout(options.idleTimeout());
    }
    if (options.connectTimeout() != null) {
      builder.connectTimeout(options.connectTimeout());
    }
    Path cacheDir = options.cacheDir();
    if (cacheDir != null) {
      try {
        builder.cacheDirectory(cacheDir, CACHE_BYTES);
      } catch (UncheckedIOException e) {
        throw new LaunchException(EXIT_FAILURE, "--cache-dir " + cacheDir + ": "
            + OptionsParser.reason(e.getCause()));
      }
    }
    return builder;
  }

  private static SocksTapServer build(SocksTapServer.Builder builder, Options options)
      throws LaunchException {
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw new LaunchException(EXIT_USAGE, e.getMessage());
    } catch (UncheckedIOException e) {
      throw new LaunchException(EXIT_FAILURE, "cannot listen on " + options.listen() + ": "
          + OptionsParser.reason(e.getCause()));
    }
  }

  private static InetSocketAddress resolve(Options options) throws LaunchException {
    try {
      return new InetSocketAddress(
          InetAddress.getByName(options.listen().host()), options.listen().port());
    } catch (UnknownHostException e) {
      throw new LaunchException(EXIT_USAGE, "--listen " + options.listen()
          + ": unknown host (expected: an address or name of this machine)");
    }
  }

  private static void apply(String option, String value, Runnable call) throws LaunchException {
    try {
      call.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // a route's message may quote its URI, upstream password included
      throw new LaunchException(EXIT_USAGE,
          option + " " + value + ": " + OptionsParser.redactRoute(String.valueOf(e.getMessage())));
    }
  }

  private int fail(int status, String message) {
    err.println("sockstap: " + message.replace('\r', ' ').replace('\n', ' '));
    err.flush();
    return status;
  }

  /**
   * A server started by the launcher, with the access log it writes to.
   *
   * @param server the server
   * @param accessLog its access log
   */
  record Running(SocksTapServer server, AccessLogListener accessLog) implements AutoCloseable {
    /** Closes the server gracefully, then the access log, so the last events are written. */
    @Override
    public void close() {
      try {
        server.close();
      } finally {
        accessLog.close();
      }
    }
  }

  /** Why the server was not started, with the exit status to report. */
  static final class LaunchException extends Exception {
    private final int exitStatus;

    LaunchException(int exitStatus, String message) {
      super(message);
      this.exitStatus = exitStatus;
    }

    int exitStatus() {
      return exitStatus;
    }
  }
}
