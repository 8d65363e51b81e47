package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** Server connections kept between requests, and servers that close them while idle. */
class HttpUpstreamTest {

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler()));

  /** Answers one request per connection, then closes it as an idle timeout would. */
  private static LoopbackServer oneAnswerPerConnection(AtomicInteger connections)
      throws IOException {
    return LoopbackServer.start(socket -> {
      int n = connections.incrementAndGet();
      String line;
      while ((line = Bytes.readLine(socket.getInputStream())) != null && !line.equals("\r\n")) {
        // the request head
      }
      socket.getOutputStream().write(Bytes.ascii(
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nconn" + n));
    });
  }

  private static void write(Socket s, String raw) throws IOException {
    s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  @Test
  void anIdempotentRequestIsSentAgainWhenAKeptConnectionWasClosed() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (LoopbackServer origin = oneAnswerPerConnection(connections);
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      InputStream in = s.getInputStream();
      write(s, "GET /1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals("conn1", RawResponse.read(in).body());
      Thread.sleep(100);
      write(s, "GET /2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals("conn2", RawResponse.read(in).body());
      Thread.sleep(100);
      write(s, "HEAD /3 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertEquals(200, RawResponse.read(in, true).status());
      assertEquals(3, origin.accepted());
    }
  }

  @Test
  void aRequestWithABodyOrANonIdempotentMethodIsNotSentAgain() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    for (String second : new String[] {
        "POST /2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "PUT /2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nhi"}) {
      connections.set(0);
      try (LoopbackServer origin = oneAnswerPerConnection(connections);
          Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
        write(s, "GET /1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals("conn1", RawResponse.read(s.getInputStream()).body());
        Thread.sleep(100);
        write(s, second);
        String rest;
        try {
          rest = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
          rest = "reset";
        }
        assertFalse(rest.contains("200 OK"), rest);
        assertEquals(1, origin.accepted(), second);
      }
    }
  }

  @Test
  void aFreshConnectionClosedWithoutAnAnswerGets502AndNoRetry() throws Exception {
    try (LoopbackServer origin = LoopbackServer.start(socket -> Bytes.readLine(
        socket.getInputStream()));
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      write(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals(502, RawResponse.read(s.getInputStream()).status());
      assertEquals(1, origin.accepted());
    }
  }
}
