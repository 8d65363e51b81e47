package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The handshake bytes; the conversation itself runs against SocksTap in SocksLoadTest. */
class DialerTest {
  private static Target literal(String host, int port) throws Exception {
    InetAddress address = InetAddress.getByName(host);
    return new Target(host, port, address, new InetSocketAddress(address, port));
  }

  private static Target name(String host, int port) {
    return new Target(host, port, null,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  @Test
  void socks5ConnectCarriesIpv4Ipv6OrAnUnresolvedName() throws Exception {
    assertArrayEquals(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, 0x42, 0x1d},
        Dialer.socks5Request(literal("127.0.0.1", 16925)));
    assertArrayEquals(new byte[] {5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
        80}, Dialer.socks5Request(literal("::1", 80)));
    assertArrayEquals(new byte[] {5, 1, 0, 3, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0,
        80}, Dialer.socks5Request(name("localhost", 80)));
  }

  @Test
  void socks4CarriesTheUserAndSocks4aTheName() throws Exception {
    assertArrayEquals(new byte[] {4, 1, 0, 80, 127, 0, 0, 1, 0},
        Dialer.socks4Request(literal("127.0.0.1", 80), null));
    assertArrayEquals(new byte[] {4, 1, 0, 80, 0, 0, 0, 1, 'b', 'o', 'b', 0, 'l', 'o', 'c', 'a',
        'l', 'h', 'o', 's', 't', 0},
        Dialer.socks4Request(name("localhost", 80), new Credentials("bob", "pw")));
  }

  @Test
  void rfc1929CarriesUserAndPassword() {
    assertArrayEquals(new byte[] {1, 3, 'b', 'o', 'b', 2, 'p', 'w'},
        Dialer.authentication(new Credentials("bob", "pw")));
  }
}
