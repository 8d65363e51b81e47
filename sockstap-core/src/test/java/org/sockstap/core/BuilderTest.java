package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.SocksClient;

/** Options are checked when set, combinations when built. */
class BuilderTest {

  @Test
  void badValuesNameTheOptionAndTheRule() {
    assertEquals("port: 70000 (expected: 0-65535)",
        assertThrows(IllegalArgumentException.class,
            () -> SocksTapServer.builder().listen("127.0.0.1", 70000)).getMessage());
    assertEquals("idleTimeout: PT0S (expected: > 0)",
        assertThrows(IllegalArgumentException.class,
            () -> SocksTapServer.builder().idleTimeout(Duration.ZERO)).getMessage());
    assertEquals("maxConnections: 0 (expected: >= 1)",
        assertThrows(IllegalArgumentException.class,
            () -> SocksTapServer.builder().maxConnections(0)).getMessage());
    assertEquals("connect: sometimes (expected: eager or lazy)",
        assertThrows(IllegalArgumentException.class,
            () -> SocksTapServer.builder().tap("*:::connect=sometimes")).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SocksTapServer.builder().listen(InetSocketAddress.createUnresolved("x", 1)));
    assertThrows(IllegalArgumentException.class, () -> SocksTapServer.builder().user("", "p"));
  }

  @Test
  void singleValuedOptionsCannotBeSetTwice() {
    SocksTapServer.Builder b = SocksTapServer.builder().idleTimeout(Duration.ofSeconds(1));
    assertEquals("idleTimeout was already set",
        assertThrows(IllegalStateException.class, () -> b.idleTimeout(Duration.ofSeconds(2)))
            .getMessage());
  }

  @Test
  void anOpenProxyOnAWildcardAddressIsRefusedUnlessAllowed() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SocksTapServer.builder().listen("0.0.0.0", 0).build());
    assertTrue(e.getMessage().contains("allowOpenProxy"), e.getMessage());
    try (SocksTapServer withAuth = SocksTapServer.builder().listen("0.0.0.0", 0)
        .user("u", "p").build()) {
      assertTrue(withAuth.localAddress().getPort() > 0);
    }
    try (SocksTapServer open = SocksTapServer.builder().listen("0.0.0.0", 0)
        .allowOpenProxy(true).build()) {
      assertTrue(open.localAddress().getPort() > 0);
    }
  }

  @Test
  void aReachableListenerRefusesInternalDestinationsAndPort25() throws Exception {
    try (SocksTapServer server = SocksTapServer.builder().listen("0.0.0.0", 0)
        .allowOpenProxy(true).build()) {
      InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", server.localAddress().getPort());
      String[] internal = {"7f000001", "7f050505", "00000000", "a9fea9fe", "a9feaa02",
          "646464c8", "0a000001", "ac100001", "c0a80101", "e0000001", "ffffffff"};
      for (String address : internal) {
        try (SocksClient c = new SocksClient(proxy)) {
          c.sendHex("05 01 00").expectHex("05 00");
          c.sendHex("05 01 00 01 " + address + " 0050");
          assertEquals(0x02, c.readReply5()[1], address);
        }
      }
      String[] internal6 = {"00000000000000000000000000000001", "00000000000000000000ffff7f000001",
          "fe800000000000000000000000000001", "fc000000000000000000000000000001",
          "fd00 0ec2 0000 0000 0000 0000 0000 0254", "00000000000000000000000000000000"};
      for (String address : internal6) {
        try (SocksClient c = new SocksClient(proxy)) {
          c.sendHex("05 01 00").expectHex("05 00");
          c.sendHex("05 01 00 04 " + address + " 0050");
          assertEquals(0x02, c.readReply5()[1], address);
        }
      }
      try (SocksClient c = new SocksClient(proxy)) {
        c.sendHex("05 01 00").expectHex("05 00");
        assertEquals(0x02, c.requestDomain5("localhost", 80), "names are checked once resolved");
      }
      try (SocksClient c = new SocksClient(proxy)) {
        c.sendHex("05 01 00").expectHex("05 00");
        c.send(Bytes.hex("05 01 00 01 08080808 0019"));
        assertEquals(0x02, c.readReply5()[1], "port 25 on a public address");
      }
    }
  }

  @Test
  void usersAndAnAuthenticatorAreExclusive() {
    assertThrows(IllegalStateException.class, () -> SocksTapServer.builder()
        .user("a", "b").authenticator((u, p, c) -> true).build());
  }

  @Test
  void socks4BesideAuthenticationOnlyWhenExplicitlyAllowed() throws Exception {
    try (org.sockstap.core.testing.LoopbackServer echo =
            org.sockstap.core.testing.LoopbackServer.echo()) {
      String request = String.format("04 01 %04x 7f000001 00", echo.port());
      try (SocksTapServer server = SocksTapServer.builder().listen("127.0.0.1", 0)
          .user("u", "p").build();
          SocksClient c = new SocksClient(server.localAddress())) {
        c.sendHex(request);
        assertEquals(0x5b, c.read(8)[1], "off by default beside authentication");
      }
      try (SocksTapServer server = SocksTapServer.builder().listen("127.0.0.1", 0)
          .user("u", "p").socks4(true).build();
          SocksClient c = new SocksClient(server.localAddress())) {
        c.sendHex(request);
        assertEquals(0x5a, c.read(8)[1], "granted when allowed explicitly");
      }
    }
  }

  @Test
  void parsedRulesAreAcceptedAsWellAsText() throws Exception {
    try (org.sockstap.core.testing.LoopbackServer echo =
            org.sockstap.core.testing.LoopbackServer.echo();
        SocksTapServer server = SocksTapServer.builder().listen("127.0.0.1", 0)
            .tap(org.sockstap.core.rules.TapRule.parse("*"))
            .reject(org.sockstap.core.rules.ConnMap.parse("*:{127.0.0.1:" + echo.port() + "}"))
            .permit(org.sockstap.core.rules.ConnMap.parse("*"))
            .route(org.sockstap.core.rules.ProtoList.parse("*"),
                org.sockstap.core.rules.HostList.parse("*.test"),
                java.net.URI.create("socks5://127.0.0.1:9"))
            .build();
        SocksClient c = new SocksClient(server.localAddress())) {
      assertEquals(0x02, c.connect5(echo.address())[1], "the reject rule applies");
    }
  }
}
