package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.Leaks;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksClient;
import org.sockstap.core.testing.Through;

/** Starting, limits, idle timeouts, closing: and nothing left behind. */
class LifecycleTest {

  private static SocksTapServer.Builder loopback() {
    return SocksTapServer.builder().listen("127.0.0.1", 0);
  }

  @Test
  void closeStopsAcceptingAndClosesLiveConnectionsAfterTheGracePeriod() throws Exception {
    List<ConnectionSummary> closed = new CopyOnWriteArrayList<>();
    SocksTapServer server = loopback().shutdownGracePeriod(Duration.ofMillis(200))
        .listener(new ConnectionListener() {
          @Override
          public void closed(ConnectionInfo c, ConnectionSummary s) {
            closed.add(s);
          }
        }).build();
    try (LoopbackServer echo = LoopbackServer.echo();
        Socket live = Through.socks(server.localAddress(), "127.0.0.1", echo.port())) {
      live.getOutputStream().write(Bytes.ascii("x"));
      assertEquals('x', live.getInputStream().read());
      long start = System.nanoTime();
      server.close();
      assertTrue(System.nanoTime() - start < 3_000_000_000L, "close is bounded");
      assertEquals(-1, live.getInputStream().read(), "live connection closed");
      assertEquals(0, server.activeConnections());
      assertEquals(0, server.activeThreads());
      assertEquals(ConnectionSummary.Outcome.SHUT_DOWN, closed.get(0).outcome());
      assertThrows(ConnectException.class,
          () -> new Socket().connect(server.localAddress(), 1000));
      server.close();
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnceAndServedAgainLater() throws Exception {
    try (SocksTapServer server = loopback().maxConnections(2).build();
        LoopbackServer echo = LoopbackServer.echo()) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          held.add(Through.socks(server.localAddress(), "127.0.0.1", echo.port()));
        }
        try (SocksClient excess = new SocksClient(server.localAddress())) {
          assertTrue(excess.closedByServer(), "excess connection closed");
        }
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
      Leaks.assertNoneLeft(server);
      try (Socket again = Through.socks(server.localAddress(), "127.0.0.1", echo.port())) {
        again.getOutputStream().write(Bytes.ascii("y"));
        assertEquals('y', again.getInputStream().read());
      }
      Leaks.assertNoneLeft(server);
    }
  }

  @Test
  void idleTunnelsAreClosedOnBothSides() throws Exception {
    try (SocksTapServer server = loopback().noTap().idleTimeout(Duration.ofMillis(300)).build();
        LoopbackServer echo = LoopbackServer.echo();
        Socket s = Through.socks(server.localAddress(), "127.0.0.1", echo.port())) {
      long start = System.nanoTime();
      assertEquals(-1, s.getInputStream().read());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 250 && millis < 3000, "closed after " + millis + " ms");
      Leaks.assertNoneLeft(server);
    }
  }

  @Test
  void aBusyDownloadIsNotCutByAQuietUpload() throws Exception {
    try (SocksTapServer server = loopback().noTap().idleTimeout(Duration.ofMillis(300)).build();
        LoopbackServer source = LoopbackServer.start(socket -> {
          for (int i = 0; i < 10; i++) {
            socket.getOutputStream().write(new byte[100]);
            Thread.sleep(100);
          }
        });
        Socket s = Through.socks(server.localAddress(), "127.0.0.1", source.port())) {
      assertEquals(1000, s.getInputStream().readAllBytes().length);
    }
  }

  @Test
  void thousandsOfFailuresLeaveNoConnectionOrThreadBehind() throws Exception {
    try (SocksTapServer server = loopback().user("u", "p").build()) {
      for (int i = 0; i < 300; i++) {
        try (SocksClient c = new SocksClient(server.localAddress())) {
          switch (i % 3) {
            case 0:
              c.sendHex("05 01 00").expectHex("05 ff");
              break;
            case 1:
              c.sendHex("05 01 02").expectHex("05 02");
              c.sendHex("01 01 75 01 78").expectHex("01 01");
              break;
            default:
              c.sendHex("47 45 54 20");
          }
          c.closedByServer();
        } catch (IOException e) {
          // a reset while the server closes is fine here
        }
      }
      Leaks.assertNoneLeft(server);
    }
  }

  @Test
  void portZeroIsReportedAsTheRealPort() {
    try (SocksTapServer server = loopback().build()) {
      assertTrue(server.localAddress().getPort() > 0);
    }
  }

  @Test
  void aPortInUseFailsToBuildWithAClearMessage() throws Exception {
    try (SocksTapServer first = loopback().build()) {
      java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
          () -> SocksTapServer.builder().listen(first.localAddress()).build());
      assertTrue(e.getMessage().contains("cannot listen on"), e.getMessage());
    }
  }
}
