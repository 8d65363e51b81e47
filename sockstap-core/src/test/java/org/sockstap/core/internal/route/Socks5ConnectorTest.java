package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.route.FakeSocks5Server.Fault;
import org.sockstap.core.internal.route.UpstreamFailure.Kind;

class Socks5ConnectorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] EARLY = "sent with the reply".getBytes(StandardCharsets.US_ASCII);

  private EchoServer echo;
  private FakeSocks5Server proxy;
  private Endpoint echoTarget;

  @BeforeEach
  void start() throws Exception {
    echo = new EchoServer();
    proxy = new FakeSocks5Server(echo.address());
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

  private Socks5Connector connector() {
    return new Socks5Connector(proxy.address(), null, null);
  }

  @Test
  void connectsToAnIpv4TargetAndRelaysBytes() throws Exception {
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertTrue(channel.isBlocking());
      assertTrue(channel.getOption(StandardSocketOptions.TCP_NODELAY));
      assertEquals(0, channel.socket().getSoTimeout());
      Wire.assertEchoes(channel);
    }
    FakeSocks5Server.Request request = proxy.request();
    assertEquals(List.of(0x00), request.methods());
    assertEquals(1, request.command());
    assertEquals(1, request.addressType());
    assertArrayEquals(Wire.bytes(127, 0, 0, 1), request.address());
    assertEquals(echo.address().getPort(), request.port());
    assertNull(request.user());
  }

  static Stream<Arguments> boundAddresses() {
    return Stream.of(
        Arguments.of("ipv4", Wire.bytes(0x01, 10, 0, 0, 1, 0x04, 0x38)),
        Arguments.of(
            "name",
            Wire.concat(
                Wire.bytes(0x03, 13), "bound.example".getBytes(StandardCharsets.US_ASCII),
                Wire.bytes(0, 80))),
        Arguments.of("empty name", Wire.bytes(0x03, 0, 0, 80)),
        Arguments.of(
            "ipv6", Wire.concat(Wire.bytes(0x04), new byte[15], Wire.bytes(1, 0x1f, 0x90))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundAddresses")
  void readsTheReplyExactlyAndKeepsTheBytesBehindIt(String name, byte[] bound) throws Exception {
    proxy.bound(bound).afterReply(EARLY);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void readsAReplyThatArrivesOneByteAtATime() throws Exception {
    proxy.fragmented().bound(Wire.bytes(0x03, 3, 'a', 'b', 'c', 0, 1)).afterReply(EARLY);
    try (SocketChannel channel = connector().connect(echoTarget, TIMEOUT)) {
      assertArrayEquals(EARLY, Wire.readFromTunnel(channel, EARLY.length));
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void sendsAnIpv6LiteralAsAddressType4() throws Exception {
    try (SocketChannel channel = connector().connect(new Endpoint("::1", 8080), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    FakeSocks5Server.Request request = proxy.request();
    assertEquals(4, request.addressType());
    assertArrayEquals(InetAddress.getByName("::1").getAddress(), request.address());
    assertEquals(8080, request.port());
  }

  @Test
  void sendsANameUnresolvedAsAddressType3() throws Exception {
    try (SocketChannel channel =
        connector().connect(new Endpoint("Echo.Example.TEST", 65535), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    FakeSocks5Server.Request request = proxy.request();
    assertEquals(3, request.addressType());
    assertEquals("Echo.Example.TEST", request.name());
    assertEquals(65535, request.port());
  }

  @Test
  void sendsAnAmbiguousNumericHostAsAName() throws Exception {
    try (SocketChannel channel = connector().connect(new Endpoint("127.1", 80), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    assertEquals("127.1", proxy.request().name());
  }

  @Test
  void sendsA255ByteNameAndRefusesA256ByteOneWithoutConnecting() throws Exception {
    String longest = "a".repeat(255);
    try (SocketChannel channel = connector().connect(new Endpoint(longest, 80), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    assertEquals(longest, proxy.request().name());
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> connector().connect(new Endpoint("a".repeat(256), 80), TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertEquals(1, proxy.accepted());
  }

  @Test
  void refusesAnIpv6TargetWithAZoneIdWithoutConnecting() {
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> connector().connect(new Endpoint("fe80::1%eth0", 80), TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertEquals(0, proxy.accepted());
  }

  @Test
  void authenticatesWithUsernameAndPassword() throws Exception {
    proxy.credentials("alice", "s3cr\u00e9t:=@");
    Socks5Connector connector = new Socks5Connector(proxy.address(), "alice", "s3cr\u00e9t:=@");
    try (SocketChannel channel = connector.connect(echoTarget, TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
    FakeSocks5Server.Request request = proxy.request();
    assertEquals(List.of(0x00, 0x02), request.methods());
    assertEquals("alice", request.user());
    assertEquals("s3cr\u00e9t:=@", request.password());
  }

  @Test
  void aRejectedPasswordIsNotAllowed() throws Exception {
    proxy.credentials("alice", "right");
    Socks5Connector connector = new Socks5Connector(proxy.address(), "alice", "wrong");
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector.connect(echoTarget, TIMEOUT));
    assertEquals(Kind.NOT_ALLOWED, failure.kind());
    assertFalse(failure.getMessage().contains("wrong"), failure.getMessage());
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void aProxyThatWantsCredentialsWeDoNotHaveIsNotAllowed() throws Exception {
    proxy.credentials("alice", "right");
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.NOT_ALLOWED, failure.kind());
    assertEquals(
        "socks5://127.0.0.1:"
            + proxy.address().getPort()
            + ": the proxy requires authentication, and no credentials are configured",
        failure.getMessage());
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void aMethodThatWasNotOfferedIsAGeneralFailure() throws Exception {
    proxy.method(0x02);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(failure.getMessage().endsWith("selected method 0x02 (expected: 0x00)"));
    assertTrue(proxy.clientHungUp());
  }

  static Stream<Arguments> replyCodes() {
    return Stream.of(
        Arguments.of(1, Kind.GENERAL_FAILURE, "general SOCKS server failure"),
        Arguments.of(2, Kind.NOT_ALLOWED, "connection not allowed by ruleset"),
        Arguments.of(3, Kind.NETWORK_UNREACHABLE, "network unreachable"),
        Arguments.of(4, Kind.HOST_UNREACHABLE, "host unreachable"),
        Arguments.of(5, Kind.CONNECTION_REFUSED, "connection refused"),
        Arguments.of(6, Kind.TTL_EXPIRED, "TTL expired"),
        Arguments.of(7, Kind.GENERAL_FAILURE, "command not supported"),
        Arguments.of(8, Kind.GENERAL_FAILURE, "address type not supported"),
        Arguments.of(9, Kind.GENERAL_FAILURE, "unassigned"),
        Arguments.of(255, Kind.GENERAL_FAILURE, "unassigned"));
  }

  @ParameterizedTest(name = "reply {0}")
  @MethodSource("replyCodes")
  void mapsReplyCodes(int code, Kind kind, String meaning) throws Exception {
    proxy.reply(code);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(kind, failure.kind());
    assertEquals(
        "socks5://127.0.0.1:"
            + proxy.address().getPort()
            + ": CONNECT "
            + echoTarget
            + ": reply "
            + code
            + " ("
            + meaning
            + ")",
        failure.getMessage());
    assertTrue(proxy.clientHungUp());
  }

  @Test
  void anUnknownBoundAddressTypeIsAGeneralFailure() throws Exception {
    proxy.bound(Wire.bytes(0x09, 1, 2, 3, 4, 5, 6));
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(failure.getMessage().endsWith("reply address type 0x09 (expected: 0x01, 0x03 or 0x04)"));
  }

  @ParameterizedTest
  @MethodSource("closes")
  void aProxyThatClosesMidAnswerIsAGeneralFailure(Fault fault, String step) {
    proxy.fault(fault);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector().connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertTrue(
        failure.getMessage().endsWith("the proxy closed the connection during the " + step),
        failure.getMessage());
  }

  static Stream<Arguments> closes() {
    return Stream.of(
        Arguments.of(Fault.CLOSE_IN_METHOD, "method selection"),
        Arguments.of(Fault.CLOSE_IN_REPLY, "reply"));
  }

  @ParameterizedTest
  @MethodSource("stalls")
  void aProxyThatStallsIsTtlExpiredWithinTheTimeout(Fault fault) throws Exception {
    proxy.fault(fault);
    long start = System.nanoTime();
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class, () -> connector().connect(echoTarget, Duration.ofMillis(300)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Kind.TTL_EXPIRED, failure.kind());
    assertTrue(millis >= 290 && millis < 1_500, "took " + millis + " ms");
    assertTrue(proxy.clientHungUp());
  }

  static Stream<Fault> stalls() {
    return Stream.of(Fault.STALL_BEFORE_METHOD, Fault.STALL_BEFORE_REPLY);
  }

  @Test
  void aProxyThatAnswersInAnotherVersionIsAGeneralFailure() throws Exception {
    try (ScriptedServer socks4 =
        new ScriptedServer(
            (server, socket) -> {
              Wire.readFully(socket.getInputStream(), 3);
              socket.getOutputStream().write(Wire.bytes(0, 0x5b));
              server.hangUp(socket);
            })) {
      Socks5Connector connector = new Socks5Connector(socks4.address(), null, null);
      UpstreamFailure failure =
          assertThrows(UpstreamFailure.class, () -> connector.connect(echoTarget, TIMEOUT));
      assertEquals(Kind.GENERAL_FAILURE, failure.kind());
      assertTrue(failure.getMessage().endsWith("method selection version 0x00 (expected: 0x05)"));
    }
  }

  @Test
  void aProxyThatIsNotListeningIsAGeneralFailureNotARefusedTarget() throws Exception {
    int port = DirectConnectorTest.closedPort();
    Socks5Connector connector =
        new Socks5Connector(new InetSocketAddress("127.0.0.1", port), null, null);
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> connector.connect(echoTarget, TIMEOUT));
    assertEquals(Kind.GENERAL_FAILURE, failure.kind());
    assertEquals(Kind.CONNECTION_REFUSED, ((UpstreamFailure) failure.getCause()).kind());
  }

  @Test
  void describesTheProxyWithoutCredentials() {
    Socks5Connector connector =
        new Socks5Connector(InetSocketAddress.createUnresolved("proxy.example", 1080), "u", "pw");
    assertEquals("socks5://proxy.example:1080", connector.describe());
    assertEquals("socks5://proxy.example:1080", connector.toString());
    assertEquals(
        "socks5://[::1]:1081",
        new Socks5Connector(InetSocketAddress.createUnresolved("::1", 1081), null, null)
            .describe());
  }

  @Test
  void checksItsArguments() {
    InetSocketAddress proxyAddress = InetSocketAddress.createUnresolved("p", 1080);
    assertThrows(
        IllegalArgumentException.class, () -> new Socks5Connector(proxyAddress, null, "pw"));
    assertThrows(IllegalArgumentException.class, () -> new Socks5Connector(proxyAddress, "", "p"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Socks5Connector(proxyAddress, "u", "\u00e9".repeat(128)));
    assertEquals("password: 256 bytes in UTF-8 (expected: 0-255)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Socks5Connector(InetSocketAddress.createUnresolved("p", 0), null, null));
    assertThrows(NullPointerException.class, () -> new Socks5Connector(null, null, null));
  }
}
