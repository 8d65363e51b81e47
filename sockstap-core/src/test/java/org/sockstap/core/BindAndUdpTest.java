package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.SocksClient;
import org.sockstap.core.testing.SocksTapExtension;

/** BIND (both versions) and UDP ASSOCIATE on the wire. */
class BindAndUdpTest {

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .noTap()
      .bindTimeout(Duration.ofMillis(500)));

  @Test
  void socks5BindAnnouncesThePortThenThePeerAndRelays() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 02 00 01 7f000001 0000");
      byte[] first = c.readReply5();
      assertEquals(0, first[1]);
      InetSocketAddress bound = address(first);
      try (Socket peer = new Socket()) {
        peer.bind(new InetSocketAddress("127.0.0.1", 0));
        peer.connect(bound, 2000);
        byte[] second = c.readReply5();
        assertEquals(0, second[1]);
        assertEquals(peer.getLocalPort(), address(second).getPort(), "second reply names the peer");
        peer.getOutputStream().write(Bytes.ascii("from peer"));
        assertEquals("from peer", new String(c.read(9)));
        c.send(Bytes.ascii("to peer"));
        assertEquals("to peer", new String(Bytes.readExactly(peer.getInputStream(), 7)));
      }
    }
  }

  @Test
  void socks4BindWorksToo() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("04 02 0000 7f000001 00");
      byte[] first = c.read(8);
      assertEquals(0x5a, first[1]);
      int port = ((first[2] & 0xff) << 8) | (first[3] & 0xff);
      try (Socket peer = new Socket("127.0.0.1", port)) {
        assertEquals(0x5a, c.read(8)[1]);
        peer.getOutputStream().write(Bytes.ascii("v4"));
        assertEquals("v4", new String(c.read(2)));
      }
    }
  }

  @Test
  void bindFromAnUnexpectedAddressFailsTheSecondReply() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 02 00 01 7f000002 0000");
      InetSocketAddress bound = address(c.readReply5());
      try (Socket peer = new Socket()) {
        peer.bind(new InetSocketAddress("127.0.0.3", 0));
        peer.connect(bound, 2000);
        assertEquals(0x02, c.readReply5()[1]);
        assertTrue(c.closedByServer());
      }
    }
  }

  @Test
  void bindWithoutAnIncomingConnectionFailsAtTheTimeoutAndReleasesThePort() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 02 00 01 7f000001 0000");
      InetSocketAddress bound = address(c.readReply5());
      assertTrue(c.readReply5()[1] != 0, "second reply is a failure");
      assertTrue(c.closedByServer());
      assertThrows(java.net.ConnectException.class, () -> new Socket().connect(bound, 1000));
    }
  }

  @Test
  void udpAssociateRelaysIpv4Ipv6AndNamedDatagramsAndDropsTheRest() throws Exception {
    try (DatagramSocket echo = udpEcho(InetAddress.getByName("127.0.0.1"));
        DatagramSocket echo6 = udpEcho(InetAddress.getByName("::1"));
        DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        SocksClient c = new SocksClient(tap.address())) {
      client.setSoTimeout(2000);
      c.sendHex("05 01 00").expectHex("05 00");
      c.send(Bytes.concat(Bytes.hex("05 03 00 01 7f000001"), port(client.getLocalPort())));
      byte[] reply = c.readReply5();
      assertEquals(0, reply[1]);
      InetSocketAddress relay = address(reply);

      byte[] v4 = Bytes.concat(Bytes.hex("0000 00 01 7f000001"), port(echo.getLocalPort()),
          Bytes.ascii("four"));
      assertEquals("four", payload(roundTrip(client, relay, v4), 10));

      byte[] v6 = Bytes.concat(Bytes.hex("0000 00 04 00000000000000000000000000000001"),
          port(echo6.getLocalPort()), Bytes.ascii("six"));
      byte[] answer6 = roundTrip(client, relay, v6);
      assertEquals(4, answer6[3], "answer carries an IPv6 header");
      assertEquals("six", payload(answer6, 22));

      byte[] named = Bytes.concat(Bytes.hex("0000 00 03 09"), Bytes.ascii("localhost"),
          port(echo.getLocalPort()), Bytes.ascii("name"));
      assertEquals("name", payload(roundTrip(client, relay, named), 10));

      byte[] fragment = v4.clone();
      fragment[2] = 1;
      assertNoAnswer(client, relay, fragment);
      assertNoAnswer(client, relay, Bytes.hex("0000 00 01 7f00"));
      assertNoAnswer(client, relay, Bytes.concat(Bytes.hex("0000 00 03 40"), Bytes.ascii("abc")));

      try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
        stranger.send(new DatagramPacket(v4, v4.length, relay));
      }
      assertNoAnswer(client, relay, null);

      c.close();
      assertPortReleased(relay.getPort());
    }
  }

  private static void assertPortReleased(int port) throws Exception {
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (true) {
      try (DatagramSocket again = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
        return;
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("UDP port still bound 1 s after the TCP close", e);
        }
        Thread.sleep(20);
      }
    }
  }

  private static byte[] roundTrip(DatagramSocket client, InetSocketAddress relay, byte[] datagram)
      throws Exception {
    client.send(new DatagramPacket(datagram, datagram.length, relay));
    DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
    client.receive(in);
    assertEquals(relay.getPort(), in.getPort(), "answers come from the relay");
    return Arrays.copyOf(in.getData(), in.getLength());
  }

  private static void assertNoAnswer(DatagramSocket client, InetSocketAddress relay,
      byte[] datagram) throws Exception {
    if (datagram != null) {
      client.send(new DatagramPacket(datagram, datagram.length, relay));
    }
    client.setSoTimeout(300);
    try {
      DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
      assertThrows(SocketTimeoutException.class, () -> client.receive(in));
    } finally {
      client.setSoTimeout(2000);
    }
  }

  private static DatagramSocket udpEcho(InetAddress address) throws Exception {
    DatagramSocket socket = new DatagramSocket(0, address);
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[2048];
      while (!socket.isClosed()) {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(p);
          socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (java.io.IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return socket;
  }

  private static String payload(byte[] datagram, int offset) {
    return new String(datagram, offset, datagram.length - offset);
  }

  private static byte[] port(int port) {
    return new byte[] {(byte) (port >> 8), (byte) port};
  }

  static InetSocketAddress address(byte[] reply) throws Exception {
    int length = reply[3] == 1 ? 4 : 16;
    InetAddress address = InetAddress.getByAddress(Arrays.copyOfRange(reply, 4, 4 + length));
    int port = ByteBuffer.wrap(reply, 4 + length, 2).getShort() & 0xffff;
    return new InetSocketAddress(address, port);
  }

  @Test
  void addressHelperReadsIpv4Replies() throws Exception {
    InetSocketAddress a = address(Bytes.hex("05 00 00 01 7f000001 1f90"));
    assertEquals(8080, a.getPort());
    assertArrayEquals(new byte[] {127, 0, 0, 1}, a.getAddress().getAddress());
  }
}
