package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each target on a real loopback socket, with the behaviour of the C tool's servers. */
class TargetsTest {
  private static Targets targets;

  @BeforeAll
  static void start() throws IOException {
    Map<TargetKind, InetSocketAddress> listen = new EnumMap<>(TargetKind.class);
    for (TargetKind kind : TargetKind.values()) {
      listen.put(kind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
    targets = Targets.start(new ServeOptions(listen, 100, 0));
  }

  @AfterAll
  static void stop() {
    targets.close();
  }

  private static Socket connect(TargetKind kind) throws IOException {
    Socket socket = new Socket();
    socket.setSoTimeout(5000);
    socket.connect(targets.address(kind), 5000);
    return socket;
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void echoEchoesUntilTheClientCloses() throws IOException {
    try (Socket socket = connect(TargetKind.ECHO)) {
      send(socket, "123\n");
      assertEquals("123\n", ascii(socket.getInputStream().readNBytes(4)));
      send(socket, "45");
      socket.shutdownOutput();
      assertEquals("45", ascii(socket.getInputStream().readAllBytes()));
    }
  }

  @Test
  void echoLineClosesAfterEchoingANewline() throws IOException {
    try (Socket socket = connect(TargetKind.ECHO_LINE)) {
      send(socket, "12");
      assertEquals("12", ascii(socket.getInputStream().readNBytes(2)));
      send(socket, "3\n");
      assertEquals("3\n", ascii(socket.getInputStream().readAllBytes()));
    }
  }

  @Test
  void sinkAnswersOkAfterTheAnnouncedBytes() throws IOException {
    try (Socket socket = connect(TargetKind.SINK)) {
      OutputStream out = socket.getOutputStream();
      send(socket, "100000\n");
      byte[] chunk = new byte[25_000];
      for (int i = 0; i < 4; i++) {
        out.write(chunk);
      }
      assertEquals("OK\n", ascii(socket.getInputStream().readNBytes(3)));
      socket.shutdownOutput();
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void sinkWithoutAHeaderOnlyDiscards() throws IOException {
    try (Socket socket = connect(TargetKind.SINK)) {
      send(socket, "abc\n");
      socket.shutdownOutput();
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void sourceSendsTheAskedBytesOfDigits() throws IOException {
    try (Socket socket = connect(TargetKind.SOURCE)) {
      send(socket, "300000\n");
      byte[] body = socket.getInputStream().readNBytes(300_000);
      assertEquals(300_000, body.length);
      for (byte b : body) {
        assertTrue(b >= '0' && b <= '9');
      }
      socket.shutdownOutput();
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void sourceWithZeroSendsUntilTheClientLeaves() throws IOException {
    try (Socket socket = connect(TargetKind.SOURCE)) {
      send(socket, "0\n");
      assertEquals(1 << 20, socket.getInputStream().readNBytes(1 << 20).length);
    }
  }

  @Test
  void httpServesKeepAliveGetAndHeadSizedByThePath() throws IOException {
    try (Socket socket = connect(TargetKind.HTTP)) {
      // two pipelined requests, then a third after them
      send(socket, "GET /files/1k HTTP/1.1\r\nHost: t\r\n\r\nHEAD /2048 HTTP/1.1\r\nHost: t\r\n\r\n");
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      assertTrue(head.contains("\r\nContent-Length: 1024\r\n"), head);
      assertTrue(head.contains("\r\nCache-Control: max-age=3600\r\n"), head);
      assertTrue(head.contains("\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"), head);
      assertTrue(head.matches("(?s).*\r\nDate: [A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4}"
          + " \\d\\d:\\d\\d:\\d\\d GMT\r\n.*"), head);
      assertEquals("0123456789", ascii(in.readNBytes(1024)).substring(0, 10));
      assertTrue(readHead(in).contains("\r\nContent-Length: 2048\r\n"));
      send(socket, "GET /index.html?size=5 HTTP/1.1\r\nConnection: close\r\n\r\n");
      head = readHead(in);
      assertTrue(head.contains("\r\nContent-Length: 100\r\n"), head);
      assertTrue(head.contains("\r\nConnection: close\r\n"), head);
      assertEquals(100, in.readAllBytes().length);
    }
  }

  @Test
  void httpClosesAfterAnHttp10Request() throws IOException {
    try (Socket socket = connect(TargetKind.HTTP)) {
      send(socket, "GET /7 HTTP/1.0\r\n\r\n");
      InputStream in = socket.getInputStream();
      readHead(in);
      assertEquals("0123456", ascii(in.readAllBytes()));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("ended in the head: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
