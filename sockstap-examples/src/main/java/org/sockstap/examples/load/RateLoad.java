package org.sockstap.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * {@code rate}: per operation, connect, SOCKS handshake, echo {@code --size} bytes and close;
 * with {@code -C}, wait for the target to close first. Latency is the whole operation.
 */
final class RateLoad {
  private RateLoad() {}

  static int run(ClientOptions options, PrintStream out) throws InterruptedException {
    Dialer dialer = new Dialer(options);
    Workers workers = new Workers(options.count());
    ProcessTree.Sample before = ProcessTree.sample(options.pid());
    Workers.Run run;
    try (Watchdog watchdog = new Watchdog(options.timeoutMillis())) {
      run = workers.run("rate", options.threads(),
          (id, stats) -> work(options, dialer.connector(watchdog.guard()), workers, stats),
          options.durationSeconds(), null, 0);
    }
    double elapsed = (System.nanoTime() - run.startNanos()) / 1e9;
    ProcessTree.Sample after = ProcessTree.sample(options.pid());
    WorkerStats t = run.total();
    long p50 = t.latency.percentile(0.5);
    long p99 = t.latency.percentile(0.99);
    out.printf(Locale.ROOT, "rate: %d ops in %.2f s = %.0f ops/s, latency us p50=%d p99=%d"
        + " max=%d%n", t.ok, elapsed, t.ok / elapsed, p50, p99, t.latency.max());
    out.println(t.errorLine());
    Result result = new Result(Mode.RATE).add("ok", t.ok).add("errors", t.errors())
        .add("elapsed", elapsed, 3).add("ops_s", t.ok / elapsed, 1).add("p50_us", p50)
        .add("p99_us", p99).add("max_us", t.latency.max());
    if (before != null && after != null) {
      double cpu = after.cpuSeconds() - before.cpuSeconds();
      result.add("cpu_s", cpu, 2).add("cpu_us_per_op", t.ok > 0 ? cpu * 1e6 / t.ok : 0, 1);
    }
    out.println(result);
    return t.errors() > 0 ? 1 : 0;
  }

  private static void work(ClientOptions options, Dialer.Connector connector, Workers workers,
      WorkerStats stats) throws InterruptedException {
    Echo echo = new Echo(options.size());
    boolean serverCloses = options.serverClose();
    Watchdog.Guard guard = connector.guard();
    ByteBuffer eof = ByteBuffer.allocate(1);
    while (workers.running() && workers.ticket()) {
      long start = System.nanoTime();
      SocketChannel channel;
      try {
        channel = connector.open();
      } catch (StageException e) {
        stats.fail(e.failure());
        if (e.failure() == Failure.CONNECT) {
          Thread.sleep(1); // a refused or exhausted connect fails fast: do not spin on it
        }
        continue;
      }
      boolean ok;
      try {
        ok = echo.roundTrip(channel, guard) && (!serverCloses || expectEnd(channel, guard, eof));
      } catch (IOException e) {
        ok = false;
      } finally {
        guard.disarm();
        Dialer.close(channel);
      }
      if (!ok) {
        stats.fail(Failure.IO);
        continue;
      }
      stats.latency.record((System.nanoTime() - start) / 1000);
      stats.ok++;
    }
  }

  /** Whether the target closed the tunnel, with nothing more sent. */
  private static boolean expectEnd(SocketChannel channel, Watchdog.Guard guard, ByteBuffer one)
      throws IOException {
    guard.step();
    one.clear();
    return channel.read(one) < 0;
  }
}
