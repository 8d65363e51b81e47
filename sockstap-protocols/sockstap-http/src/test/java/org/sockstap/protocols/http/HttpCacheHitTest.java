package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.core.testing.Curl;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/**
 * Hits served from the disk cache on real sockets: large bodies and slices sent without a copy
 * (byte for byte what the origin sent), HEAD, keep-alive and pipelined hits in order, Squid's
 * {@code X-Cache}, and damaged entries that are never served whole.
 */
class HttpCacheHitTest {
  private static final int BIG = 1024 * 1024;
  private static final byte[] BIG_BODY = body(BIG, 7);
  private static final byte[] SMALL_BODY = body(1024, 8);

  @TempDir Path cacheDir;

  private final Map<String, AtomicInteger> originHits = new ConcurrentHashMap<>();
  private final List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
  private HttpServer origin;
  private int port;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b.discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler())
      .cacheDirectory(cacheDir, 64L << 20)
      .accessLog((protocol, line) -> records.add(line)));

  @BeforeEach
  void start() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    port = origin.getAddress().getPort();
    serve("/big", BIG_BODY);
    serve("/small", SMALL_BODY);
    origin.createContext("/upstream", exchange -> {
      originHits.computeIfAbsent("/upstream", p -> new AtomicInteger()).incrementAndGet();
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      exchange.getResponseHeaders().add("X-Cache", "HIT from upstream");
      exchange.sendResponseHeaders(200, SMALL_BODY.length);
      exchange.getResponseBody().write(SMALL_BODY);
      exchange.close();
    });
    origin.start();
  }

  private void serve(String path, byte[] body) {
    origin.createContext(path, exchange -> {
      originHits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      exchange.getResponseHeaders().add("ETag", "\"v1\"");
      exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }

  @AfterEach
  void stop() {
    origin.stop(0);
  }

  private static byte[] body(int size, int seed) {
    byte[] b = new byte[size];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  private int originCount(String path) {
    AtomicInteger n = originHits.get(path);
    return n == null ? 0 : n.get();
  }

  /** One response: status line, fields (lower-case names), body. */
  private record Response(String statusLine, Map<String, String> fields, byte[] body) {
    String field(String name) {
      return fields.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private Socket connect() throws IOException {
    return Through.socks(tap.address(), "127.0.0.1", port);
  }

  private String request(String method, String path, String... extra) {
    StringBuilder text = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + port + "\r\n");
    for (String field : extra) {
      text.append(field).append("\r\n");
    }
    return text.append("\r\n").toString();
  }

  private static void send(Socket socket, String... requests) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(String.join("", requests).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response framed by Content-Length; a HEAD's has no body. */
  private static Response read(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed in a head: " + headBytes);
      }
      headBytes.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> fields = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      fields.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    int length = head ? 0 : Integer.parseInt(fields.get("content-length"));
    byte[] body = in.readNBytes(length);
    return new Response(lines[0], fields, body);
  }

  /**
   * GETs a path that is not stored yet and waits for its log record: the entry is committed
   * before the record is written, but the client may have the last bytes of a large body
   * sooner.
   */
  private Response store(String path) throws IOException {
    int before = records.size();
    Response miss = get(path);
    assertEquals("MISS from sockstap", miss.field("X-Cache"));
    assertTrue(awaitRecordAfter(before).endsWith(" miss"), records.toString());
    return miss;
  }

  private String awaitRecordAfter(int before) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (records.size() == before && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(records.size() > before, "no log record");
    return records.get(records.size() - 1);
  }

  private Response get(String path, String... extra) throws IOException {
    try (Socket s = connect()) {
      send(s, request("GET", path, extra));
      return read(s.getInputStream(), false);
    }
  }

  @Test
  void aLargeHitIsByteForByteWhatTheOriginSentAndSaysSoInXCache() throws IOException {
    Response miss = store("/big");
    assertEquals("SocksTap; fwd=miss; stored", miss.field("Cache-Status"));
    assertArrayEquals(BIG_BODY, miss.body());
    for (int i = 0; i < 3; i++) { // the first hit checks the body, the next ones skip the copy
      Response hit = get("/big");
      assertEquals("HTTP/1.1 200 OK", hit.statusLine());
      assertEquals("HIT from sockstap", hit.field("X-Cache"));
      assertEquals("SocksTap; hit", hit.field("Cache-Status"));
      assertEquals(Integer.toString(BIG), hit.field("Content-Length"));
      assertArrayEquals(BIG_BODY, hit.body());
    }
    assertEquals(1, originCount("/big"));
  }

  /** The head of a response read until the server closes, to see every field. */
  private String headOf(String path) throws IOException {
    try (Socket s = connect()) {
      send(s, request("GET", path, "Connection: close"));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return all.substring(0, all.indexOf("\r\n\r\n") + 2);
    }
  }

  @Test
  void xCacheIsSocksTapsOwnNeverAnUpstreamCachesAndNeverStored() throws IOException {
    int before = records.size();
    String miss = headOf("/upstream");
    awaitRecordAfter(before);
    assertTrue(miss.contains("\r\nX-Cache: MISS from sockstap\r\n"), miss);
    assertEquals(1, miss.split("X-Cache:", -1).length - 1, miss);
    String hit = headOf("/upstream");
    assertTrue(hit.contains("\r\nX-Cache: HIT from sockstap\r\n"), hit);
    assertEquals(1, hit.split("X-Cache:", -1).length - 1, hit);
    assertEquals(1, originCount("/upstream"));
  }

  @Test
  void curlGetsTheLargeHitWhole(@TempDir Path out) throws Exception {
    store("/big");
    String url = "http://127.0.0.1:" + port + "/big";
    for (int i = 0; i < 2; i++) {
      Path body = out.resolve("body" + i);
      Path head = out.resolve("head" + i);
      Curl.through(tap.address(), "-D", head.toString(), "-o", body.toString(), url);
      assertArrayEquals(BIG_BODY, Files.readAllBytes(body));
      assertTrue(Files.readString(head).contains("X-Cache: HIT from sockstap"),
          Files.readString(head));
    }
    assertEquals(1, originCount("/big"));
  }

  @Test
  void slicesOfALargeEntryAreByteExactBeforeAndAfterItsFirstWholeHit() throws IOException {
    store("/big");
    int[][] ranges = {{0, 0}, {BIG - 1, BIG - 1}, {1000, 1999}, {5, 600_004}, {4096, 20_479}};
    for (int pass = 0; pass < 2; pass++) {
      for (int[] r : ranges) {
        Response part = get("/big", "Range: bytes=" + r[0] + "-" + r[1]);
        assertEquals("HTTP/1.1 206 Partial Content", part.statusLine());
        assertEquals("bytes " + r[0] + "-" + r[1] + "/" + BIG, part.field("Content-Range"));
        assertEquals("HIT from sockstap", part.field("X-Cache"));
        assertArrayEquals(Arrays.copyOfRange(BIG_BODY, r[0], r[1] + 1), part.body(),
            r[0] + "-" + r[1]);
      }
      Response suffix = get("/big", "Range: bytes=-100000");
      assertArrayEquals(Arrays.copyOfRange(BIG_BODY, BIG - 100_000, BIG), suffix.body());
      if (pass == 0) {
        assertArrayEquals(BIG_BODY, get("/big").body());
      }
    }
    assertEquals(1, originCount("/big"));
  }

  @Test
  void keepAliveAndPipelinedHitsKeepTheirOrder() throws IOException {
    store("/big");
    store("/small");
    try (Socket s = connect()) {
      InputStream in = s.getInputStream();
      for (int round = 0; round < 2; round++) {
        // a large body goes straight to the socket, a small one through the buffer: the head
        // before it, and whatever follows, must not overtake it
        send(s, request("GET", "/big"), request("GET", "/small"),
            request("HEAD", "/big"), request("GET", "/big", "Range: bytes=100-300099"),
            request("GET", "/small", "Range: bytes=10-19"), request("GET", "/small"));
        assertArrayEquals(BIG_BODY, read(in, false).body());
        assertArrayEquals(SMALL_BODY, read(in, false).body());
        Response head = read(in, true);
        assertEquals(Integer.toString(BIG), head.field("Content-Length"));
        assertEquals("HIT from sockstap", head.field("X-Cache"));
        assertArrayEquals(Arrays.copyOfRange(BIG_BODY, 100, 300_100), read(in, false).body());
        assertArrayEquals(Arrays.copyOfRange(SMALL_BODY, 10, 20), read(in, false).body());
        Response last = read(in, false);
        assertEquals("HIT from sockstap", last.field("X-Cache"));
        assertArrayEquals(SMALL_BODY, last.body());
      }
      send(s, request("GET", "/small", "Connection: close"));
      assertArrayEquals(SMALL_BODY, read(in, false).body());
      assertEquals(-1, in.read(), "nothing more: a HEAD sent no body");
    }
    assertEquals(1, originCount("/big"));
    assertEquals(1, originCount("/small"));
  }

  private Path bigEntryFile() throws IOException {
    try (Stream<Path> walk = Files.walk(cacheDir)) {
      return walk.filter(Files::isRegularFile)
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, position);
    }
  }

  /** Reads what arrives until the server closes: the response cut short, or all of it. */
  private byte[] getRaw(String path) throws IOException {
    try (Socket s = connect()) {
      send(s, request("GET", path));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        s.getInputStream().transferTo(all);
      } catch (java.net.SocketException e) {
        // reset: the proxy closed with bytes unread, which is how it ends a damaged response
      }
      return all.toByteArray();
    }
  }

  private void assertCutShort(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    assertTrue(headEnd < 0 || raw.length - headEnd - 4 < BIG,
        "a damaged body is never sent whole: got " + raw.length + " bytes");
  }

  @Test
  void aDamagedEntryIsNeverServedWholeAndIsThenAMiss() throws IOException {
    store("/big");
    Path file = bigEntryFile();
    flipByte(file, Files.size(file) - 5000);
    assertCutShort(getRaw("/big"));
    assertArrayEquals(BIG_BODY, store("/big").body());
    assertEquals(2, originCount("/big"));
  }

  @Test
  void damageWrittenAfterTheBodyWasVerifiedIsFoundToo() throws IOException {
    store("/big");
    Path file = bigEntryFile();
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    assertArrayEquals(BIG_BODY, get("/big").body()); // verified: later hits skip the copy
    flipByte(file, Files.size(file) - 5000); // a write moves the file's modification time
    assertCutShort(getRaw("/big"));
    assertArrayEquals(BIG_BODY, store("/big").body());
    assertEquals(2, originCount("/big"));
  }

  @Test
  void aDamagedSmallEntryIsAMissAtOnce() throws IOException {
    store("/small");
    try (Stream<Path> walk = Files.walk(cacheDir)) {
      List<Path> files = walk.filter(Files::isRegularFile).toList();
      assertEquals(1, files.size());
      flipByte(files.get(0), Files.size(files.get(0)) - 10);
    }
    assertArrayEquals(SMALL_BODY, store("/small").body());
    assertEquals(2, originCount("/small"));
    assertEquals("HIT from sockstap", get("/small").field("X-Cache"));
  }
}
