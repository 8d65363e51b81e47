package org.sockstap.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code stream}: {@code --conns} tunnels, one thread each, move {@code --bytes} in total. Down
 * sends {@code N\n} to a source and reads N bytes; up sends {@code N\n} and N bytes to a sink and
 * waits for its {@code OK\n}; both sends and reads N bytes through an echo target. The clock runs
 * from the moment every tunnel is open to the last byte.
 *
 * <p>Each tunnel is a non-blocking channel with direct buffers and its own selector, so the loop
 * neither allocates nor copies: it reads or writes until the kernel says "would block", then waits
 * at most 100 ms for readiness, checking the time limit in between.
 */
final class StreamLoad {
  private static final long SELECT_MILLIS = 100;

  private StreamLoad() {}

  static int run(ClientOptions options, PrintStream out) throws InterruptedException {
    Dialer dialer = new Dialer(options);
    Workers workers = new Workers(0);
    int n = options.conns();
    CyclicBarrier ready = new CyclicBarrier(n + 1);
    // opening is bounded by the connect and read timeouts of each handshake step
    long openMillis = 5L * options.timeoutMillis() + 1000;
    ProcessTree.Sample before = ProcessTree.sample(options.pid());
    Workers.Run run;
    try (Watchdog watchdog = new Watchdog(options.timeoutMillis())) {
      run = workers.run("stream", n, (id, stats) -> work(options,
          dialer.connector(watchdog.guard()), workers, ready, openMillis, id, stats),
          options.durationSeconds(), ready, openMillis);
    }
    ProcessTree.Sample after = ProcessTree.sample(options.pid());
    WorkerStats t = run.total();
    long end = t.endNanos != 0 && t.endNanos - run.startNanos() > 0 ? t.endNanos
        : System.nanoTime();
    double elapsed = (end - run.startNanos()) / 1e9;
    Direction direction = options.direction();
    double mib = (direction == Direction.UP ? t.sent : t.received) / 1048576.0;
    boolean complete = t.ok == n;
    out.printf(Locale.ROOT, "stream %s: %d tunnels, %.1f MiB in %.2f s = %.1f MiB/s%s%n",
        direction.cliName(), n, mib, elapsed, mib / elapsed, complete ? "" : " (INCOMPLETE)");
    out.println(t.errorLine());
    Result result = new Result(Mode.STREAM).add("dir", direction.cliName()).add("conns", n)
        .add("ok", t.ok).add("errors", t.errors()).add("complete", complete ? 1 : 0)
        .add("mib", mib, 1).add("elapsed", elapsed, 3).add("MiBps", mib / elapsed, 1);
    if (before != null && after != null) {
      double cpu = after.cpuSeconds() - before.cpuSeconds();
      result.add("cpu_s", cpu, 2).add("cpu_s_per_GiB", mib > 0 ? cpu * 1024 / mib : 0, 2);
    }
    out.println(result);
    return t.errors() > 0 ? 1 : 0;
  }

  private static void work(ClientOptions options, Dialer.Connector connector, Workers workers,
      CyclicBarrier ready, long openMillis, int id, WorkerStats stats) throws IOException {
    int n = options.conns();
    long share = options.bytes() / n + (id < options.bytes() % n ? 1 : 0);
    Direction direction = options.direction();
    SocketChannel channel = null;
    try {
      channel = connector.open();
    } catch (StageException e) {
      stats.fail(e.failure());
    } finally {
      try {
        ready.await(openMillis, TimeUnit.MILLISECONDS);
      } catch (BrokenBarrierException | TimeoutException | InterruptedException e) {
        // the run has started without this worker, or is over: go on and check the clock
      }
    }
    if (channel == null) {
      return;
    }
    try (Selector selector = Selector.open()) {
      if (!transfer(channel, connector.guard(), selector, direction, share, workers, stats)) {
        stats.fail(Failure.IO);
      } else {
        stats.ok++;
      }
    } finally {
      Dialer.close(channel);
    }
  }

  /** Moves this tunnel's share; returns whether all of it moved in time. */
  private static boolean transfer(SocketChannel channel, Watchdog.Guard guard, Selector selector,
      Direction direction, long share, Workers workers, WorkerStats stats) {
    long toSend = direction == Direction.DOWN ? 0 : share;
    long toReceive = direction == Direction.UP ? 3 : share; // up: the sink's "OK\n"
    ByteBuffer output = toSend > 0 ? Payload.directDigits() : ByteBuffer.allocate(0);
    ByteBuffer input = ByteBuffer.allocateDirect(direction == Direction.UP ? 16 : Payload.CHUNK);
    try {
      if (direction != Direction.BOTH) {
        // the request line, blocking: the only write before the loop
        guard.step();
        Dialer.writeFully(channel,
            ByteBuffer.wrap((share + "\n").getBytes(StandardCharsets.US_ASCII)));
      }
      // from here on the loop checks the clock itself
      guard.disarm();
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0);
      while ((toSend > 0 || toReceive > 0) && workers.running()) {
        boolean moved = false;
        if (toSend > 0) {
          output.clear().limit((int) Math.min(toSend, output.capacity()));
          int written = channel.write(output);
          toSend -= written;
          stats.sent += written;
          moved = written > 0;
        }
        // up: the sink answers only after the last byte, so do not poll for it before then
        boolean wantRead = toReceive > 0 && (direction != Direction.UP || toSend == 0);
        if (wantRead) {
          input.clear().limit((int) Math.min(toReceive, input.capacity()));
          int read = channel.read(input);
          if (read < 0) {
            break;
          }
          toReceive -= read;
          stats.received += read;
          moved |= read > 0;
        }
        if (!moved) {
          key.interestOps((toSend > 0 ? SelectionKey.OP_WRITE : 0)
              | (wantRead ? SelectionKey.OP_READ : 0));
          selector.select(SELECT_MILLIS);
          selector.selectedKeys().clear();
        }
      }
    } catch (IOException e) {
      // reset, or closed by the proxy: the share is incomplete
    } finally {
      guard.disarm();
    }
    stats.endNanos = System.nanoTime();
    return toSend == 0 && toReceive == 0;
  }
}
