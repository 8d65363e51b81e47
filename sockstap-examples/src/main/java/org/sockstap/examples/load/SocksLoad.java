package org.sockstap.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -cp sockstap.jar org.sockstap.examples.load.SocksLoad MODE [options]}: load a SOCKS
 * proxy end to end without the C tool {@code socksload}, with its modes, options and
 * {@code RESULT} keys, so the figures of either can be compared. {@code --help} lists them.
 *
 * <pre>
 * SocksLoad serve --echo 127.0.0.1:17101 --echo-line 127.0.0.1:17104 --http 127.0.0.1:17180
 * SocksLoad rate -x 127.0.0.1:1080 -a 127.0.0.1:17104 -C -t 4 -d 10
 * </pre>
 *
 * <p>Exit status: 0 when every operation succeeded, 1 when some failed (or the targets could not
 * start), 2 for a usage error, shown as one line on standard error starting {@code socksload: }.
 */
public final class SocksLoad {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private SocksLoad() {}

  /**
   * Runs one mode and exits with its status.
   *
   * @param args the mode and its options
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err, null);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Does what {@code main} does, without exiting.
   *
   * @param args the mode and its options
   * @param out where results go
   * @param err where the error line goes
   * @param serveStop for {@code serve} without {@code -d}: counted down to stop serving; null
   *     to serve until the process ends
   * @return the exit status
   */
  static int run(String[] args, PrintStream out, PrintStream err,
      @Nullable CountDownLatch serveStop) {
    OptionsParser.Command command;
    try {
      command = OptionsParser.parse(Arrays.asList(args));
    } catch (UsageException e) {
      err.println("socksload: " + e.getMessage());
      return EXIT_USAGE;
    }
    try {
      if (command instanceof OptionsParser.Help) {
        out.print(Usage.text());
        return EXIT_OK;
      }
      if (command instanceof OptionsParser.Serve) {
        return serve(((OptionsParser.Serve) command).options(), out, err, serveStop);
      }
      ClientOptions options = ((OptionsParser.Client) command).options();
      switch (options.mode()) {
        case RATE: return RateLoad.run(options, out);
        case STREAM: return StreamLoad.run(options, out);
        case HTTP: return HttpLoad.run(options, out);
        case IDLE: return IdleLoad.run(options, out);
        default: throw new AssertionError(options.mode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("socksload: interrupted");
      return EXIT_FAILED;
    } finally {
      out.flush();
    }
  }

  private static int serve(ServeOptions options, PrintStream out, PrintStream err,
      @Nullable CountDownLatch stop) throws InterruptedException {
    Targets targets;
    try {
      targets = Targets.start(options);
    } catch (IOException e) {
      err.println("socksload: " + e.getMessage());
      return EXIT_FAILED;
    }
    try (targets) {
      for (TargetKind kind : options.listeners().keySet()) {
        out.println(kind.cliName() + " on " + hostPort(targets.address(kind)));
      }
      out.println("serving on " + (targets.virtualThreads() ? "virtual" : "platform")
          + " threads" + (options.durationSeconds() > 0
              ? " for " + options.durationSeconds() + " s" : " until stopped"));
      out.flush();
      CountDownLatch latch = stop != null ? stop : new CountDownLatch(1);
      if (options.durationSeconds() > 0) {
        latch.await(options.durationSeconds(), TimeUnit.SECONDS);
      } else {
        latch.await(); // Ctrl-C or SIGTERM ends the process
      }
    }
    return EXIT_OK;
  }

  static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
