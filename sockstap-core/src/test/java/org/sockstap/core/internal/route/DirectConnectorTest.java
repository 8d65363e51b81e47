package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.route.UpstreamFailure.Kind;

class DirectConnectorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void connectsToAnIpv4LiteralAndRelaysBytes() throws Exception {
    try (EchoServer echo = new EchoServer();
        SocketChannel channel =
            DirectConnector.instance()
                .connect(new Endpoint("127.0.0.1", echo.address().getPort()), TIMEOUT)) {
      assertTrue(channel.isConnected());
      assertTrue(channel.isBlocking());
      assertTrue(channel.getOption(StandardSocketOptions.TCP_NODELAY));
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void connectsToAnIpv6Literal() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    assumeTrue(canBind(v6), "no IPv6 loopback here");
    try (EchoServer echo = new EchoServer(v6);
        SocketChannel channel =
            DirectConnector.instance()
                .connect(new Endpoint("::1", echo.address().getPort()), TIMEOUT)) {
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void resolvesANameAndTriesItsAddressesInOrder() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    // ::1 fails (refused, or unreachable without IPv6): the echo listens on 127.0.0.1 only
    DirectConnector connector =
        new DirectConnector(
            host -> {
              asked.add(host);
              return new InetAddress[] {
                InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")
              };
            });
    try (EchoServer echo = new EchoServer(InetAddress.getByName("127.0.0.1"));
        SocketChannel channel =
            connector.connect(new Endpoint("echo.test", echo.address().getPort()), TIMEOUT)) {
      assertEquals(List.of("echo.test"), asked);
      assertEquals(
          InetAddress.getByName("127.0.0.1"),
          ((InetSocketAddress) channel.getRemoteAddress()).getAddress());
      Wire.assertEchoes(channel);
    }
  }

  @Test
  void whenEveryAddressFailsTheLastFailureIsThrownWithTheOthersSuppressed() throws Exception {
    int port = closedPort();
    DirectConnector connector =
        new DirectConnector(
            host ->
                new InetAddress[] {
                  InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")
                });
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class, () -> connector.connect(new Endpoint("x.test", port), TIMEOUT));
    assertEquals(Kind.CONNECTION_REFUSED, failure.kind());
    assertEquals(1, failure.getSuppressed().length);
    assertTrue(failure.getMessage().startsWith("direct: connect to x.test:" + port));
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port = closedPort();
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> DirectConnector.instance().connect(new Endpoint("127.0.0.1", port), TIMEOUT));
    assertEquals(Kind.CONNECTION_REFUSED, failure.kind());
    assertTrue(failure.getCause() instanceof ConnectException);
  }

  @Test
  void aNameThatDoesNotResolveIsHostUnreachable() {
    DirectConnector connector =
        new DirectConnector(
            host -> {
              throw new UnknownHostException(host);
            });
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> connector.connect(new Endpoint("nowhere.invalid", 80), TIMEOUT));
    assertEquals(Kind.HOST_UNREACHABLE, failure.kind());
    assertEquals("direct: cannot resolve nowhere.invalid", failure.getMessage());
  }

  @Test
  void aResolverWithNoAddressesIsHostUnreachable() {
    DirectConnector connector = new DirectConnector(host -> new InetAddress[0]);
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class, () -> connector.connect(new Endpoint("empty.test", 80), TIMEOUT));
    assertEquals(Kind.HOST_UNREACHABLE, failure.kind());
  }

  @Test
  void aLookupLongerThanTheTimeoutIsTtlExpired() {
    DirectConnector connector =
        new DirectConnector(
            host -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new InetAddress[] {InetAddress.getLoopbackAddress()};
            });
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> connector.connect(new Endpoint("slow.test", 80), Duration.ofMillis(100)));
    assertEquals(Kind.TTL_EXPIRED, failure.kind());
  }

  /**
   * A listener whose accept queue is full drops SYNs (Linux), so a connect to it hangs: the
   * connect must end with TTL_EXPIRED once the timeout has passed.
   */
  @Test
  void aConnectThatHangsIsTtlExpiredWithinTheTimeout() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket full = new ServerSocket()) {
      full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      boolean hangs = false;
      for (int i = 0; i < 16 && !hangs; i++) {
        Socket filler = new Socket();
        fillers.add(filler);
        try {
          filler.connect(full.getLocalSocketAddress(), 200);
        } catch (SocketTimeoutException e) {
          hangs = true;
        }
      }
      assumeTrue(hangs, "this system does not drop SYNs to a full accept queue");
      long start = System.nanoTime();
      UpstreamFailure failure =
          assertThrows(
              UpstreamFailure.class,
              () ->
                  DirectConnector.instance()
                      .connect(
                          new Endpoint("127.0.0.1", full.getLocalPort()), Duration.ofMillis(300)));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Kind.TTL_EXPIRED, failure.kind());
      assertTrue(millis >= 250 && millis < 2_000, "took " + millis + " ms");
    } finally {
      for (Socket filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void aTimeoutMustBePositive() {
    Endpoint target = new Endpoint("127.0.0.1", 80);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DirectConnector.instance().connect(target, Duration.ZERO));
    assertEquals("timeout: PT0S (expected: positive)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> DirectConnector.instance().connect(target, Duration.ofSeconds(-1)));
  }

  @Test
  void describesItselfAsDirect() {
    assertEquals("direct", DirectConnector.instance().describe());
    assertEquals("direct", DirectConnector.instance().toString());
  }

  static Stream<Arguments> exceptions() {
    return Stream.of(
        Arguments.of(new ConnectException("Connection refused"), Kind.CONNECTION_REFUSED),
        Arguments.of(new ConnectException("Connection timed out"), Kind.TTL_EXPIRED),
        Arguments.of(new NoRouteToHostException("No route to host"), Kind.HOST_UNREACHABLE),
        Arguments.of(
            new NoRouteToHostException("Network is unreachable"), Kind.NETWORK_UNREACHABLE),
        Arguments.of(new SocketException("Network is unreachable"), Kind.NETWORK_UNREACHABLE),
        Arguments.of(new SocketTimeoutException("Connect timed out"), Kind.TTL_EXPIRED),
        Arguments.of(new UnknownHostException("x.invalid"), Kind.HOST_UNREACHABLE),
        Arguments.of(new SocketException("Connection reset"), Kind.GENERAL_FAILURE),
        Arguments.of(new IOException("something else"), Kind.GENERAL_FAILURE));
  }

  @ParameterizedTest
  @MethodSource("exceptions")
  void classifiesConnectExceptions(IOException e, Kind expected) {
    UpstreamFailure failure = DirectConnector.classify(e, "message");
    assertEquals(expected, failure.kind());
    assertEquals("message", failure.getMessage());
    assertEquals(e, failure.getCause());
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return socket.getLocalPort();
    }
  }

  static boolean canBind(InetAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
