package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.cache.MemoryCache;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** {@code stale-if-error}: a stale stored response stands in for a failing server. */
class HttpStaleIfErrorTest {
  private static final String SERVED_STALE = "SocksTap; fwd=stale; detail=\"stale-if-error\"";

  private final List<String> records = new CopyOnWriteArrayList<>();
  private HttpServer origin;
  private int port;
  /** 0: answer 200 with {@link #cacheControl}; else answer this status. */
  private volatile int failWith;
  private volatile String cacheControl = "max-age=0";
  private volatile String age;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> base(b, "stale-if-error=60"));

  private org.sockstap.core.SocksTapServer.Builder base(
      org.sockstap.core.SocksTapServer.Builder b, String params) {
    return b.discoverProtocols(false)
        .detector(new HttpDetector())
        .handler(new HttpHandler())
        .tap("http:::connect=lazy" + (params.isEmpty() ? "" : " " + params))
        .cache(new MemoryCache(16 << 20))
        .accessLog((protocol, line) -> records.add(line));
  }

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    port = origin.getAddress().getPort();
    origin.createContext("/page", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int status = failWith;
      byte[] body = (status == 0 ? "the page" : "failing").getBytes(StandardCharsets.US_ASCII);
      if (status == 0) {
        exchange.getResponseHeaders().add("Cache-Control", cacheControl);
        // a validator: a response stale on arrival is stored only with one
        exchange.getResponseHeaders().add("ETag", "\"v1\"");
        if (age != null) {
          exchange.getResponseHeaders().add("Age", age);
        }
      }
      exchange.sendResponseHeaders(status == 0 ? 200 : status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  private String get() throws IOException {
    String text = "GET /page HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n";
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", port)) {
      s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private String record(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, records.size(), records.toString());
    return records.get(count - 1);
  }

  private static String field(String response, String name) {
    for (String line : response.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void aStaleEntryIsServedWhenTheOriginIsGone() throws Exception {
    cacheControl = "max-age=1";
    assertEquals("SocksTap; fwd=miss; stored", field(get(), "Cache-Status"));
    Thread.sleep(1100);
    origin.stop(0);
    try (LogCapture log = LogCapture.start()) {
      String stale = get();
      assertTrue(stale.startsWith("HTTP/1.1 200 "), stale);
      assertEquals("the page", body(stale));
      assertEquals(SERVED_STALE, field(stale, "Cache-Status"));
      assertNotNull(field(stale, "Age"), stale);
      assertTrue(record(2).endsWith(" stale"), records.toString());
      String warned = log.text();
      assertTrue(warned.contains("WARN") && warned.contains("stale-if-error")
          && warned.contains("cannot be reached"), warned);
    }
  }

  @Test
  void aStaleEntryStandsInForA503() throws Exception {
    get();
    failWith = 503;
    String stale = get();
    assertTrue(stale.startsWith("HTTP/1.1 200 "), stale);
    assertEquals("the page", body(stale));
    assertEquals("SocksTap; fwd=stale; fwd-status=503; detail=\"stale-if-error\"",
        field(stale, "Cache-Status"));
    assertEquals("HIT from sockstap", field(stale, "X-Cache"), "served from the cache");
    assertTrue(record(2).endsWith(" stale"), records.toString());
    failWith = 0;
    String fresh = get();
    assertEquals("SocksTap; fwd=stale; stored", field(fresh, "Cache-Status"));
    assertEquals("MISS from sockstap", field(fresh, "X-Cache"));
  }

  @Test
  void withoutTheParameterErrorsArePassedOn() throws Exception {
    tap.restart(b -> base(b, ""));
    get();
    failWith = 503;
    assertTrue(get().startsWith("HTTP/1.1 503 "));
    origin.stop(0);
    assertTrue(get().startsWith("HTTP/1.1 502 "));
  }

  @Test
  void theResponsesOwnDirectiveIsHonoured() throws Exception {
    tap.restart(b -> base(b, ""));
    cacheControl = "max-age=0, stale-if-error=60";
    get();
    failWith = 500;
    assertEquals("the page", body(get()));
  }

  @Test
  void beyondTheBoundTheErrorIsPassedOn() throws Exception {
    age = "100";
    get();
    failWith = 502;
    assertTrue(get().startsWith("HTTP/1.1 502 "));
    assertTrue(record(2).endsWith(" miss"), records.toString());
  }

  @Test
  void mustRevalidateForbidsIt() throws Exception {
    cacheControl = "max-age=0, must-revalidate";
    get();
    failWith = 504;
    assertTrue(get().startsWith("HTTP/1.1 504 "));
  }
}
