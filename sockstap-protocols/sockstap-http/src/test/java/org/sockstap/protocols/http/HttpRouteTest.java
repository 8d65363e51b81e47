package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.api.Endpoint;
import org.sockstap.core.SocksTapServer;
import org.sockstap.core.testing.Curl;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/**
 * {@code route=http://...} end to end: SocksTap sends every request to a fake upstream HTTP
 * proxy, which forwards it to a JDK HTTP server origin; both record what they saw.
 */
class HttpRouteTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final List<String> originSeen = new CopyOnWriteArrayList<>();
  private final List<Map<String, List<String>>> originHeaders = new CopyOnWriteArrayList<>();
  private HttpServer origin;
  private FakeUpstreamProxy proxy;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(this::base);

  private SocksTapServer.Builder base(SocksTapServer.Builder b) {
    return b.discoverProtocols(false)
        .detector(new HttpDetector())
        .handler(new HttpHandler())
        .accessLog((protocol, line) -> records.add(line));
  }

  /** Restarts SocksTap with these HTTP parameters, {@code name, value, name, value...}. */
  private void params(String... nameValue) {
    tap.restart(b -> {
      base(b);
      for (int i = 0; i < nameValue.length; i += 2) {
        b.protocolParam("http", nameValue[i], nameValue[i + 1]);
      }
      return b;
    });
  }

  @BeforeEach
  void start() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    origin.createContext("/", exchange -> {
      originSeen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      originHeaders.add(new TreeMap<>(exchange.getRequestHeaders()));
      byte[] body = ("hello " + exchange.getRequestURI()).getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
    proxy = new FakeUpstreamProxy();
  }

  @AfterEach
  void stop() throws IOException {
    origin.stop(0);
    proxy.close();
  }

  private int originPort() {
    return origin.getAddress().getPort();
  }

  private String routeWithCredentials() {
    return "http://u:p%40ss@127.0.0.1:" + proxy.port();
  }

  private Socket socks() throws IOException {
    Socket s = Through.socks(tap.address(), "127.0.0.1", originPort());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  private void awaitRecords(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, records.size(), records.toString());
  }

  private String curl(String... options) throws Exception {
    return Curl.through(tap.address(), options);
  }



  @Test
  void curlThroughATapRuleRouteReachesTheOriginThroughTheUpstreamProxy() throws Exception {
    tap.restart(b -> base(b).tap("http:::route=" + routeWithCredentials()));
    assertEquals("hello /hello", curl("http://127.0.0.1:" + originPort() + "/hello"));
    assertEquals(1, proxy.seen.size(), proxy.seen.toString());
    String seen = proxy.seen.get(0);
    assertTrue(seen.startsWith("GET http://127.0.0.1:" + originPort() + "/hello HTTP/1.1\n"),
        seen);
    assertTrue(seen.contains("\nProxy-Authorization: Basic dTpwQHNz"), seen);
    assertTrue(seen.contains("\nHost: 127.0.0.1:" + originPort()), seen);
    assertEquals(List.of("GET /hello"), originSeen);
    assertFalse(originHeaders.get(0).containsKey("Proxy-authorization"),
        originHeaders.toString());
    assertFalse(originHeaders.toString().contains("dTpwQHNz"), originHeaders.toString());
    awaitRecords(1);
    String record = records.get(0);
    assertTrue(record.contains("\"GET http://127.0.0.1:" + originPort() + "/hello HTTP/1.1\" 200 "),
        record);
    assertTrue(record.endsWith(" http://127.0.0.1:" + proxy.port() + " bypass"), record);
    assertFalse(record.contains("p@ss") || record.contains("p%40ss") || record.contains("u:"),
        record);
  }

  @Test
  void theClientsOwnProxyAuthorizationReachesNeitherTheProxyNorTheOrigin() throws Exception {
    params("route", routeWithCredentials());
    try (Socket s = socks()) {
      write(s, "GET /mine HTTP/1.1\r\nHost: 127.0.0.1\r\nProxy-Authorization: Basic xyz\r\n"
          + "Connection: close\r\n\r\n");
      RawResponse ok = RawResponse.read(s.getInputStream());
      assertEquals(200, ok.status());
      assertEquals("hello /mine", ok.body());
    }
    assertEquals(1, proxy.seen.size());
    assertFalse(proxy.seen.get(0).contains("xyz"), proxy.seen.get(0));
    assertTrue(proxy.seen.get(0).contains("Proxy-Authorization: Basic dTpwQHNz"));
    assertFalse(originHeaders.toString().contains("xyz"), originHeaders.toString());
  }

  @Test
  void aRouteWithoutCredentialsSendsNoProxyAuthorization() throws Exception {
    params("route", "http://127.0.0.1:" + proxy.port());
    try (Socket s = socks()) {
      write(s, "GET /plain HTTP/1.1\r\nHost: 127.0.0.1\r\nProxy-Authorization: Basic xyz\r\n"
          + "\r\n");
      assertEquals(200, RawResponse.read(s.getInputStream()).status());
    }
    assertFalse(proxy.seen.get(0).toLowerCase(java.util.Locale.ROOT)
        .contains("proxy-authorization"), proxy.seen.get(0));
  }

  @Test
  void keptAliveRequestsShareOneProxyConnectionInOrder() throws Exception {
    params("route", routeWithCredentials());
    try (Socket s = socks()) {
      write(s, get("/a") + get("/b?x=1") + get("/c"));
      for (String path : List.of("/a", "/b?x=1", "/c")) {
        RawResponse ok = RawResponse.read(s.getInputStream());
        assertEquals(200, ok.status());
        assertEquals("hello " + path, ok.body());
      }
    }
    assertEquals(1, proxy.connections.get());
    assertEquals(3, proxy.seen.size());
    String base = "GET http://127.0.0.1:" + originPort();
    assertTrue(proxy.seen.get(0).startsWith(base + "/a HTTP/1.1"), proxy.seen.get(0));
    assertTrue(proxy.seen.get(1).startsWith(base + "/b?x=1 HTTP/1.1"), proxy.seen.get(1));
    assertTrue(proxy.seen.get(2).startsWith(base + "/c HTTP/1.1"), proxy.seen.get(2));
    assertEquals(List.of("GET /a", "GET /b?x=1", "GET /c"), originSeen);
  }

  @Test
  void aProxyChallengeBecomes502ByDefault() throws Exception {
    proxy.challenge = true;
    params("route", routeWithCredentials());
    try (Socket s = socks()) {
      write(s, get("/hello") + get("/again"));
      RawResponse refused = RawResponse.read(s.getInputStream());
      assertEquals(502, refused.status(), refused.head());
      assertTrue(refused.body().contains("refused SocksTap&#39;s credentials")
          || refused.body().contains("refused SocksTap's credentials"), refused.body());
      assertNull(refused.field("Proxy-Authenticate"), refused.head());
      assertFalse(refused.body().contains("authenticate first"), refused.body());
      // the client connection goes on
      assertEquals(502, RawResponse.read(s.getInputStream()).status());
    }
    assertEquals(List.of(), originSeen);
    awaitRecords(2);
    assertTrue(records.get(0).contains("\" 502 "), records.get(0));
  }

  @Test
  void aProxyChallengeIsPassedOnOnlyWithPass407() throws Exception {
    proxy.challenge = true;
    params("route", routeWithCredentials(), "pass-407", "true");
    try (Socket s = socks()) {
      write(s, get("/hello"));
      RawResponse challenge = RawResponse.read(s.getInputStream());
      assertEquals(407, challenge.status(), challenge.head());
      assertEquals("Basic realm=\"upstream\"", challenge.field("Proxy-Authenticate"));
      assertEquals("authenticate first", challenge.body());
    }
  }

  @Test
  void connectThroughARouteIsAnswered501() throws Exception {
    params("route", routeWithCredentials());
    try (Socket s = socks()) {
      write(s, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n");
      RawResponse refused = RawResponse.read(s.getInputStream());
      assertEquals(501, refused.status(), refused.head());
      assertTrue(refused.body().contains(
          "CONNECT through an upstream HTTP proxy route is not supported"), refused.body());
    }
    assertEquals(List.of(), proxy.seen);
  }

  @Test
  void anUpgradeThroughARouteIsAnswered501AndTheConnectionGoesOn() throws Exception {
    params("route", routeWithCredentials());
    try (Socket s = socks()) {
      write(s, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
          + "Upgrade: websocket\r\n\r\n" + get("/after"));
      RawResponse refused = RawResponse.read(s.getInputStream());
      assertEquals(501, refused.status(), refused.head());
      assertTrue(refused.body().contains("Upgrade through an upstream HTTP proxy route"),
          refused.body());
      assertEquals("hello /after", RawResponse.read(s.getInputStream()).body());
    }
    assertEquals(List.of("GET /after"), originSeen);
  }

  @Test
  void mountedRequestsGoThroughTheSameUpstreamProxy() throws Exception {
    params("route", routeWithCredentials(),
        "mount", "/docs/*=http://127.0.0.1:" + originPort() + "/manual/*");
    try (Socket s = socks()) {
      write(s, get("/docs/x") + get("/y"));
      assertEquals("hello /manual/x", RawResponse.read(s.getInputStream()).body());
      assertEquals("hello /y", RawResponse.read(s.getInputStream()).body());
    }
    assertEquals(1, proxy.connections.get());
    String mounted = proxy.seen.get(0);
    assertTrue(mounted.startsWith("GET http://127.0.0.1:" + originPort() + "/manual/x HTTP/1.1"),
        mounted);
    assertTrue(mounted.contains("\nHost: 127.0.0.1:" + originPort()), mounted);
    awaitRecords(2);
    assertTrue(records.get(0).endsWith(" http://127.0.0.1:" + proxy.port() + ",mount:127.0.0.1:"
        + originPort() + " bypass"), records.get(0));
  }

  @Test
  void malformedRoutesAreRefusedWith500AndOneWarnWithoutThePassword() throws Exception {
    List<String> bad = List.of(
        "socks5://u:secret1@127.0.0.1:1080",
        "http://u:secret1@127.0.0.1",
        "http://u:secret1@127.0.0.1:3128/path",
        "http://u:secret1@127.0.0.1%0d:3128",
        "http://u:sec%0dret1@127.0.0.1:3128",
        "http://u:secret1@127.0.0.1:3128?q");
    int expectedRecords = 0;
    for (String value : bad) {
      params("route", value);
      try (LogCapture log = LogCapture.start()) {
        for (int connection = 0; connection < 2; connection++) {
          try (Socket s = socks()) {
            write(s, get("/hello") + "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
                + "\r\n\r\n");
            for (int i = 0; i < 2; i++) {
              RawResponse error = RawResponse.read(s.getInputStream());
              assertEquals(500, error.status(), value + ": " + error.head());
              assertFalse(error.body().contains("secret1"), error.body());
            }
          }
        }
        expectedRecords += 4;
        awaitRecords(expectedRecords);
        String warned = log.text();
        assertEquals(1, warned.split("route: ", -1).length - 1, value + ": " + warned);
        assertTrue(warned.contains("WARN"), warned);
        assertFalse(warned.contains("secret") || warned.contains("sec%0dret"), warned);
        assertTrue(warned.contains("***"), warned);
      }
    }
    assertFalse(records.toString().contains("secret"), records.toString());
    assertEquals(List.of(), proxy.seen);
    assertEquals(List.of(), originSeen);
  }

  @Test
  void settingsNeverShowTheRoutesPassword() {
    HttpSettings typed = HttpSettings.builder().route("127.0.0.1", 3128, "u", "p@ss").build();
    assertEquals("route=http://***@127.0.0.1:3128", typed.toString());
    assertEquals("Basic dTpwQHNz", typed.route.authorization());
    HttpSettings parsed = HttpSettings.none().withParams(Map.of("route",
        "http://u:p%40ss@[::1]:3128", "pass-407", "true"));
    assertEquals("route=http://***@[::1]:3128 pass-407=true", parsed.toString());
    assertEquals(new Endpoint("::1", 3128), parsed.route.proxy());
    assertEquals("Basic dTpwQHNz", parsed.route.authorization());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.none().withParams(Map.of("route", "http://u:secret@host")));
    assertTrue(e.getMessage().startsWith("route: \"http://***@host\""), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.none().withParams(Map.of("pass-407", "yes")));
    assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.builder().route("a b", 3128));
    assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.builder().route("host", 0));
  }

  @Test
  void theAbsoluteTargetIsBuiltFromCleanPartsOnly() {
    assertEquals("http://[::1]:8080/a?b", TargetUrl.forProxy(new Endpoint("::1", 8080), "/a?b"));
    assertEquals("http://example.com:80/",
        TargetUrl.forProxy(new Endpoint("example.com", 80), "/"));
    assertNull(TargetUrl.forProxy(new Endpoint("a\r\nX-Evil: 1", 80), "/"));
    assertNull(TargetUrl.forProxy(new Endpoint("a b", 80), "/"));
    assertNull(TargetUrl.forProxy(new Endpoint("example.com", 80), "/a\r\nX: 1"));
    assertNull(TargetUrl.forProxy(new Endpoint("example.com", 80), "/a b"));
    assertNull(TargetUrl.forProxy(new Endpoint("example.com", 80), "/a\0"));
  }
}
