package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
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
import org.sockstap.core.SocksTapServer;
import org.sockstap.core.testing.Curl;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/**
 * The request policy and header rules end to end: curl and raw sockets through a running
 * SocksTap to an in-process origin that records what reaches it.
 */
class HttpPolicyTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  /** {@code METHOD /path} of every request the origin got. */
  private final List<String> seen = new CopyOnWriteArrayList<>();
  /** The header fields of every request the origin got, names as the JDK server shows them. */
  private final List<Map<String, List<String>>> seenHeaders = new CopyOnWriteArrayList<>();
  private HttpServer origin;

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
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    origin.createContext("/", exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      seenHeaders.add(new TreeMap<>(exchange.getRequestHeaders()));
      byte[] in = exchange.getRequestBody().readAllBytes();
      byte[] body = exchange.getRequestURI().getPath().startsWith("/echo") ? in
          : ("hello " + exchange.getRequestMethod()).getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().add("X-Origin-Secret", "s");
      exchange.getResponseHeaders().add("X-Keep", "k");
      exchange.sendResponseHeaders(200,
          exchange.getRequestMethod().equals("HEAD") ? -1 : body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  private int port() {
    return origin.getAddress().getPort();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private Socket socks() throws IOException {
    return Through.socks(tap.address(), "127.0.0.1", port());
  }

  private static void write(Socket s, String raw) throws IOException {
    s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  private void awaitRecords(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, records.size(), records.toString());
  }

  private static void assertHello(InputStream in) throws IOException {
    RawResponse ok = RawResponse.read(in);
    assertEquals(200, ok.status(), ok.head());
    assertEquals("hello GET", ok.body());
  }

  private static RawResponse assert403(InputStream in, String rule) throws IOException {
    RawResponse denied = RawResponse.read(in);
    assertEquals(403, denied.status(), denied.head());
    assertEquals("text/html; charset=utf-8", denied.field("Content-Type"));
    assertTrue(denied.body().contains(rule), denied.body());
    return denied;
  }

  // ---- curl

  private String curl(String... options) throws Exception {
    return Curl.through(tap.address(), options);
  }



  // ---- methods

  @Test
  void aDeniedMethodGets403NamingTheRuleAndTheConnectionGoesOn() throws Exception {
    params("deny-method", "TRACE,PUT");
    try (Socket s = socks()) {
      InputStream in = s.getInputStream();
      write(s, "TRACE /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawResponse denied = assert403(in, "denied by deny-method=TRACE");
      assertNull(denied.field("Connection"), denied.head());
      assertEquals(Integer.toString(denied.body().length()), denied.field("Content-Length"));
      // a body, framed either way, is read and thrown away: the next request is intact
      write(s, "PUT /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nabcde");
      assert403(in, "denied by deny-method=PUT");
      write(s, "PUT /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nGET /\r\n3\r\nabc\r\n0\r\n\r\n");
      assert403(in, "denied by deny-method=PUT");
      write(s, get("/hello"));
      assertHello(in);
    }
    assertEquals(List.of("GET /hello"), seen);
    awaitRecords(4);
    String first = records.get(0);
    assertTrue(first.contains("\"TRACE http://127.0.0.1:" + port() + "/hello HTTP/1.1\" 403 "),
        first);
    assertTrue(first.endsWith(" - denied"), first);
    assertTrue(records.get(3).endsWith(" direct bypass"), records.get(3));
  }

  @Test
  void permitMethodWithCurl() throws Exception {
    params("permit-method", "GET,HEAD");
    String page = curl("-X", "DELETE", "-w", "%{http_code}", url("/hello"));
    assertTrue(page.endsWith("403"), page);
    assertTrue(page.contains("not permitted by permit-method=GET,HEAD"), page);
    assertTrue(page.contains("(DELETE http://127.0.0.1:" + port() + "/hello)"), page);
    assertEquals("hello GET", curl(url("/hello")));
    assertEquals("200", curl("-I", "-o", "/dev/null", "-w", "%{http_code}", url("/hello")));
    assertEquals(List.of("GET /hello", "HEAD /hello"), seen);
  }

  @Test
  void aDeniedHeadGetsNoBodySoTheNextResponseIsNotShifted() throws Exception {
    params("deny-method", "HEAD");
    try (Socket s = socks()) {
      write(s, "HEAD /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + get("/hello"));
      RawResponse head = RawResponse.read(s.getInputStream(), true);
      assertEquals(403, head.status());
      assertTrue(Integer.parseInt(head.field("Content-Length")) > 0, head.head());
      assertHello(s.getInputStream());
    }
  }

  @Test
  void aDeniedRequestWithALargeOrAwaitedBodyEndsTheConnection() throws Exception {
    params("deny-method", "PUT");
    try (Socket s = socks()) {
      write(s, "PUT /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2097152\r\n\r\n");
      RawResponse denied = assert403(s.getInputStream(), "denied by deny-method=PUT");
      assertEquals("close", denied.field("Connection"));
      assertEquals(-1, s.getInputStream().read());
    }
    try (Socket s = socks()) {
      write(s, "PUT /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n"
          + "Expect: 100-continue\r\n\r\n");
      RawResponse denied = assert403(s.getInputStream(), "denied by deny-method=PUT");
      assertEquals("close", denied.field("Connection"));
      assertEquals(-1, s.getInputStream().read());
    }
    assertEquals(List.of(), seen);
  }

  // ---- URLs

  @Test
  void aDeniedUrlIsNamedAndTheTargetIsHtmlEscaped() throws Exception {
    params("deny-url", "*/admin*");
    try (Socket s = socks()) {
      InputStream in = s.getInputStream();
      write(s, get("/admin/<script>alert(1)</script>"));
      RawResponse denied = assert403(in, "denied by deny-url=*/admin*");
      assertTrue(denied.body().contains("/admin/&lt;script&gt;alert(1)&lt;/script&gt;"),
          denied.body());
      assertFalse(denied.body().contains("<script>"), denied.body());
      write(s, get("/%61dmin/x"));
      assert403(in, "denied by deny-url=*/admin*");
      write(s, get("/hello"));
      assertHello(in);
    }
    assertEquals("403", curl("-o", "/dev/null", "-w", "%{http_code}", url("/admin/")));
    assertEquals(List.of("GET /hello"), seen);
  }

  @Test
  void theRuleIsHtmlEscapedToo() throws Exception {
    params("deny-url", "*%3Cscript%3E*");
    try (Socket s = socks()) {
      write(s, get("/x<script>"));
      RawResponse denied = assert403(s.getInputStream(), "denied by deny-url=*&lt;script&gt;*");
      assertFalse(denied.body().contains("<script>"), denied.body());
    }
    assertEquals(List.of(), seen);
  }

  @Test
  void permitUrl() throws Exception {
    params("permit-url", "http://127.0.0.1:*/hello*");
    try (Socket s = socks()) {
      write(s, get("/echo") + get("/hello"));
      assert403(s.getInputStream(), "not permitted by permit-url=http://127.0.0.1:*/hello*");
      assertHello(s.getInputStream());
    }
    assertEquals(List.of("GET /hello"), seen);
  }

  // ---- hosts

  @Test
  void denyHostLooksAtTheNamedHostAndTheDestination() throws Exception {
    params("deny-host", "*.evil.test");
    try (Socket s = socks()) {
      write(s, "GET /hello HTTP/1.1\r\nHost: WWW.Evil.Test.:80\r\n\r\n" + get("/hello"));
      assert403(s.getInputStream(), "denied by deny-host=*.evil.test");
      assertHello(s.getInputStream());
    }
    params("deny-host", "127.0.0.0/8");
    try (Socket s = socks()) {
      write(s, "GET /hello HTTP/1.1\r\nHost: www.example.test\r\n\r\n");
      assert403(s.getInputStream(), "denied by deny-host=127.0.0.0/8");
    }
    params("permit-host", "10.0.0.0/8,localhost");
    try (Socket s = socks()) {
      write(s, "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assert403(s.getInputStream(), "not permitted by permit-host=10.0.0.0/8,localhost");
    }
    assertEquals(List.of("GET /hello"), seen);
  }

  // ---- header rules

  @Test
  void headerRulesChangeWhatTheOriginAndTheClientSee() throws Exception {
    params("kill-qhead", "X-Secret,Cookie",
        "add-qhead", "X-Added:a%20b%2Cc",
        "replace-qhead", "User-Agent:SocksTap",
        "kill-rhead", "X-Origin-Secret",
        "add-rhead", "X-Via:sockstap",
        "replace-rhead", "X-Keep:replaced");
    String answer = curl("-i", "-H", "X-Secret: 1", "-H", "Cookie: a=b", "-H",
        "User-Agent: curl-ua", url("/hello"));
    assertTrue(answer.contains("\r\nX-Via: sockstap\r\n"), answer);
    assertTrue(answer.contains("\r\nX-Keep: replaced\r\n"), answer);
    assertFalse(answer.toLowerCase(java.util.Locale.ROOT).contains("x-origin-secret"), answer);
    assertTrue(answer.endsWith("hello GET"), answer);
    Map<String, List<String>> got = seenHeaders.get(0);
    assertEquals(List.of("a b,c"), got.get("X-added"), got.toString());
    assertEquals(List.of("SocksTap"), got.get("User-agent"), got.toString());
    assertNull(got.get("X-secret"), got.toString());
    assertNull(got.get("Cookie"), got.toString());
  }

  @Test
  void theClientsProxyAuthorizationIsNeverForwarded() throws Exception {
    params("add-qhead", "X-A:1");
    try (Socket s = socks()) {
      write(s, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nProxy-Authorization: Basic dTpw\r\n"
          + "Connection: Proxy-Authorization\r\n\r\n");
      assertHello(s.getInputStream());
    }
    Map<String, List<String>> got = seenHeaders.get(0);
    assertNull(got.get("Proxy-authorization"), got.toString());
    assertEquals(List.of("1"), got.get("X-a"), got.toString());
  }

  // ---- configuration errors

  @Test
  void aRuleOnAFramingFieldIsRefusedWith500AndOneWarn() throws Exception {
    params("kill-qhead", "Content-Length");
    try (LogCapture log = LogCapture.start()) {
      for (int connection = 0; connection < 2; connection++) {
        try (Socket s = socks()) {
          write(s, get("/hello") + "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Length: 2\r\n\r\nhi" + get("/hello"));
          for (int i = 0; i < 3; i++) {
            RawResponse error = RawResponse.read(s.getInputStream());
            assertEquals(500, error.status(), error.head());
            assertTrue(error.body().contains("the proxy is misconfigured"), error.body());
            assertFalse(error.body().contains("Content-Length"), error.body());
          }
        }
      }
      awaitRecords(6);
      String warned = log.text();
      assertEquals(1, warned.split("kill-qhead: \\\\?\"Content-Length", -1).length - 1,
          warned);
      assertTrue(warned.contains("WARN"), warned);
      assertTrue(warned.contains("misconfigured"), warned);
    }
    String first = records.get(0);
    assertTrue(first.contains("\"GET http://127.0.0.1:" + port() + "/hello HTTP/1.1\" 500 "),
        first);
    assertTrue(records.get(0).endsWith(" - error"), records.get(0));
    params("add-qhead", "Host:evil.test");
    try (LogCapture log = LogCapture.start(); Socket s = socks()) {
      write(s, get("/hello"));
      assertEquals(500, RawResponse.read(s.getInputStream()).status());
      s.close();
      awaitRecords(7);
      assertTrue(log.text().contains("add-qhead: \"Host\" (expected: not Host:"), log.text());
    }
    assertEquals(List.of(), seen);
  }

  @Test
  void http2PriorKnowledgeIsRefusedWhenSettingsApply() throws Exception {
    params("deny-method", "TRACE");
    try (Socket s = socks()) {
      write(s, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      assertEquals(-1, s.getInputStream().read());
    }
    assertEquals(List.of(), seen);
    awaitRecords(1);
    assertTrue(records.get(0).contains("\"PRI * HTTP/2.0\" 403 - "), records.get(0));
  }

  @Test
  void noSettingsMeansNoChange() throws Exception {
    try (Socket s = socks()) {
      write(s, "TRACE /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: c=1\r\n\r\n");
      RawResponse ok = RawResponse.read(s.getInputStream());
      assertEquals(200, ok.status());
      assertEquals("s", ok.field("X-Origin-Secret"));
    }
    assertEquals(List.of("TRACE /hello"), seen);
    assertEquals(List.of("c=1"), seenHeaders.get(0).get("Cookie"));
  }
}
