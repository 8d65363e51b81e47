package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.route.FakeHttpProxy.Fault;
import org.sockstap.core.internal.route.UpstreamFailure.Kind;

class HttpConnectConnectorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] EARLY =
      "SSH-2.0-server greeting right behind the head\r\n".getBytes(StandardCharsets.US_ASCII);

  private EchoServer echo;
  private FakeHttpProxy proxy;
  private Endpoint echoTarget;

  @BeforeEach
  void start() throws Exception {
    echo = new EchoServer();
    proxy = new FakeHttpProxy(echo.address());
    echoTarget = new Endpoint("127.0.0.1", echo.address().getPort());
  }

  @AfterEach
  void stop() {
    try {
      proxy.close();
    } finally {
      echo.close();
    }
  }

  private HttpConnectConnector connector() {
    return new HttpConnectConnector(proxy.address(), null, null);
  }

  @Test
  void connectsAndKeepsTheBytesBehindTheHead() throws Exception {
    proxy.afterResponse(EARLY);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertTrue(channel.isBlocking());
      assertEquals(0, channel.socket().getSoTimeout());
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
    String authority = "127.0.0.1:" + echo.address().getPort();
    assertEquals(
        "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n", proxy.request());
  }

  @Test
  void readsAHeadThatArrivesInManyFragments() throws Exception {
    proxy
        .response(
            "HTTP/1.1 200 Connection established\r\nProxy-Agent: fake/1.0\r\n"
                + "Content-Length: 5\r\n\r\n")
        .afterResponse(EARLY)
        .fragmented();
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.0 200 Connection established\r\n\r\n",
        "HTTP/1.1 200\r\n\r\n",
        "HTTP/1.1 204 No Content\n\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX: y\r\n\r\n"
      })
  void acceptsAny2xxAfterInterimResponses(String head) throws Exception {
    proxy.response(head).afterResponse(EARLY);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void sendsAnIpv6TargetInBrackets() throws Exception {
    try (SocketChannel channel = connector().connect(new Endpoint("::1", 443), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    assertEquals("CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n", proxy.request());
  }

  @Test
  void sendsANameAsItIs() throws Exception {
    try (SocketChannel channel = connector().connect(new Endpoint("Echo.Example", 8443), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    assertEquals(
        "CONNECT Echo.Example:8443 HTTP/1.1\r\nHost: Echo.Example:8443\r\n\r\n", proxy.request());
  }

  @Test
  void sendsBasicCredentials() throws Exception {
    HttpConnectConnector connector =
        new HttpConnectConnector(proxy.address(), "Aladdin", "open sesame");
    try (SocketChannel channel = connector.connect(new Endpoint("example.com", 443), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    assertEquals(
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n"
            + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n",
        proxy.request());
  }

  @Test
  void sendsNonAsciiCredentialsAsUtf8() throws Exception {
    HttpConnectConnector connector = new HttpConnectConnector(proxy.address(), "test", "123\u00a3");
    try (SocketChannel channel = connector.connect(new Endpoint("example.com", 443), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    // the example of RFC 7617 section 2.1
    assertTrue(proxy.request().contains("Proxy-Authorization: Basic dGVzdDoxMjPCow==\r\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b", "a\r\nX-Injected: 1", "a\nb", "a\0b", "a/b", "a?b", "a#b", "a@b", "[a]", "\u00e9.fr"
      })
  void refusesHostsThatCouldBreakTheRequestWithoutConnecting(String host) {
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class, () -> connector().connect(new Endpoint(host, 80), TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertFalse(failure.getMessage().contains("\n"));
    assertEquals(0, proxy.accepted());
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of("HTTP/1.1 407 Proxy Authentication Required", Kind.NOT_ALLOWED),
        Arguments.of("HTTP/1.1 403 Forbidden", Kind.NOT_ALLOWED),
        Arguments.of("HTTP/1.1 502 Bad Gateway", Kind.HOST_UNREACHABLE),
        Arguments.of("HTTP/1.1 503 Service Unavailable", Kind.HOST_UNREACHABLE),
        Arguments.of("HTTP/1.1 504 Gateway Timeout", Kind.TTL_EXPIRED),
        Arguments.of("HTTP/1.1 400 Bad Request", Kind.GENERAL_FAILURE),
        Arguments.of("HTTP/1.1 405 Method Not Allowed", Kind.GENERAL_FAILURE),
        Arguments.of("HTTP/1.1 500 Internal Server Error", Kind.GENERAL_FAILURE),
        Arguments.of("HTTP/1.1 301 Moved Permanently", Kind.GENERAL_FAILURE),
        Arguments.of("HTTP/1.1 101 Switching Protocols", Kind.GENERAL_FAILURE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void mapsStatuses(String statusLine, Kind kind) throws Exception {
    proxy.response(statusLine + "\r\nContent-Length: 0\r\n\r\n");
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(kind, failure.kind());
    String expected =
        "http://127.0.0.1:"
            + proxy.address().getPort()
            + ": CONNECT "
            + echoTarget
            + " answered "
            + statusLine
            + (statusLine.contains("407") ? " (no credentials are configured)" : "");
    assertEquals(expected, failure.getMessage());
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void aRejectedPasswordIsNotAllowedAndStaysOutOfTheMessage() throws Exception {
    proxy.response("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
    HttpConnectConnector connector = new HttpConnectConnector(proxy.address(), "u", "hunter2");
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector.connect(echoTarget, TIMEOUT));
    assertEquals(Kind.NOT_ALLOWED, failure.kind());
    assertFalse(failure.getMessage().contains("hunter2"));
    assertFalse(failure.getMessage().contains("no credentials"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SSH-2.0-OpenSSH\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 20\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 x\r\n\r\n",
        "\r\n\r\n"
      })
  void aResponseThatIsNotHttpIsAGeneralFailure(String head) throws Exception {
    proxy.response(head);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(failure.getMessage().contains("status line: "), failure.getMessage());
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void escapesControlCharactersOfTheStatusLineInTheMessage() throws Exception {
    proxy.response("HTTP/1.1 403 No\u001b[31m way\r\n\r\n");
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertTrue(failure.getMessage().endsWith("answered HTTP/1.1 403 No\\x1b[31m way"));
  }

  @Test
  void aHeadOver16KibIsAGeneralFailure() throws Exception {
    proxy.response("HTTP/1.1 200 OK\r\nX-Filler: " + "x".repeat(16 * 1024) + "\r\n\r\n");
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(failure.getMessage().endsWith("response head over 16384 bytes (expected: at most that)"));
  }

  @Test
  void aHeadOfExactly16KibIsAccepted() throws Exception {
    String start = "HTTP/1.1 200 OK\r\nX-Filler: ";
    String head = start + "x".repeat(16 * 1024 - start.length() - 4) + "\r\n\r\n";
    assertEquals(HttpConnectConnector.MAX_HEAD, head.length());
    proxy.response(head).afterResponse(EARLY);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
    }
  }

  @Test
  void aProxyThatClosesMidHeadIsAGeneralFailure() throws Exception {
    proxy.fault(Fault.CLOSE_IN_RESPONSE);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(
        failure.getMessage().endsWith("the proxy closed the connection during the response head"));
  }

  @Test
  void aProxyThatStallsIsTtlExpiredWithinTheTimeout() throws Exception {
    proxy.fault(Fault.STALL_BEFORE_RESPONSE);
    long start = System.nanoTime();
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class, () -> connector().connect(echoTarget, Duration.ofMillis(300)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Kind.TTL_EXPIRED, failure.kind());
    assertTrue(millis >= 290 && millis < 1_500, "took " + millis + " ms");
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void describesTheProxyWithoutCredentials() {
    HttpConnectConnector connector =
        new HttpConnectConnector(
            InetSocketAddress.createUnresolved("proxy.example", 3128), "u", "hunter2");
    assertEquals("http://proxy.example:3128", connector.describe());
    assertEquals("http://proxy.example:3128", connector.toString());
  }

  @Test
  void checksItsArguments() {
    InetSocketAddress address = InetSocketAddress.createUnresolved("p", 3128);
    assertThrows(
        IllegalArgumentException.class, () -> new HttpConnectConnector(address, null, "pw"));
    assertThrows(
        IllegalArgumentException.class, () -> new HttpConnectConnector(address, "a:b", "pw"));
  }
}
