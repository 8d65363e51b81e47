package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.cache.MemoryCache;
import org.sockstap.core.testing.Curl;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** Range requests answered from a complete stored response. */
class HttpCacheRangeTest {
  private static final String BODY = "0123456789abcdefghijklmnopqrstuvwxyz";

  private final List<String> records = new CopyOnWriteArrayList<>();
  private final AtomicInteger originHits = new AtomicInteger();
  private HttpServer origin;
  private int port;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b.discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler())
      .cache(new MemoryCache(16 << 20))
      .accessLog((protocol, line) -> records.add(line)));

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    port = origin.getAddress().getPort();
    origin.createContext("/file", exchange -> {
      originHits.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      exchange.getResponseHeaders().add("ETag", "\"v1\"");
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      // the origin ignores Range: every answer is the whole 200
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  private String get(String... extra) throws IOException {
    return request("GET", extra);
  }

  private String request(String method, String... extra) throws IOException {
    StringBuilder text = new StringBuilder(method + " /file HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nConnection: close\r\n");
    for (String field : extra) {
      text.append(field).append("\r\n");
    }
    text.append("\r\n");
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", port)) {
      s.getOutputStream().write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
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
  void aSingleRangeOfAFreshEntryIsA206Slice() throws Exception {
    get();
    String middle = get("Range: bytes=10-19");
    assertTrue(middle.startsWith("HTTP/1.1 206 Partial Content\r\n"), middle);
    assertEquals("bytes 10-19/36", field(middle, "Content-Range"));
    assertEquals("10", field(middle, "Content-Length"));
    assertEquals("abcdefghij", body(middle));
    assertEquals("SocksTap; hit", field(middle, "Cache-Status"));
    assertTrue(record(2).contains("\" 206 10 "), records.toString());
    assertEquals("uvwxyz", body(get("Range: bytes=30-")));
    assertEquals("xyz", body(get("Range: bytes=-3")));
    assertEquals(1, originHits.get());
  }

  @Test
  void curlGetsTheFirstTenBytes() throws Exception {
    get();
    assertEquals("0123456789", Curl.through(tap.address(), "-r", "0-9",
        "http://127.0.0.1:" + port + "/file"));
    assertEquals(1, originHits.get());
  }

  @Test
  void anUnsatisfiableRangeIs416() throws Exception {
    get();
    String none = get("Range: bytes=36-");
    assertTrue(none.startsWith("HTTP/1.1 416 "), none);
    assertEquals("bytes */36", field(none, "Content-Range"));
    assertEquals("0", field(none, "Content-Length"));
    assertEquals("", body(none));
  }

  @Test
  void severalRangesOrAnotherIfRangeAreTheWhole200() throws Exception {
    get();
    String several = get("Range: bytes=0-1,5-6");
    assertTrue(several.startsWith("HTTP/1.1 200 "), several);
    assertEquals(BODY, body(several));
    assertEquals(BODY, body(get("Range: bytes=0-1", "If-Range: \"v0\"")));
    assertEquals("01", body(get("Range: bytes=0-1", "If-Range: \"v1\"")));
    assertEquals(1, originHits.get());
  }

  @Test
  void aRangeOnAMissGoesToTheServer() throws Exception {
    String first = get("Range: bytes=0-1");
    assertTrue(first.startsWith("HTTP/1.1 200 "), first);
    assertEquals(BODY, body(first));
    assertEquals("01", body(get("Range: bytes=0-1")));
    assertEquals(1, originHits.get());
  }

  @Test
  void aHeadIsAnsweredFromTheStoredGet() throws Exception {
    String before = request("HEAD");
    assertTrue(before.startsWith("HTTP/1.1 200 "), before);
    assertTrue(record(1).endsWith(" bypass"), records.toString());
    get();
    String head = request("HEAD", "Range: bytes=0-1");
    assertTrue(head.startsWith("HTTP/1.1 200 "), head);
    assertEquals("36", field(head, "Content-Length"));
    assertEquals("SocksTap; hit", field(head, "Cache-Status"));
    assertEquals("", body(head));
    assertTrue(record(3).endsWith(" hit"), records.toString());
    assertEquals(2, originHits.get());
  }
}
