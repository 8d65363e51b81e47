package org.sockstap.examples.standalone;

/**
 * {@code java -jar sockstap.jar [options]}: the standalone SocksTap server. Run with
 * {@code --help} for the options.
 */
public final class Main {
  private static final String CONNECTION_LOG_LEVEL =
      "org.slf4j.simpleLogger.log.sockstap.connection";

  private Main() {}

  /**
   * Runs the server until Ctrl-C or SIGTERM, or exits with status 1 or 2 when it cannot run.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // the access log already has one line per connection: the per-connection log lines would
    // only repeat it (and cost a write each); -Dorg.slf4j.simpleLogger.log.sockstap.connection=info
    // brings them back
    System.setProperty(CONNECTION_LOG_LEVEL,
        System.getProperty(CONNECTION_LOG_LEVEL, "warn"));
    int status = new ServerLauncher(System.out, System.err, Runtime.getRuntime()::addShutdownHook)
        .run(args);
    // exit only on failure: after a clean shutdown the JVM is already running its shutdown hooks,
    // and System.exit would wait for them forever
    if (status != ServerLauncher.EXIT_OK) {
      System.exit(status);
    }
  }
}
