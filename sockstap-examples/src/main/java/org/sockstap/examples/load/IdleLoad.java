package org.sockstap.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code idle}: open {@code --conns} tunnels with one echo each, sample the proxy's memory one
 * second later, hold them {@code --hold} seconds, then re-check each with another echo (30 s at
 * most for all). Memory growth per tunnel needs {@code --pid}.
 */
final class IdleLoad {
  private static final long SETTLE_MILLIS = 1000;
  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

  private IdleLoad() {}

  static int run(ClientOptions options, PrintStream out) throws InterruptedException {
    Dialer dialer = new Dialer(options);
    Workers workers = new Workers(0);
    SocketChannel[] tunnels = new SocketChannel[options.conns()];
    int threads = Math.min(options.threads(), options.conns());
    ProcessTree.Sample before = ProcessTree.sample(options.pid());
    int alive = 0;
    WorkerStats t;
    try (Watchdog watchdog = new Watchdog(options.timeoutMillis())) {
      Workers.Run run = workers.run("idle", threads, (id, stats) -> open(options,
          dialer.connector(watchdog.guard()), workers, tunnels, id, threads, stats),
          options.durationSeconds(), null, 0);
      double elapsed = (System.nanoTime() - run.startNanos()) / 1e9;
      t = run.total();
      Thread.sleep(SETTLE_MILLIS); // let the proxy settle before sampling its memory
      ProcessTree.Sample after = ProcessTree.sample(options.pid());
      out.printf(Locale.ROOT, "idle: opened %d/%d tunnels in %.2f s; holding %d s%n", t.ok,
          tunnels.length, elapsed, options.holdSeconds());
      out.flush();
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.holdSeconds()));
      alive = recheck(tunnels, options.size(), watchdog.guard());
      out.println(t.errorLine());
      Result result = new Result(Mode.IDLE).add("opened", t.ok).add("alive", alive)
          .add("errors", t.errors());
      if (before != null && after != null && t.ok > 0) {
        result.add("procs", after.processes())
            .add("rss_before_kb", before.rssKb()).add("rss_after_kb", after.rssKb())
            .add("pss_before_kb", before.pssKb()).add("pss_after_kb", after.pssKb())
            .add("rss_per_conn_B", (after.rssKb() - before.rssKb()) * 1024.0 / t.ok, 0)
            .add("pss_per_conn_B", (after.pssKb() - before.pssKb()) * 1024.0 / t.ok, 0);
      }
      out.println(result);
    } finally {
      for (SocketChannel tunnel : tunnels) {
        if (tunnel != null) {
          Dialer.close(tunnel);
        }
      }
    }
    // a tunnel that died while held failed too, unlike the C tool, which only counts opening
    return t.errors() > 0 || alive < t.ok ? 1 : 0;
  }

  private static void open(ClientOptions options, Dialer.Connector connector, Workers workers,
      SocketChannel[] tunnels, int id, int threads, WorkerStats stats) {
    Echo echo = new Echo(options.size());
    Watchdog.Guard guard = connector.guard();
    for (int i = id; i < tunnels.length && workers.running(); i += threads) {
      SocketChannel channel;
      try {
        channel = connector.open();
      } catch (StageException e) {
        stats.fail(e.failure());
        continue;
      }
      boolean ok;
      try {
        ok = echo.roundTrip(channel, guard);
      } catch (IOException e) {
        ok = false;
      } finally {
        guard.disarm(); // held idle from here on, unwatched
      }
      if (ok) {
        tunnels[i] = channel;
        stats.ok++;
      } else {
        Dialer.close(channel);
        stats.fail(Failure.IO);
      }
    }
  }

  private static int recheck(SocketChannel[] tunnels, int size, Watchdog.Guard guard) {
    Echo echo = new Echo(size);
    long deadline = System.nanoTime() + RECHECK_NANOS;
    int alive = 0;
    for (SocketChannel tunnel : tunnels) {
      if (tunnel == null || System.nanoTime() - deadline > 0) {
        continue;
      }
      guard.arm(tunnel);
      try {
        if (echo.roundTrip(tunnel, guard)) {
          alive++;
        }
      } catch (IOException e) {
        // dead: not counted
      } finally {
        guard.disarm();
      }
    }
    return alive;
  }
}
