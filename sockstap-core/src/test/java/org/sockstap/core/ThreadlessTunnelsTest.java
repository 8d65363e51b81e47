package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksClient;
import org.sockstap.core.testing.SocksTapExtension;

/**
 * Relayed tunnels hold no thread: the common SOCKS5 handshake, detection and the relay all run on
 * the server's relay loops, so an open opaque tunnel costs two sockets and a few objects.
 */
class ThreadlessTunnelsTest {

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b);

  @Test
  void openOpaqueTunnelsRunOnNoConnectionThread() throws Exception {
    List<SocksClient> clients = new ArrayList<>();
    try (LoopbackServer echo = LoopbackServer.echo()) {
      try {
        for (int i = 0; i < 40; i++) {
          SocksClient c = new SocksClient(tap.address());
          clients.add(c);
          assertEquals(0, c.connect5(echo.address())[1]);
          String line = "\u0001\u0002 not a protocol " + i + "\n";
          c.send(Bytes.ascii(line));
          assertEquals(line, new String(c.read(line.length()), "US-ASCII"));
        }
        assertEquals(40, tap.server().activeConnections());
        assertEquals(0, tap.server().activeThreads(),
            "no connection thread for a relayed tunnel");
        SocksClient first = clients.get(0);
        first.send(Bytes.ascii("still relayed"));
        assertEquals("still relayed", new String(first.read(13), "US-ASCII"));
      } finally {
        for (SocksClient c : clients) {
          c.close();
        }
      }
    }
  }

  @Test
  void closingTheServerEndsAHandshakeInProgressWithoutWaitingForItsDeadline() throws Exception {
    tap.restart(b -> b.shutdownGracePeriod(Duration.ofMillis(100))
        .handshakeTimeout(Duration.ofSeconds(30)));
    try (Socket half = new Socket(tap.address().getAddress(), tap.address().getPort())) {
      half.getOutputStream().write(5);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tap.server().activeConnections() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, tap.server().activeConnections());
      long started = System.nanoTime();
      tap.server().close();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(tookMillis < 3000, "close took " + tookMillis + " ms");
      assertEquals(0, tap.server().activeConnections());
      half.setSoTimeout(2000);
      assertEquals(-1, half.getInputStream().read(), "the half-negotiated client is closed");
    }
  }

  @Test
  void aHandshakeTheLoopCannotFinishContinuesOnAThreadWithNothingSentTwice() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 02 00 02").expectHex("05 00");
      byte[] name = Bytes.ascii("localhost");
      c.sendHex("05 01 00 03 09");
      c.send(name);
      c.sendHex(String.format("%02x %02x", echo.port() >> 8, echo.port() & 0xff));
      byte[] reply = c.readReply5();
      assertEquals(0, reply[1], "the thread carried on after the loop's method choice");
      c.send(Bytes.ascii("\u0001after"));
      assertEquals("\u0001after", new String(c.read(6), "US-ASCII"));
    }
  }
}
