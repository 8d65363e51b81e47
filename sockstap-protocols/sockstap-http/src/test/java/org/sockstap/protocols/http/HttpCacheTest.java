package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.core.cache.MemoryCache;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** The HTTP cache end to end: raw clients through SocksTap with a cache to a counting origin. */
class HttpCacheTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
  private HttpServer origin;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> base(b)
      .cache(new MemoryCache(16 << 20)));

  private org.sockstap.core.SocksTapServer.Builder base(
      org.sockstap.core.SocksTapServer.Builder b) {
    return b.discoverProtocols(false)
        .detector(new HttpDetector())
        .handler(new HttpHandler())
        .accessLog((protocol, line) -> records.add(line));
  }

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    context("/fresh", "Cache-Control", "max-age=3600");
    context("/nostore", "Cache-Control", "no-store, max-age=3600");
    context("/private", "Cache-Control", "private, max-age=3600");
    context("/cookie", "Set-Cookie", "a=b");
    context("/auth", "Cache-Control", "max-age=3600");
    context("/chunked", "Cache-Control", "max-age=3600");
    context("/vary", "Vary", "Accept-Encoding");
    origin.createContext("/encoded", exchange -> {
      count(exchange);
      String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      exchange.getResponseHeaders().add("Vary", "Accept-Encoding");
      send(exchange, "gzip".equals(encoding) ? "GZ" : "ID", false);
    });
    context("/varystar", "Vary", "*");
    origin.createContext("/etag", exchange -> {
      count(exchange);
      String condition = exchange.getRequestHeaders().getFirst("If-None-Match");
      exchange.getResponseHeaders().add("Cache-Control", "max-age=0");
      exchange.getResponseHeaders().add("ETag", "\"v1\"");
      if (condition != null) {
        ifNoneMatch.add(condition);
      }
      if ("\"v1\"".equals(condition)) {
        exchange.sendResponseHeaders(304, -1);
        exchange.close();
        return;
      }
      send(exchange, "body of /etag", false);
    });
    origin.start();
  }

  private void context(String path, String name, String value) {
    origin.createContext(path, exchange -> {
      count(exchange);
      exchange.getResponseHeaders().add(name, value);
      if (!path.equals("/fresh") || !exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      }
      send(exchange, "body of " + path, path.equals("/chunked"));
    });
  }

  private void count(HttpExchange exchange) {
    hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
        .incrementAndGet();
  }

  private static void send(HttpExchange exchange, String text, boolean chunked)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  private int originCount(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private String get(String path, String... extra) throws IOException {
    return request("GET", "127.0.0.1", origin.getAddress().getPort(),
        "127.0.0.1:" + origin.getAddress().getPort(), path, extra);
  }

  private String request(String method, String destination, int port, String host, String path,
      String... extra) throws IOException {
    StringBuilder text = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host
        + "\r\nConnection: close\r\n");
    for (String field : extra) {
      text.append(field).append("\r\n");
    }
    if (method.equals("POST")) {
      text.append("Content-Length: 0\r\n");
    }
    text.append("\r\n");
    try (Socket s = Through.socks(tap.address(), destination, port)) {
      s.getOutputStream().write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private String lastRecord(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, records.size(), records.toString());
    return records.get(count - 1);
  }

  private static String field(String response, String name) {
    for (String line : response.split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
      if (line.isEmpty()) {
        break;
      }
    }
    return null;
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void aSecondGetIsAHitTheOriginNeverSees() throws Exception {
    String first = get("/fresh");
    assertTrue(first.startsWith("HTTP/1.1 200 "), first);
    assertEquals("SocksTap; fwd=miss; stored", field(first, "Cache-Status"));
    assertEquals("MISS from sockstap", field(first, "X-Cache"));
    assertTrue(lastRecord(1).endsWith(" miss"), records.toString());
    String second = get("/fresh");
    assertTrue(second.startsWith("HTTP/1.1 200 "), second);
    assertEquals("body of /fresh", body(second));
    assertEquals("SocksTap; hit", field(second, "Cache-Status"));
    assertEquals("HIT from sockstap", field(second, "X-Cache"));
    assertEquals("14", field(second, "Content-Length"));
    assertTrue(field(second, "Age") != null, second);
    assertEquals(1, originCount("/fresh"));
    assertTrue(lastRecord(2).endsWith(" hit"), records.toString());
  }

  @Test
  void aChunkedResponseIsStoredDecodedAndServedWithALength() throws Exception {
    get("/chunked");
    String second = get("/chunked");
    assertEquals("body of /chunked", body(second));
    assertEquals("16", field(second, "Content-Length"));
    assertNull(field(second, "Transfer-Encoding"));
    assertEquals(1, originCount("/chunked"));
  }

  @Test
  void aDiskCacheKeepsItsEntriesAcrossARestart(@TempDir Path dir) throws Exception {
    tap.restart(b -> base(b).cacheDirectory(dir, 64 << 20));
    get("/fresh");
    tap.restart(b -> base(b).cacheDirectory(dir, 64 << 20));
    String again = get("/fresh");
    assertEquals("SocksTap; hit", field(again, "Cache-Status"), again);
    assertEquals("body of /fresh", body(again));
    assertEquals(1, originCount("/fresh"));
  }

  @Test
  void inLazyModeAHitNeedsNoServerAtAll() throws Exception {
    tap.restart(b -> base(b).tap("http:::connect=lazy").cache(new MemoryCache(16 << 20)));
    get("/fresh");
    origin.stop(0);
    String again = get("/fresh");
    assertTrue(again.startsWith("HTTP/1.1 200 "), again);
    assertEquals("body of /fresh", body(again));
  }

  @Test
  void privateAndPersonalResponsesAreNotStored() throws Exception {
    for (String path : new String[] {"/nostore", "/private", "/cookie"}) {
      String first = get(path);
      assertEquals("SocksTap; fwd=miss", field(first, "Cache-Status"), first);
      assertEquals("MISS from sockstap", field(first, "X-Cache"), first);
      get(path);
      assertEquals(2, originCount(path), path);
    }
    get("/auth", "Authorization: Basic dTpw");
    get("/auth", "Authorization: Basic dTpw");
    assertEquals(2, originCount("/auth"));
  }

  @Test
  void aVariantIsAHitOnlyForTheSameVariedFieldValues() throws Exception {
    get("/vary", "Accept-Encoding: gzip");
    String same = get("/vary", "Accept-Encoding: gzip");
    assertEquals("SocksTap; hit", field(same, "Cache-Status"), same);
    String other = get("/vary", "Accept-Encoding: br");
    assertEquals("SocksTap; fwd=miss; stored", field(other, "Cache-Status"), other);
    assertEquals(2, originCount("/vary"));
  }

  /** Test C2: each Accept-Encoding variant is stored separately and served to its own. */
  @Test
  void eachVariantIsKeptAndServedToTheMatchingRequest() throws Exception {
    String gzip = get("/encoded", "Accept-Encoding: gzip");
    String identity = get("/encoded", "Accept-Encoding: identity");
    assertEquals("GZ", body(gzip), gzip);
    assertEquals("ID", body(identity), identity);
    String gzipAgain = get("/encoded", "Accept-Encoding: gzip");
    String identityAgain = get("/encoded", "Accept-Encoding: identity");
    assertEquals("GZ", body(gzipAgain), gzipAgain);
    assertEquals("SocksTap; hit", field(gzipAgain, "Cache-Status"), gzipAgain);
    assertEquals("ID", body(identityAgain), identityAgain);
    assertEquals("SocksTap; hit", field(identityAgain, "Cache-Status"), identityAgain);
    assertEquals(2, originCount("/encoded"));
  }

  @Test
  void aPostMakesEveryVariantUnreachable() throws Exception {
    get("/encoded", "Accept-Encoding: gzip");
    get("/encoded", "Accept-Encoding: identity");
    int port = origin.getAddress().getPort();
    request("POST", "127.0.0.1", port, "127.0.0.1:" + port, "/encoded");
    String gzip = get("/encoded", "Accept-Encoding: gzip");
    String identity = get("/encoded", "Accept-Encoding: identity");
    assertEquals("SocksTap; fwd=miss; stored", field(gzip, "Cache-Status"), gzip);
    assertEquals("SocksTap; fwd=miss; stored", field(identity, "Cache-Status"), identity);
    assertEquals("GZ", body(gzip), gzip);
    assertEquals("ID", body(identity), identity);
    assertEquals(5, originCount("/encoded"));
  }

  /** Test C2: a response with {@code Vary: *} never answers another request. */
  @Test
  void varyStarIsNeverAHit() throws Exception {
    for (int i = 0; i < 3; i++) {
      String answer = get("/varystar");
      assertFalse(field(answer, "Cache-Status").contains("hit"), answer);
    }
    assertEquals(3, originCount("/varystar"));
  }

  /** The control for the truncation test: the same origin with a complete body is stored. */
  @Test
  void aCompleteBodyFromARawOriginIsStored() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      if (Bytes.readLine(socket.getInputStream()) == null) {
        return;
      }
      requests.incrementAndGet();
      socket.getOutputStream().write(Bytes.ascii("HTTP/1.1 200 OK\r\nCache-Control: max-age=3600"
          + "\r\nContent-Length: 10\r\n\r\n0123456789"));
    })) {
      request("GET", "127.0.0.1", raw.port(), "127.0.0.1:" + raw.port(), "/t");
      String again = request("GET", "127.0.0.1", raw.port(), "127.0.0.1:" + raw.port(), "/t");
      assertEquals("0123456789", body(again));
      assertEquals(1, requests.get());
    }
  }

  static Stream<String> truncations() {
    return Stream.of("length", "chunked", "reset");
  }

  /** C3: a body that does not end properly is never stored. */
  @ParameterizedTest
  @MethodSource("truncations")
  void aTruncatedBodyIsNotStored(String how) throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      if (Bytes.readLine(socket.getInputStream()) == null) {
        return;
      }
      requests.incrementAndGet();
      String head = "HTTP/1.1 200 OK\r\nCache-Control: max-age=3600\r\n";
      switch (how) {
        case "length":
          socket.getOutputStream().write(Bytes.ascii(
              head + "Content-Length: 1000\r\n\r\n0123456789"));
          break;
        case "chunked":
          socket.getOutputStream().write(Bytes.ascii(
              head + "Transfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n"));
          break;
        default:
          socket.getOutputStream().write(Bytes.ascii(
              head + "Content-Length: 1000\r\n\r\n0123456789"));
          socket.getOutputStream().flush();
          Thread.sleep(50);
          socket.setSoLinger(true, 0);
          break;
      }
    })) {
      for (int i = 0; i < 2; i++) {
        try {
          request("GET", "127.0.0.1", raw.port(), "127.0.0.1:" + raw.port(), "/t");
        } catch (java.net.SocketException reset) {
          // the client may see the abort as a reset
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (requests.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(2, requests.get());
    }
  }

  /**
   * A raw origin answering each request on a connection in turn: the request heads it saw go
   * to {@code seen}, the answer is {@code answers.apply(number of the request, its head)}.
   */
  private static LoopbackServer scripted(List<String> seen,
      java.util.function.BiFunction<Integer, String, String> answers) throws IOException {
    return LoopbackServer.start(socket -> {
      while (true) {
        StringBuilder head = new StringBuilder();
        String line;
        while ((line = Bytes.readLine(socket.getInputStream())) != null && !line.equals("\r\n")) {
          head.append(line);
        }
        if (line == null) {
          return;
        }
        seen.add(head.toString());
        socket.getOutputStream().write(Bytes.ascii(answers.apply(seen.size(), head.toString())));
        socket.getOutputStream().flush();
      }
    });
  }

  /** C4: a 304 cannot change the stored framing, nor bring hop-by-hop fields. */
  @Test
  void a304CannotChangeFramingOrAddHopByHopFields() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = scripted(seen, (n, head) -> head.contains("If-None-Match")
        ? "HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\nContent-Length: 99999\r\n"
            + "Connection: x\r\nx: bad\r\nX-New: 1\r\nKeep-Alive: timeout=5\r\n\r\n"
        : "HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nETag: \"e\"\r\n"
            + "Content-Length: 5\r\n\r\nhello")) {
      String host = "127.0.0.1:" + raw.port();
      request("GET", "127.0.0.1", raw.port(), host, "/r");
      String second = request("GET", "127.0.0.1", raw.port(), host, "/r");
      assertTrue(second.startsWith("HTTP/1.1 200 "), second);
      assertEquals("5", field(second, "Content-Length"), second);
      assertEquals("hello", body(second));
      assertEquals("1", field(second, "X-New"), second);
      assertNull(field(second, "x"), second);
      assertNull(field(second, "Keep-Alive"), second);
      assertEquals(2, seen.size());
    }
  }

  /** C4: a 304 that would make the stored head too large is a miss, asked again plainly. */
  @Test
  void a304ThatMakesTheHeadTooLargeIsAMiss() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    String padA = "a".repeat(40_000);
    String padB = "b".repeat(40_000);
    try (LoopbackServer raw = scripted(seen, (n, head) -> n == 1
        ? "HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nETag: \"e\"\r\nX-A: " + padA
            + "\r\nContent-Length: 5\r\n\r\nhello"
        : head.contains("If-None-Match")
            ? "HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\nX-B: " + padB + "\r\n\r\n"
            : "HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nETag: \"f\"\r\n"
                + "Content-Length: 5\r\n\r\nworld")) {
      String host = "127.0.0.1:" + raw.port();
      request("GET", "127.0.0.1", raw.port(), host, "/r");
      String second = request("GET", "127.0.0.1", raw.port(), host, "/r");
      assertTrue(second.startsWith("HTTP/1.1 200 "), second);
      assertEquals("world", body(second));
      assertEquals(3, seen.size(), seen.toString());
      assertFalse(seen.get(2).contains("If-None-Match"), seen.get(2));
      assertTrue(lastRecord(2).endsWith(" miss"), records.toString());
    }
  }

  /** C5: error statuses without freshness are never stored, even with a validator. */
  @Test
  void anErrorStatusIsNotStored() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = scripted(seen, (n, head) ->
        "HTTP/1.1 500 Oops\r\nETag: \"e\"\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT"
            + "\r\nContent-Length: 4\r\n\r\noops")) {
      String host = "127.0.0.1:" + raw.port();
      request("GET", "127.0.0.1", raw.port(), host, "/e");
      String second = request("GET", "127.0.0.1", raw.port(), host, "/e");
      assertEquals("SocksTap; fwd=miss", field(second, "Cache-Status"), second);
      assertEquals(2, seen.size());
    }
  }

  /**
   * Heuristic freshness: Last-Modified 10 days before Date and nothing else gives min(expire,
   * 0.1 x 10 days), one day by default; {@code expire=0} disables it.
   */
  @Test
  void aLastModifiedResponseIsHeuristicallyFreshUnlessExpireIsZero() throws Exception {
    java.time.format.DateTimeFormatter http = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    String answer = "HTTP/1.1 200 OK\r\nDate: " + http.format(now) + "\r\nLast-Modified: "
        + http.format(now.minusDays(10)) + "\r\nContent-Length: 5\r\n\r\nhello";
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = scripted(seen, (n, head) -> answer)) {
      String host = "127.0.0.1:" + raw.port();
      request("GET", "127.0.0.1", raw.port(), host, "/h");
      String second = request("GET", "127.0.0.1", raw.port(), host, "/h");
      assertEquals("SocksTap; hit", field(second, "Cache-Status"), second);
      assertEquals("hello", body(second));
      assertEquals(1, seen.size(), seen.toString());
    }
    tap.restart(b -> base(b).tap("http:::expire=0").cache(new MemoryCache(16 << 20)));
    seen.clear();
    try (LoopbackServer raw = scripted(seen, (n, head) -> answer)) {
      String host = "127.0.0.1:" + raw.port();
      request("GET", "127.0.0.1", raw.port(), host, "/h");
      String second = request("GET", "127.0.0.1", raw.port(), host, "/h");
      assertEquals("hello", body(second));
      assertFalse("SocksTap; hit".equals(field(second, "Cache-Status")), second);
      assertEquals(2, seen.size(), seen.toString());
    }
  }

  @Test
  void aHostOtherThanTheSocksDestinationIsRelayedButNotStored() throws Exception {
    int port = origin.getAddress().getPort();
    try (LogCapture log = LogCapture.start()) {
      String first = request("GET", "127.0.0.1", port, "victim.test:" + port, "/fresh");
      assertEquals("body of /fresh", body(first));
      request("GET", "127.0.0.1", port, "victim.test:" + port, "/fresh");
      assertEquals(2, originCount("/fresh"));
      assertTrue(log.text().contains("Host victim.test:" + port
          + " differs from the SOCKS destination"), log.text());
    }
  }

  @Test
  void aStaleEntryIsRevalidatedWithItsEtag() throws Exception {
    get("/etag");
    String second = get("/etag");
    assertTrue(second.startsWith("HTTP/1.1 200 "), second);
    assertEquals("body of /etag", body(second));
    assertEquals("SocksTap; fwd=stale; fwd-status=304", field(second, "Cache-Status"));
    assertEquals("HIT from sockstap", field(second, "X-Cache"), "served from the cache");
    assertEquals(List.of("\"v1\""), ifNoneMatch);
    assertEquals(2, originCount("/etag"));
    assertTrue(lastRecord(2).endsWith(" revalidated"), records.toString());
  }

  @Test
  void offlineWithNothingStoredIs504AndTheOriginIsUntouched() throws Exception {
    tap.restart(b -> base(b).tap("http:::cache=offline").cache(new MemoryCache(16 << 20)));
    String answer = get("/fresh");
    assertTrue(answer.startsWith("HTTP/1.1 504 "), answer);
    assertEquals(0, originCount("/fresh"));
    assertTrue(lastRecord(1).endsWith(" offline-miss"), records.toString());
  }

  @Test
  void onlyIfCachedWithNothingStoredIs504() throws Exception {
    String answer = get("/fresh", "Cache-Control: only-if-cached");
    assertTrue(answer.startsWith("HTTP/1.1 504 "), answer);
    assertEquals(0, originCount("/fresh"));
    get("/fresh");
    String hit = get("/fresh", "Cache-Control: only-if-cached");
    assertEquals("SocksTap; hit", field(hit, "Cache-Status"));
  }

  @Test
  void aPostRemovesTheEntry() throws Exception {
    get("/fresh");
    int port = origin.getAddress().getPort();
    request("POST", "127.0.0.1", port, "127.0.0.1:" + port, "/fresh");
    String after = get("/fresh");
    assertEquals("SocksTap; fwd=miss; stored", field(after, "Cache-Status"), after);
    assertEquals(3, originCount("/fresh"));
  }

  @Test
  void readonlyStoresNothing() throws Exception {
    tap.restart(b -> base(b).tap("http:::cache=readonly").cache(new MemoryCache(16 << 20)));
    String first = get("/fresh");
    assertEquals("SocksTap; fwd=miss", field(first, "Cache-Status"), first);
    get("/fresh");
    assertEquals(2, originCount("/fresh"));
  }

  @Test
  void aMalformedCacheParameterIsTheMisconfigured500() throws Exception {
    tap.restart(b -> base(b).tap("http:::cache=maybe").cache(new MemoryCache(16 << 20)));
    try (LogCapture log = LogCapture.start()) {
      String answer = get("/fresh");
      assertTrue(answer.startsWith("HTTP/1.1 500 "), answer);
      assertEquals(0, originCount("/fresh"));
      assertTrue(log.text().contains("cache: \"maybe\""), log.text());
    }
  }

  @Test
  void withoutACacheNothingChanges() throws Exception {
    tap.restart(this::base);
    String first = get("/fresh");
    assertFalse(first.contains("Cache-Status"), first);
    assertFalse(first.contains("X-Cache"), first);
    get("/fresh");
    assertEquals(2, originCount("/fresh"));
    assertTrue(lastRecord(2).endsWith(" bypass"), records.toString());
  }
}
