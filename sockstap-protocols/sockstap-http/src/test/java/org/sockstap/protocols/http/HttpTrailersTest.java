package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** Chunked trailers pass both ways, without the fields that must never be trailers. */
class HttpTrailersTest {

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler()));

  @Test
  void trailersAreForwardedAndFramingFieldsInThemAreNot() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      String line;
      int blankLines = 0;
      // head, then chunks and trailer section: two blank lines in all for this request
      while (blankLines < 2 && (line = Bytes.readLine(socket.getInputStream())) != null) {
        seen.add(line);
        if (line.equals("\r\n")) {
          blankLines++;
        }
      }
      socket.getOutputStream().write(Bytes.ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
          + "Connection: close\r\n\r\n2\r\nok\r\n0\r\nX-Digest: sha-256=abc\r\n"
          + "Content-Length: 999\r\n\r\n"));
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      s.getOutputStream().write(Bytes.ascii("POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n"
          + "X-Checksum: 42\r\nHost: evil.example\r\nContent-Length: 5\r\n\r\n"));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.contains("\r\n0\r\nX-Digest: sha-256=abc\r\n\r\n"), answer);
      assertFalse(answer.contains("999"), answer);
    }
    String request = String.join("", seen);
    assertTrue(request.contains("0\r\nX-Checksum: 42\r\n\r\n"), request);
    assertFalse(request.contains("evil.example"), request);
    assertFalse(request.contains("Content-Length"), request);
  }
}
