package org.sockstap.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code http}: GET {@code --path} through the tunnel, {@code --keepalive} requests per
 * connection, one request at a time per thread. Latency runs from sending the request to the last
 * body byte; responses marked as cache hits are counted. With {@code -H} the proxy is an HTTP
 * proxy and the requests are in absolute form.
 */
final class HttpLoad {
  private HttpLoad() {}

  static int run(ClientOptions options, PrintStream out) throws InterruptedException {
    Dialer dialer = new Dialer(options);
    Workers workers = new Workers(options.count());
    byte[] request = request(options);
    ProcessTree.Sample before = ProcessTree.sample(options.pid());
    Workers.Run run;
    try (Watchdog watchdog = new Watchdog(options.timeoutMillis())) {
      run = workers.run("http", options.threads(),
          (id, stats) -> work(options, dialer.connector(watchdog.guard()), workers, request, stats),
          options.durationSeconds(), null, 0);
    }
    double elapsed = (System.nanoTime() - run.startNanos()) / 1e9;
    ProcessTree.Sample after = ProcessTree.sample(options.pid());
    WorkerStats t = run.total();
    double mib = t.received / 1048576.0;
    long p50 = t.latency.percentile(0.5);
    long p99 = t.latency.percentile(0.99);
    out.printf(Locale.ROOT, "http: %d requests in %.2f s = %.0f req/s, %.1f MiB/s body, latency"
        + " us p50=%d p99=%d max=%d, cache hits=%d%n", t.ok, elapsed, t.ok / elapsed,
        mib / elapsed, p50, p99, t.latency.max(), t.hits);
    out.println(t.errorLine());
    Result result = new Result(Mode.HTTP).add("ok", t.ok).add("errors", t.errors())
        .add("elapsed", elapsed, 3).add("req_s", t.ok / elapsed, 1).add("MiBps", mib / elapsed, 1)
        .add("p50_us", p50).add("p99_us", p99).add("max_us", t.latency.max())
        .add("hits", t.hits);
    if (before != null && after != null) {
      double cpu = after.cpuSeconds() - before.cpuSeconds();
      result.add("cpu_s", cpu, 2).add("cpu_us_per_req", t.ok > 0 ? cpu * 1e6 / t.ok : 0, 1);
    }
    out.println(result);
    return t.errors() > 0 ? 1 : 0;
  }

  static byte[] request(ClientOptions options) {
    String hostPort = options.target().hostPort();
    String target = options.httpProxy() ? "http://" + hostPort + options.path() : options.path();
    return ("GET " + target + " HTTP/1.1\r\nHost: " + hostPort
        + "\r\nUser-Agent: sockstap-load\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static void work(ClientOptions options, Dialer.Connector connector, Workers workers,
      byte[] request, WorkerStats stats) throws InterruptedException {
    Watchdog.Guard guard = connector.guard();
    HttpResponseReader reader = new HttpResponseReader(1 << 16, Payload.CHUNK);
    ByteBuffer requestOut = ByteBuffer.wrap(request);
    SocketChannel channel = null;
    int onThisConnection = 0;
    try {
      while (workers.running() && workers.ticket()) {
        if (channel == null) {
          onThisConnection = 0;
          try {
            channel = connector.open();
          } catch (StageException e) {
            stats.fail(e.failure());
            Thread.sleep(1); // do not spin on a proxy that refuses
            continue;
          }
        }
        long start = System.nanoTime();
        HttpResponseReader.Outcome outcome;
        try {
          guard.step();
          requestOut.clear();
          Dialer.writeFully(channel, requestOut);
          outcome = reader.read(channel);
        } catch (IOException e) {
          outcome = HttpResponseReader.Outcome.BAD;
        }
        if (outcome == HttpResponseReader.Outcome.BAD) {
          stats.fail(Failure.IO);
          channel = close(channel, guard);
          continue;
        }
        stats.latency.record((System.nanoTime() - start) / 1000);
        stats.ok++;
        stats.received += reader.bodyBytes();
        stats.hits += reader.hit() ? 1 : 0;
        if (outcome == HttpResponseReader.Outcome.CLOSE
            || ++onThisConnection >= options.keepAlive()) {
          channel = close(channel, guard);
        }
      }
    } finally {
      close(channel, guard);
    }
  }

  /** Closes the channel if any; returns null, for {@code channel = close(channel)}. */
  private static @Nullable SocketChannel close(@Nullable SocketChannel channel,
      Watchdog.Guard guard) {
    guard.disarm();
    if (channel != null) {
      Dialer.close(channel);
    }
    return null;
  }
}
