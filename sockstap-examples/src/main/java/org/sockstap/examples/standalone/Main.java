package org.sockstap.examples.standalone;

import java.util.List;

/**
 * {@code java -jar sockstap.jar [options]}: the standalone SocksTap server. Run with
 * {@code --help} for the options.
 */
public final class Main {
  private static final List<String> QUIET_LOGGERS = List.of(
      "org.slf4j.simpleLogger.log.sockstap.connection",
      "org.slf4j.simpleLogger.log.sockstap.access");

  private Main() {}

  /**
   * Runs the server until Ctrl-C or SIGTERM, or exits with status 1 or 2 when it cannot run.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // the access log already has one line per connection and per transaction: the log lines of
    // sockstap.connection and sockstap.access.* would only repeat it (and cost a write each);
    // -Dorg.slf4j.simpleLogger.log.sockstap.connection=info (or .access=info) brings them back
    for (String logger : QUIET_LOGGERS) {
      System.setProperty(logger, System.getProperty(logger, "warn"));
    }
    int status = new ServerLauncher(System.out, System.err, Runtime.getRuntime()::addShutdownHook)
        .run(args);
    // exit only on failure: after a clean shutdown the JVM is already running its shutdown hooks,
    // and System.exit would wait for them forever
    if (status != ServerLauncher.EXIT_OK) {
      System.exit(status);
    }
  }
}
