package org.sockstap.core.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sockstap.api.Endpoint;

class ConnectorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          socks5://proxy.example:1081          | Socks5Connector      | socks5://proxy.example:1081
          socks5://proxy.example               | Socks5Connector      | socks5://proxy.example:1080
          SOCKS5://Proxy.Example:1080/         | Socks5Connector      | socks5://Proxy.Example:1080
          socks5h://10.0.0.1:9050              | Socks5Connector      | socks5://10.0.0.1:9050
          socks5://user:pa%3Ass@[::1]:1080     | Socks5Connector      | socks5://[::1]:1080
          socks5://user@proxy.example:1080     | Socks5Connector      | socks5://proxy.example:1080
          socks4://proxy.example:1080          | Socks4Connector      | socks4://proxy.example:1080
          socks4://bob@proxy.example           | Socks4Connector      | socks4://proxy.example:1080
          socks4a://proxy.example:1082         | Socks4Connector      | socks4://proxy.example:1082
          http://proxy.example:3128            | HttpConnectConnector | http://proxy.example:3128
          http://u:p@127.0.0.1:8080/           | HttpConnectConnector | http://127.0.0.1:8080
          HTTP://[2001:db8::1]:8080            | HttpConnectConnector | http://[2001:db8::1]:8080
          """)
  void acceptsUpstreamUris(String uri, String type, String description) {
    Connector connector = Connectors.fromUri(uri);
    assertEquals(type, connector.getClass().getSimpleName());
    assertEquals(description, connector.describe());
    assertEquals(description, connector.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ftp://proxy.example:21                  | route: ftp://proxy.example:21 (expected: socks5://, socks4:// or http:// URI)
          https://proxy.example:443               | route: https://proxy.example:443 (expected: socks5://, socks4:// or http:// URI)
          socks://proxy.example:1080              | route: socks://proxy.example:1080 (expected: socks5://, socks4:// or http:// URI)
          proxy.example:1080                      | route: proxy.example:1080 (expected: socks5://, socks4:// or http:// URI)
          socks5:proxy.example:1080               | route: socks5:proxy.example:1080 (expected: socks5://, socks4:// or http:// URI)
          /just/a/path                            | route: /just/a/path (expected: socks5://, socks4:// or http:// URI)
          socks5://proxy.example:1080/path        | route: socks5://proxy.example:1080/path (expected: socks5://host:port, without path or query)
          socks5://proxy.example:1080?x=1         | route: socks5://proxy.example:1080?x=1 (expected: socks5://host:port, without path or query)
          http://proxy.example:8080#top           | route: http://proxy.example:8080#top (expected: http://host:port, without path or query)
          http://proxy.example                    | route: http://proxy.example (expected: http://host:port; an HTTP proxy has no default port)
          socks5://proxy.example:0                | route: socks5://proxy.example:0 (expected: a port in 1-65535)
          socks5://proxy.example:70000            | route: socks5://proxy.example:70000 (expected: a port in 1-65535)
          socks5://proxy_1:1080                   | route: socks5://proxy_1:1080 (expected: socks5://host:port with a valid host)
          socks5://                               | route: socks5:// (expected: socks5://, socks4:// or http:// URI; Expected authority at index 9)
          socks4://bob:secret@proxy.example:1080  | route: socks4://***@proxy.example:1080 (expected: socks4://[user@]host:port; SOCKS4 has no password)
          socks5://:secret@proxy.example:1080     | route: socks5://***@proxy.example:1080 (expected: a non-empty user before '@')
          socks5://u:%FF@proxy.example:1080       | route: socks5://***@proxy.example:1080 (expected: user-info percent-encoded in UTF-8)
          socks5://u:se cret@proxy.example:1080   | route: socks5://***@proxy.example:1080 (expected: socks5://, socks4:// or http:// URI; Illegal character in authority at index 9)
          http://a:b@proxy.example                | route: http://***@proxy.example (expected: http://host:port; an HTTP proxy has no default port)
          http://u%3Ax:pw@proxy.example:8080      | route: http://***@proxy.example:8080: user: contains ':' (expected: none, as Basic authentication joins user:password)
          """)
  void rejectsEverythingElse(String uri, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Connectors.fromUri(uri));
    // the JDK's URI parser words its index differently across releases
    assertEquals(message.replaceAll(" at index \\d+", ""),
        e.getMessage().replaceAll(" at index \\d+", ""));
    assertFalse(e.getMessage().contains("secret"));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      assertFalse(String.valueOf(cause.getMessage()).contains("secret"));
    }
  }

  @Test
  void redactsUserInfoEvenWithARawSlashInThePassword() {
    assertEquals("socks5://***@host:1080", Connectors.redact("socks5://u:p/ss@host:1080"));
    assertEquals("socks5://host:1080?a@b", Connectors.redact("socks5://host:1080?a@b"));
    assertEquals("***@host", Connectors.redact("u:p@host"));
    assertEquals("a\\x0ab", Connectors.redact("a\nb"));
  }

  @Test
  void percentDecodesCredentialsAsUtf8() throws Exception {
    try (EchoServer echo = new EchoServer();
        FakeSocks5Server proxy = new FakeSocks5Server(echo.address())) {
      proxy.credentials("us+er", "p@ss:w\u00f6rd");
      Connector connector =
          Connectors.fromUri(
              URI.create(
                  "socks5://us+er:p%40ss%3Aw%C3%B6rd@127.0.0.1:" + proxy.address().getPort()));
      try (SocketChannel channel =
          connector.connect(
              new Endpoint("127.0.0.1", echo.address().getPort()), Duration.ofSeconds(5))) {
        Wire.assertEchoes(channel);
      }
      FakeSocks5Server.Request request = proxy.request();
      assertEquals("us+er", request.user());
      assertEquals("p@ss:w\u00f6rd", request.password());
    }
  }

  @Test
  void socks4UserBecomesTheUserId() throws Exception {
    try (EchoServer echo = new EchoServer();
        FakeSocks4Server proxy = new FakeSocks4Server(echo.address())) {
      Connector connector =
          Connectors.fromUri("socks4a://b%C3%B6b@127.0.0.1:" + proxy.address().getPort());
      assertInstanceOf(Socks4Connector.class, connector);
      try (SocketChannel channel =
          connector.connect(new Endpoint("echo.example", 7), Duration.ofSeconds(5))) {
        Wire.assertEchoes(channel);
      }
      FakeSocks4Server.Request request = proxy.request();
      assertEquals("b\u00f6b", request.userId());
      assertEquals("echo.example", request.name());
    }
  }

  @Test
  void httpCredentialsGoIntoBasicAuthorization() throws Exception {
    try (EchoServer echo = new EchoServer();
        FakeHttpProxy proxy = new FakeHttpProxy(echo.address())) {
      Connector connector =
          Connectors.fromUri("http://Aladdin:open%20sesame@127.0.0.1:" + proxy.address().getPort());
      try (SocketChannel channel =
          connector.connect(new Endpoint("example.com", 443), Duration.ofSeconds(5))) {
        Wire.assertEchoes(channel);
      }
      assertTrue(
          proxy.request().contains("Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"));
    }
  }
}
