package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;

/** The JDK's own SOCKS client (java.net.Proxy) against the server, SOCKS5 and SOCKS4. */
class JdkSocksClientTest {

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b);

  @AfterEach
  void resetJdkClient() {
    System.clearProperty("socksProxyVersion");
    Authenticator.setDefault(null);
  }

  private String echoThrough(InetSocketAddress target) throws Exception {
    try (Socket s = new Socket(new Proxy(Proxy.Type.SOCKS, tap.address()))) {
      s.setSoTimeout(5000);
      s.connect(target, 5000);
      s.getOutputStream().write(Bytes.ascii("hello\n"));
      return Bytes.readLine(s.getInputStream());
    }
  }

  @Test
  void socks5WithAnUnresolvedName() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo()) {
      assertEquals("hello\n",
          echoThrough(InetSocketAddress.createUnresolved("localhost", echo.port())));
    }
  }

  @Test
  void socks5WithAnAddress() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo()) {
      assertEquals("hello\n", echoThrough(echo.address()));
    }
  }

  @Test
  void socks4WithAnAddress() throws Exception {
    System.setProperty("socksProxyVersion", "4");
    try (LoopbackServer echo = LoopbackServer.echo()) {
      assertEquals("hello\n", echoThrough(echo.address()));
    }
  }

  @Test
  void socks5WithUsernameAndPassword() throws Exception {
    tap.restart(b -> b.user("alice", "secret"));
    Authenticator.setDefault(new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication("alice", "secret".toCharArray());
      }
    });
    try (LoopbackServer echo = LoopbackServer.echo()) {
      assertEquals("hello\n", echoThrough(echo.address()));
    }
  }

  @Test
  void socks5WithAWrongPasswordFails() throws Exception {
    tap.restart(b -> b.user("alice", "secret"));
    Authenticator.setDefault(new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication("alice", "guess".toCharArray());
      }
    });
    try (LoopbackServer echo = LoopbackServer.echo()) {
      assertThrows(java.io.IOException.class, () -> echoThrough(echo.address()));
      assertEquals(0, echo.accepted());
    }
  }
}
