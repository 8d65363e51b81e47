package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksClient;
import org.sockstap.core.testing.SocksTapExtension;

/** RFC 1929 username/password authentication and the downgrade paths around it. */
class AuthenticationTest {
  private static final String SECRET = "S3cr3t-" + java.util.UUID.randomUUID();

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .noTap()
      .user("alice", SECRET)
      .handshakeTimeout(Duration.ofMillis(800)));

  private static byte[] credentials(int version, String user, String password) {
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    byte[] p = password.getBytes(StandardCharsets.UTF_8);
    return Bytes.concat(new byte[] {(byte) version, (byte) u.length}, u,
        new byte[] {(byte) p.length}, p);
  }

  @Test
  void rightCredentialsConnect() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 02 00 02").expectHex("05 02");
      c.send(credentials(1, "alice", SECRET)).expectHex("01 00");
      c.send(Bytes.concat(Bytes.hex("05 01 00 01 7f000001"),
          new byte[] {(byte) (echo.port() >> 8), (byte) echo.port()}));
      assertEquals(0, c.readReply5()[1]);
    }
  }

  @Test
  void noAuthOnlyGetsNoAcceptableMethod() throws Exception {
    try (LoopbackServer sentinel = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 00").expectHex("05 ff");
      assertTrue(c.closedByServer());
      assertEquals(0, sentinel.accepted());
    }
  }

  @Test
  void connectThatSkipsTheSubNegotiationIsNotExecuted() throws Exception {
    try (LoopbackServer sentinel = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 02 00 02").expectHex("05 02");
      c.send(Bytes.concat(Bytes.hex("05 01 00 01 7f000001"),
          new byte[] {(byte) (sentinel.port() >> 8), (byte) sentinel.port()}));
      byte[] status = c.read(2);
      assertTrue(status[1] != 0, "failure status");
      assertTrue(c.closedByServer());
      Thread.sleep(100);
      assertEquals(0, sentinel.accepted(), "nothing dialed");
    }
  }

  @Test
  void wrongPasswordUnknownUserAndEmptyFieldsGetTheSameFailure() throws Exception {
    String[][] cases = {{"alice", "wrong"}, {"mallory", SECRET}, {"", SECRET}, {"alice", ""},
        {"alice", "p".repeat(255)}};
    for (String[] attempt : cases) {
      try (SocksClient c = new SocksClient(tap.address())) {
        c.sendHex("05 01 02").expectHex("05 02");
        c.send(credentials(1, attempt[0], attempt[1])).expectHex("01 01");
        assertTrue(c.closedByServer(), attempt[0]);
      }
    }
  }

  @Test
  void subNegotiationVersion5IsRefused() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 02").expectHex("05 02");
      c.send(credentials(5, "alice", SECRET)).expectHex("01 01");
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void truncatedThenStalledSubNegotiationClosesAtTheTimeout() throws Exception {
    try (SocksClient c = new SocksClient(tap.address())) {
      c.sendHex("05 01 02").expectHex("05 02");
      c.sendHex("01 05 616c");
      long start = System.nanoTime();
      assertTrue(c.closedByServer());
      assertTrue(System.nanoTime() - start < 3_000_000_000L);
    }
  }

  @Test
  void socks4IsRefusedWhenAuthenticationIsRequired() throws Exception {
    try (LoopbackServer sentinel = LoopbackServer.echo();
        SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.concat(Bytes.hex("04 01"),
          new byte[] {(byte) (sentinel.port() >> 8), (byte) sentinel.port()},
          Bytes.hex("7f000001"), Bytes.ascii("alice"), new byte[1]));
      assertEquals(0x5b, c.read(8)[1]);
      assertTrue(c.closedByServer());
      assertEquals(0, sentinel.accepted());
    }
    try (SocksClient c = new SocksClient(tap.address())) {
      c.send(Bytes.concat(Bytes.hex("04 01 0050 00000001"), Bytes.ascii("alice"), new byte[1],
          Bytes.ascii("localhost"), new byte[1]));
      assertEquals(0x5b, c.read(8)[1], "SOCKS4a too");
    }
  }

  @Test
  void thePasswordNeverReachesTheLog() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      try (SocksClient c = new SocksClient(tap.address())) {
        c.sendHex("05 01 02").expectHex("05 02");
        c.send(credentials(1, "mallory\r\nforged", SECRET)).expectHex("01 01");
        assertTrue(c.closedByServer());
      }
      Thread.sleep(100);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains(SECRET), log);
    assertFalse(log.contains("mallory\r\nforged"), "user name escaped: " + log);
  }
}
