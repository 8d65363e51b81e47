package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksClient;
import org.sockstap.core.testing.SocksTapExtension;

/** SOCKS 4, 4a and 5 on the wire: requests, replies, malformed and hostile handshakes. */
class SocksWireTest {

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .noTap()
      .handshakeTimeout(Duration.ofMillis(800))
      .connectTimeout(Duration.ofMillis(800)));

  private static String port(int port) {
    return String.format("%02x %02x", port >> 8, port & 0xff);
  }

  @Test
  void socks5ConnectToIpv4RelaysBothWays() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      byte[] reply = c.connect5(echo.address());
      assertEquals(0, reply[1], "succeeded");
      assertEquals(1, reply[3], "bound address is IPv4");
      c.send(Bytes.ascii("ping"));
      assertEquals("ping", new String(c.read(4)));
    }
  }

  @Test
  void socks5ConnectToIpv6Literal() throws Exception {
    try (LoopbackServer echo = LoopbackServer.start(InetAddress.getByName("::1"),
            LoopbackServer::echo);
        SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 01 00 04 00000000000000000000000000000001 " + port(echo.port()));
      assertEquals(0, c.readReply5()[1]);
      c.send(Bytes.ascii("v6"));
      assertEquals("v6", new String(c.read(2)));
    }
  }

  @Test
  void socks5ConnectToADomainNameResolvedByTheServer() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      assertEquals(0, c.requestDomain5("localhost", echo.port()));
      c.send(Bytes.ascii("name"));
      assertEquals("name", new String(c.read(4)));
    }
  }

  @Test
  void handshakeConnectAndDataInOneWriteArriveByteExact() throws Exception {
    byte[] data = new byte[3000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    try (LoopbackServer echo = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.concat(Bytes.hex("05 01 00 05 01 00 01 7f000001 " + port(echo.port())), data));
      c.expectHex("05 00");
      assertEquals(0, c.readReply5()[1]);
      assertArrayEquals(data, c.read(data.length));
    }
  }

  @Test
  void handshakeWrittenOneByteAtATimeSucceeds() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      byte[] all = Bytes.hex("05 01 00 05 01 00 01 7f000001 " + port(echo.port()));
      for (byte b : all) {
        c.send(new byte[] {b});
        Thread.sleep(5);
      }
      c.expectHex("05 00");
      assertEquals(0, c.readReply5()[1]);
    }
  }

  @Test
  void refusedConnectionIsReportedAsRefused() throws Exception {
    int closed = unusedPort();
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 01 00 01 7f000001 " + port(closed));
      assertEquals(0x05, c.readReply5()[1]);
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void unresolvableNameIsReportedAsHostUnreachable() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      assertEquals(0x04, c.requestDomain5("no-such-host.invalid", 80));
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void connectTimeoutIsReportedAsTtlExpired() throws Exception {
    // a listener whose accept queue is full drops further SYNs, so the connect times out
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket s = new Socket();
          try {
            s.connect(full.getLocalSocketAddress(), 200);
          } catch (java.io.IOException e) {
            s.close();
            break;
          }
          fillers.add(s);
        }
        try (SocksClient c = new SocksClient(tap.address())) {
          c.sendHex("05 01 00").expectHex("05 00");
          c.sendHex("05 01 00 01 7f000001 " + port(full.getLocalPort()));
          assertEquals(0x06, c.readReply5()[1]);
        }
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void rejectRuleIsReportedAsNotAllowedAndNothingIsDialed() throws Exception {
    tap.restart(b -> b.noTap().reject("*:127.0.0.1"));
    try (LoopbackServer sentinel = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      byte[] reply = c.connect5(sentinel.address());
      assertEquals(0x02, reply[1]);
      assertTrue(c.closedByServer());
      assertEquals(0, sentinel.accepted());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"04", "ff", "00"})
  void unknownCommandIsReportedAsCommandNotSupported(String command) throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 " + command + " 00 01 7f000001 0050");
      assertEquals(0x07, c.readReply5()[1]);
      assertTrue(c.closedByServer());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"02", "05", "00"})
  void unknownAddressTypeIsReportedAsAddressTypeNotSupported(String type) throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 01 00 " + type + " 7f000001 0050");
      assertEquals(0x08, c.readReply5()[1]);
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void emptyOrControlCharacterDomainNamesAreRefused() throws Exception {
    for (String name : new String[] {"", "a\r\nb\u0000c"}) {
      try (SocksClient c = new SocksClient(tap.address())) {
        c.sendHex("05 01 00").expectHex("05 00");
        assertEquals(0x04, c.requestDomain5(name, 80), "name " + name.length());
        assertTrue(c.closedByServer());
      }
    }
  }

  @Test
  void truncatedDomainThenStallIsClosedAtTheHandshakeTimeout() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("05 01 00 03 ff 616263");
      long start = System.nanoTime();
      assertTrue(c.closedByServer());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 3000, "closed after " + millis + " ms");
    }
  }

  @Test
  void slowlorisHandshakeIsCutAtTheAbsoluteDeadline() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      long start = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < 40 && !closed; i++) {
        try {
          c.sendHex(i == 0 ? "05" : "01");
        } catch (java.io.IOException e) {
          closed = true;
        }
        Thread.sleep(100);
        closed |= c.socket().getInputStream().available() < 0;
      }
      assertTrue(c.closedByServer());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 2500, "a 1-byte-per-100-ms client was cut after " + millis + " ms");
    }
  }

  @Test
  void unknownVersionIsClosedWithoutAReply() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("09 01 00");
      assertEquals(-1, c.in().read());
    }
  }

  @Test
  void wrongVersionInTheRequestGetsAGeneralFailure() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 00");
      c.sendHex("04 01 00 01 7f000001 0050");
      assertEquals(0x01, c.readReply5()[1]);
    }
  }

  @Test
  void socks4ConnectAndSocks4aNames() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo()) {
      try (SocksClient c = new SocksClient(tap.address())) {
        c.send(Bytes.concat(Bytes.hex("04 01 " + port(echo.port()) + " 7f000001"),
            Bytes.ascii("bob"), new byte[1]));
        byte[] reply = c.read(8);
        assertEquals(0x5a, reply[1]);
        c.send(Bytes.ascii("v4"));
        assertEquals("v4", new String(c.read(2)));
      }
      try (SocksClient c = new SocksClient(tap.address())) {
        c.send(Bytes.concat(Bytes.hex("04 01 " + port(echo.port()) + " 00000001 00"),
            Bytes.ascii("localhost"), new byte[1]));
        assertEquals(0x5a, c.read(8)[1]);
        c.send(Bytes.ascii("4a"));
        assertEquals("4a", new String(c.read(2)));
      }
    }
  }

  @Test
  void socks4FailuresAnswer91() throws Exception {
    int closed = unusedPort();
    try (SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.hex("04 01 " + port(closed) + " 7f000001 00"));
      assertEquals(0x5b, c.read(8)[1]);
      assertTrue(c.closedByServer());
    }
    try (SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.hex("04 01 0050 00000000 00"));
      assertEquals(0x5b, c.read(8)[1], "DSTIP 0.0.0.0");
    }
  }

  @Test
  void oversizedSocks4UserIdIsRefusedAfterAtMost256Bytes() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.hex("04 01 0050 7f000001"));
      byte[] junk = new byte[300];
      java.util.Arrays.fill(junk, (byte) 'u');
      c.send(junk);
      assertEquals(0x5b, c.read(8)[1]);
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void oversizedSocks4aHostNameIsRefused() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.hex("04 01 0050 00000001 00"));
      byte[] junk = new byte[300];
      java.util.Arrays.fill(junk, (byte) 'h');
      c.send(junk);
      assertEquals(0x5b, c.read(8)[1]);
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void socks4WhenDisabledAnswers91() throws Exception {
    tap.restart(b -> b.noTap().socks4(false));
    try (SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.hex("04 01 0050 7f000001 00"));
      assertEquals(0x5b, c.read(8)[1]);
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void socks5WhenDisabledAnswersNoAcceptableMethod() throws Exception {
    tap.restart(b -> b.noTap().socks5(false));
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 ff");
      assertTrue(c.closedByServer());
    }
  }

  static int unusedPort() throws java.io.IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  static byte[] drain(java.io.InputStream in) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  static InetSocketAddress loopback(int port) throws java.io.IOException {
    return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
  }
}
