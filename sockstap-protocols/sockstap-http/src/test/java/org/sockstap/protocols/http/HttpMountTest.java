package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.SocksTapServer;
import org.sockstap.core.testing.Curl;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/**
 * MOUNT end to end: the SOCKS destination (origin A) and a mounted origin (B), both JDK HTTP
 * servers on loopback, and clients that only ever ask for A.
 */
class HttpMountTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final List<String> seenA = new CopyOnWriteArrayList<>();
  private final List<String> seenB = new CopyOnWriteArrayList<>();
  /** The client ports the origins saw: one per server connection SocksTap opened. */
  private final Set<Integer> portsA = new TreeSet<>();
  private final Set<Integer> portsB = new TreeSet<>();
  private HttpServer originA;
  private HttpServer originB;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler())
      .accessLog((protocol, line) -> records.add(line)));

  @BeforeEach
  void start() throws IOException {
    originA = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    originA.createContext("/", exchange -> {
      seenA.add(exchange.getRequestURI().toString());
      record(portsA, exchange);
      reply(exchange, 200, "A " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
    });
    originA.start();
    originB = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    originB.createContext("/", exchange -> {
      String uri = exchange.getRequestURI().toString();
      seenB.add(uri);
      record(portsB, exchange);
      switch (uri) {
        case "/manual/redirect":
          exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + portB()
              + "/manual/y");
          exchange.getResponseHeaders().add("Content-Location", "/manual/c");
          reply(exchange, 302, "");
          break;
        case "/manual/relative":
          exchange.getResponseHeaders().add("Location", "/manual/z?q=1");
          reply(exchange, 302, "");
          break;
        case "/manual/elsewhere":
          exchange.getResponseHeaders().add("Location", "http://elsewhere.test/manual/y");
          reply(exchange, 302, "");
          break;
        default:
          reply(exchange, 200, "B " + uri + " host="
              + exchange.getRequestHeaders().getFirst("Host"));
      }
    });
    originB.start();
    restart(b -> b);
  }

  private static void record(Set<Integer> ports, HttpExchange exchange) {
    synchronized (ports) {
      ports.add(exchange.getRemoteAddress().getPort());
    }
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** Restarts SocksTap with the mount of B at /docs/, plus more configuration. */
  private void restart(UnaryOperator<SocksTapServer.Builder> more) {
    tap.restart(b -> more.apply(b
        .discoverProtocols(false)
        .detector(new HttpDetector())
        .handler(new HttpHandler())
        .protocolParam("http", "mount", "/docs/*=http://127.0.0.1:" + portB() + "/manual/*")
        .accessLog((protocol, line) -> records.add(line))));
  }

  @AfterEach
  void stop() {
    originA.stop(0);
    originB.stop(0);
  }

  private int portA() {
    return originA.getAddress().getPort();
  }

  private int portB() {
    return originB.getAddress().getPort();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + portA() + path;
  }

  private String curl(String... options) throws Exception {
    return Curl.through(tap.address(), options);
  }



  private void awaitRecords(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, records.size(), records.toString());
  }

  private static String get(String target, boolean close) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n";
  }

  @Test
  void aRequestUnderThePrefixIsServedByTheMountedOrigin() throws Exception {
    assertEquals("B /manual/a/b?x=1 host=127.0.0.1:" + portB(), curl(url("/docs/a/b?x=1")));
    assertEquals(List.of(), seenA);
    awaitRecords(1);
    String record = records.get(0);
    assertTrue(record.contains("\"GET " + url("/docs/a/b?x=1") + " HTTP/1.1\" 200 "), record);
    assertTrue(record.endsWith(" direct,mount:127.0.0.1:" + portB() + " bypass"), record);
  }

  @Test
  void redirectsFromTheMountedOriginAreMappedBack() throws Exception {
    String redirect = curl("-i", url("/docs/redirect"));
    assertTrue(redirect.startsWith("HTTP/1.1 302 "), redirect);
    assertTrue(redirect.contains("\r\nLocation: " + url("/docs/y") + "\r\n"), redirect);
    assertTrue(redirect.toLowerCase(Locale.ROOT).contains(
        "\r\ncontent-location: " + url("/docs/c") + "\r\n"), redirect);
    assertTrue(curl("-i", url("/docs/relative")).contains(
        "\r\nLocation: " + url("/docs/z?q=1") + "\r\n"));
    assertTrue(curl("-i", url("/docs/elsewhere")).contains(
        "\r\nLocation: http://elsewhere.test/manual/y\r\n"));
    // the client can follow it: the next request is mounted again
    assertEquals("B /manual/y host=127.0.0.1:" + portB(), curl("-L", url("/docs/redirect")));
  }

  @Test
  void requestsOutsideThePrefixGoToTheSocksDestination() throws Exception {
    assertEquals("A GET /other", curl(url("/other")));
    assertEquals("A GET /docs", curl(url("/docs")));
    assertEquals("A GET /other/docs/x", curl(url("/other/docs/x")));
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", portA())) {
      // absolute-form: the path counts, the authority is the SOCKS destination's anyway
      s.getOutputStream().write(get("http://127.0.0.1:" + portA() + "/docs/q", true)
          .getBytes(StandardCharsets.US_ASCII));
      assertEquals("B /manual/q host=127.0.0.1:" + portB(),
          RawResponse.read(s.getInputStream()).body());
    }
    assertEquals(List.of("/other", "/docs", "/other/docs/x"), seenA);
    assertEquals(List.of("/manual/q"), seenB);
  }

  @Test
  void keepAliveAcrossAlternatingMountedAndUnmountedRequestsStaysInOrder() throws Exception {
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", portA())) {
      InputStream in = s.getInputStream();
      // pipelined in one write
      s.getOutputStream().write((get("/docs/1", false) + get("/a", false)
          + get("/docs/2", false) + get("/b", false)).getBytes(StandardCharsets.US_ASCII));
      assertEquals("B /manual/1 host=127.0.0.1:" + portB(), RawResponse.read(in).body());
      assertEquals("A GET /a", RawResponse.read(in).body());
      assertEquals("B /manual/2 host=127.0.0.1:" + portB(), RawResponse.read(in).body());
      assertEquals("A GET /b", RawResponse.read(in).body());
      // one at a time
      for (int i = 3; i < 6; i++) {
        s.getOutputStream().write(get("/docs/" + i, false).getBytes(StandardCharsets.US_ASCII));
        assertEquals("B /manual/" + i + " host=127.0.0.1:" + portB(),
            RawResponse.read(in).body());
        s.getOutputStream().write(get("/c" + i, i == 5).getBytes(StandardCharsets.US_ASCII));
        assertEquals("A GET /c" + i, RawResponse.read(in).body());
      }
      assertEquals(-1, in.read());
    }
    assertEquals(List.of("/a", "/b", "/c3", "/c4", "/c5"), seenA);
    assertEquals(List.of("/manual/1", "/manual/2", "/manual/3", "/manual/4", "/manual/5"),
        seenB);
    // each origin's connection was kept and reused, not reopened per switch
    assertEquals(1, portsA.size(), portsA.toString());
    assertEquals(1, portsB.size(), portsB.toString());
  }

  @Test
  void atMostFourServerConnectionsAreKeptTheLeastRecentlyUsedGoesFirst() throws Exception {
    List<HttpServer> origins = new ArrayList<>();
    List<Set<Integer>> ports = new ArrayList<>();
    StringBuilder mounts = new StringBuilder();
    try {
      for (int i = 0; i < 5; i++) {
        HttpServer origin =
            HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        Set<Integer> seen = new TreeSet<>();
        int n = i;
        origin.createContext("/", exchange -> {
          record(seen, exchange);
          reply(exchange, 200, "origin " + n + " " + exchange.getRequestURI());
        });
        origin.start();
        origins.add(origin);
        ports.add(seen);
        mounts.append(i == 0 ? "" : ",").append("/m").append(i).append("/*=http://127.0.0.1:")
            .append(origin.getAddress().getPort()).append("/*");
      }
      tap.restart(b -> b
          .discoverProtocols(false)
          .detector(new HttpDetector())
          .handler(new HttpHandler())
          .protocolParam("http", "mount", mounts.toString()));
      try (Socket s = Through.socks(tap.address(), "127.0.0.1", portA())) {
        for (int i : new int[] {0, 1, 2, 3, 4, 1, 0}) {
          s.getOutputStream().write(get("/m" + i + "/x", false)
              .getBytes(StandardCharsets.US_ASCII));
          assertEquals("origin " + i + " /x", RawResponse.read(s.getInputStream()).body());
        }
      }
      // 0-3 fill the four places; 4 closes 0; 1 is still open; 0 comes back on a new one
      assertEquals(List.of(2, 1, 1, 1, 1),
          ports.stream().map(Set::size).collect(java.util.stream.Collectors.toList()));
    } finally {
      origins.forEach(origin -> origin.stop(0));
    }
  }

  @Test
  void anUnreachableMountGets502WithoutNamingTheOrigin() throws Exception {
    int dead;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      dead = closed.getLocalPort();
    }
    tap.restart(b -> b
        .discoverProtocols(false)
        .detector(new HttpDetector())
        .handler(new HttpHandler())
        .protocolParam("http", "mount", "/dead/*=http://127.0.0.1:" + dead + "/x/*")
        .accessLog((protocol, line) -> records.add(line)));
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", portA())) {
      s.getOutputStream().write(get("/dead/1", false).getBytes(StandardCharsets.US_ASCII));
      RawResponse answer = RawResponse.read(s.getInputStream());
      assertEquals(502, answer.status(), answer.head());
      assertTrue(answer.body().contains("cannot reach the origin mounted at /dead/"),
          answer.body());
      assertFalse(answer.body().contains(Integer.toString(dead)), answer.body());
      assertEquals(-1, s.getInputStream().read());
    }
    awaitRecords(1);
    assertTrue(records.get(0).endsWith(" mount:127.0.0.1:" + dead + " error"), records.get(0));
  }

  @Test
  void theAccessRulesApplyToTheMountedOrigin() throws Exception {
    restart(b -> b.reject("http:{127.0.0.1:" + portB() + "}"));
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", portA())) {
      s.getOutputStream().write((get("/docs/1", false))
          .getBytes(StandardCharsets.US_ASCII));
      assertEquals(502, RawResponse.read(s.getInputStream()).status());
    }
    assertEquals("A GET /other", curl(url("/other")));
    assertEquals(List.of(), seenB);
  }
}
