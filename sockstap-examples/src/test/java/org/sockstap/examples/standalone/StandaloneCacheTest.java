package org.sockstap.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.core.testing.Curl;
import org.sockstap.examples.testing.LineSink;

/**
 * The standalone server as a user runs it, with {@code --cache-dir}: curl's second request is a
 * hit the origin never sees, the hit survives a restart, and in lazy mode it is served with the
 * origin stopped.
 */
class StandaloneCacheTest {
  @TempDir Path cacheDir;

  private final LineSink out = new LineSink();
  private final ServerLauncher launcher = new ServerLauncher(out.printStream(),
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), hook -> { });

  private ServerLauncher.Running start(Path accessLog) throws Exception {
    return launcher.start(OptionsParser.parse(List.of("--listen", "127.0.0.1:0",
        "--cache-dir", cacheDir.toString(), "--access-log", accessLog.toString(),
        "--tap", "http:::connect=lazy", "--tap", "*")));
  }

  @Test
  void hitsSurviveARestartAndAStoppedOrigin(@TempDir Path logs) throws Exception {
    AtomicInteger originRequests = new AtomicInteger();
    HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/page", exchange -> {
      originRequests.incrementAndGet();
      byte[] body = "cached page\n".getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
    String url = "http://localhost:" + origin.getAddress().getPort() + "/page";
    String[] headersAndBody = {"-D", "-", url};
    try (ServerLauncher.Running running = start(logs.resolve("a.log"))) {
      String first = Curl.through(running.server().localAddress(), headersAndBody);
      String second = Curl.through(running.server().localAddress(), headersAndBody);
      assertTrue(first.contains("Cache-Status: SocksTap; fwd=miss; stored"), first);
      assertTrue(second.contains("Cache-Status: SocksTap; hit"), second);
      assertTrue(second.endsWith("cached page\n"), second);
      assertEquals(1, originRequests.get(), "the hit never reached the origin");
    }
    origin.stop(0);
    try (ServerLauncher.Running running = start(logs.resolve("b.log"))) {
      String afterRestart = Curl.through(running.server().localAddress(), headersAndBody);
      assertTrue(afterRestart.contains("Cache-Status: SocksTap; hit"), afterRestart);
      assertTrue(afterRestart.endsWith("cached page\n"), afterRestart);
    }
    assertEquals(1, originRequests.get());
  }
}
