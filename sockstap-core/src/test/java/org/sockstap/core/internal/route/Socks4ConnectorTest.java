package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.route.FakeSocks4Server.Fault;
import org.sockstap.core.internal.route.UpstreamFailure.Kind;

class Socks4ConnectorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] EARLY = "sent with the reply".getBytes(StandardCharsets.US_ASCII);

  private EchoServer echo;
  private FakeSocks4Server proxy;
  private Endpoint echoTarget;

  @BeforeEach
  void start() throws Exception {
    echo = new EchoServer();
    proxy = new FakeSocks4Server(echo.address());
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

  private Socks4Connector connector() {
    return new Socks4Connector(proxy.address(), null);
  }

  @Test
  void connectsToAnIpv4TargetWithSocks4AndKeepsTheBytesBehindTheReply() throws Exception {
    proxy.afterReply(EARLY);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertTrue(channel.isBlocking());
      assertEquals(0, channel.socket().getSoTimeout());
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
    FakeSocks4Server.Request request = proxy.request();
    assertEquals(4, request.version());
    assertEquals(1, request.command());
    assertEquals(echo.address().getPort(), request.port());
    assertArrayEquals(Wire.bytes(127, 0, 0, 1), request.address());
    assertEquals("", request.userId());
    assertNull(request.name());
  }

  @Test
  void sendsANameWithSocks4aAndTheUserId() throws Exception {
    proxy.fragmented().afterReply(EARLY);
    Socks4Connector connector = new Socks4Connector(proxy.address(), "bob");
    try (SocketChannel channel = connector.connect(new Endpoint("echo.example", 7), TIMEOUT)) {
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
    FakeSocks4Server.Request request = proxy.request();
    assertArrayEquals(Wire.bytes(0, 0, 0, 1), request.address());
    assertEquals(7, request.port());
    assertEquals("bob", request.userId());
    assertEquals("echo.example", request.name());
  }

  @Test
  void acceptsAReplyWithVersion4() throws Exception {
    proxy.reply(4, 0x5a);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void refusesAnIpv6TargetWithoutConnecting() {
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class, () -> connector().connect(new Endpoint("::1", 80), TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertEquals(
        "socks4://127.0.0.1:"
            + proxy.address().getPort()
            + ": socks4 cannot carry IPv6 address [::1]:80",
        failure.getMessage());
    assertEquals(0, proxy.accepted());
  }

  static Stream<Arguments> replyCodes() {
    return Stream.of(
        Arguments.of(0x5b, Kind.GENERAL_FAILURE, "request rejected or failed"),
        Arguments.of(0x5c, Kind.NOT_ALLOWED, "rejected: cannot reach the client's identd"),
        Arguments.of(0x5d, Kind.NOT_ALLOWED, "rejected: identd reports a different user id"),
        Arguments.of(0x00, Kind.GENERAL_FAILURE, "unassigned"));
  }

  @ParameterizedTest(name = "reply {0}")
  @MethodSource("replyCodes")
  void mapsReplyCodes(int code, Kind kind, String meaning) throws Exception {
    proxy.reply(0, code);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(kind, failure.kind());
    assertEquals(
        "socks4://127.0.0.1:"
            + proxy.address().getPort()
            + ": CONNECT "
            + echoTarget
            + ": reply "
            + String.format("0x%02x", code)
            + " ("
            + meaning
            + ")",
        failure.getMessage());
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void aReplyInAnotherVersionIsAGeneralFailure() throws Exception {
    proxy.reply(5, 0x5a);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(failure.getMessage().endsWith("reply version 0x05 (expected: 0x00)"));
  }

  @Test
  void aProxyThatClosesMidReplyIsAGeneralFailure() throws Exception {
    proxy.fault(Fault.CLOSE_IN_REPLY);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(failure.getMessage().endsWith("the proxy closed the connection during the reply"));
  }

  @Test
  void aProxyThatStallsIsTtlExpiredWithinTheTimeout() throws Exception {
    proxy.fault(Fault.STALL_BEFORE_REPLY);
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
  void describesTheProxyWithoutTheUserId() {
    Socks4Connector connector =
        new Socks4Connector(InetSocketAddress.createUnresolved("proxy.example", 1080), "bob");
    assertEquals("socks4://proxy.example:1080", connector.describe());
    assertEquals("socks4://proxy.example:1080", connector.toString());
  }

  @Test
  void checksTheUserId() {
    InetSocketAddress address = InetSocketAddress.createUnresolved("p", 1080);
    assertThrows(IllegalArgumentException.class, () -> new Socks4Connector(address, "a\0b"));
    assertThrows(
        IllegalArgumentException.class, () -> new Socks4Connector(address, "u".repeat(256)));
  }
}
