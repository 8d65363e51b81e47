package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.Curl;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/** The HTTP handler end to end: real clients through SocksTap to an in-process origin. */
class HttpProxyTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final AtomicInteger originConnections = new AtomicInteger();
  private HttpServer origin;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler())
      .accessLog((protocol, line) -> records.add(line)));

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    origin.createContext("/hello", exchange -> {
      byte[] body = ("hello " + exchange.getRequestMethod()).getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.createContext("/echo", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.createContext("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      for (int i = 0; i < 5; i++) {
        exchange.getResponseBody().write(("part" + i + "\n").getBytes(StandardCharsets.US_ASCII));
        exchange.getResponseBody().flush();
      }
      exchange.close();
    });
    origin.createContext("/none", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  private int port() {
    return origin.getAddress().getPort();
  }

  private String url(String path) {
    return "http://localhost:" + port() + path;
  }

  // ---- curl

  private String curl(String... options) throws Exception {
    return Curl.through(tap.address(), options);
  }



  @Test
  void curlKeepAliveWithSeveralUrlsIsOneConnectionAndOneRecordEach() throws Exception {
    assertEquals("hello GEThello GEThello GET",
        curl(url("/hello"), url("/hello"), url("/hello")));
    awaitRecords(3);
    String first = records.get(0);
    assertTrue(first.startsWith("127.0.0.1 - - ["), first);
    assertTrue(first.contains("\"GET http://localhost:" + port() + "/hello HTTP/1.1\" 200 9 \"-\" \"curl/"),
        first);
    assertTrue(first.endsWith(" direct bypass"), first);
  }

  /** The record is written after the response is flushed: the client can be faster. */
  private void awaitRecords(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (records.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, records.size(), records.toString());
  }

  @Test
  void curlChunkedUploadAndChunkedDownload(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("up.bin");
    byte[] data = new byte[300_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + i % 26);
    }
    Files.write(file, data);
    String echoed = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
        url("/echo"));
    assertEquals(new String(data, StandardCharsets.US_ASCII), echoed);
    assertEquals("part0\npart1\npart2\npart3\npart4\n", curl(url("/chunked")));
  }

  @Test
  void curlExpectContinue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.bin");
    Files.write(file, new byte[2_000_000]);
    String size = curl("-H", "Expect: 100-continue", "--data-binary", "@" + file, "-o",
        "/dev/null", "-w", "%{http_code} %{size_download}", url("/echo"));
    assertEquals("200 2000000", size);
  }

  @Test
  void headAnd204HaveNoBody() throws Exception {
    assertEquals("200 0", curl("-I", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
        url("/hello")));
    assertEquals("204 0", curl("-o", "/dev/null", "-w", "%{http_code} %{size_download}",
        url("/none")));
  }

  // ---- the JDK's HttpURLConnection and OkHttp over SOCKS

  @Test
  void jdkHttpUrlConnectionThroughTheSocksProxy() throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url("/hello"))
        .openConnection(new Proxy(Proxy.Type.SOCKS, tap.address()));
    // the JDK would otherwise keep the connection in its pool past the test's leak check
    c.setRequestProperty("Connection", "close");
    try (InputStream in = c.getInputStream()) {
      assertEquals(200, c.getResponseCode());
      assertEquals("hello GET", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } finally {
      c.disconnect();
    }
  }

  @Test
  void okHttpThroughTheSocksProxy() throws Exception {
    okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
        .proxy(new Proxy(Proxy.Type.SOCKS, tap.address())).build();
    try {
      for (int i = 0; i < 3; i++) {
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder()
            .url(url("/echo")).post(okhttp3.RequestBody.create("body" + i,
                okhttp3.MediaType.get("text/plain"))).build()).execute()) {
          assertEquals(200, r.code());
          assertEquals("body" + i, r.body().string());
        }
      }
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  // ---- raw wire

  private static String exchange(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", port())) {
      String answers = exchange(s, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          + "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc"
          + "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      int first = answers.indexOf("hello GET");
      int second = answers.indexOf("abc");
      int third = answers.lastIndexOf("hello GET");
      assertTrue(first > 0 && second > first && third > second, answers);
    }
  }

  @Test
  void smugglingAttemptGets400AndNothingReachesTheOrigin() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      String line;
      while ((line = Bytes.readLine(socket.getInputStream())) != null) {
        seen.add(line);
      }
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      String answer = exchange(s, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
      assertTrue(answer.contains("Connection: close"), answer);
      Thread.sleep(100);
      assertTrue(seen.isEmpty(), "origin saw " + seen);
    }
  }

  @Test
  void malformedResponseFramingGets502() throws Exception {
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      Bytes.readLine(socket.getInputStream());
      socket.getOutputStream().write(Bytes.ascii(
          "HTTP/1.1 200 OK\r\nContent-Length: +6\r\n\r\nhello!"));
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      String answer = exchange(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 502 "), answer);
      assertFalse(answer.contains("hello!"), answer);
    }
  }

  @Test
  void aTruncatedResponseBodyAbortsTheClientConnection() throws Exception {
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      Bytes.readLine(socket.getInputStream());
      socket.getOutputStream().write(Bytes.ascii(
          "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"));
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      String answer;
      try {
        answer = exchange(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      } catch (java.net.SocketException reset) {
        answer = "reset";
      }
      int body = answer.indexOf("\r\n\r\n");
      assertTrue(answer.equals("reset") || answer.length() - body - 4 < 1000,
          "the client must not get a complete 1000-byte body: " + answer);
    }
  }

  @Test
  void interimResponsesArriveBeforeTheFinalOne() throws Exception {
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      Bytes.readLine(socket.getInputStream());
      socket.getOutputStream().write(Bytes.ascii("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
          + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      String answer = exchange(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 103 Early Hints\r\n"), answer);
      assertTrue(answer.contains("HTTP/1.1 200 OK\r\n") && answer.endsWith("ok"), answer);
    }
  }

  @Test
  void aWebSocketUpgradeTurnsTheConnectionIntoARelay() throws Exception {
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      String line;
      while (!(line = Bytes.readLine(socket.getInputStream())).equals("\r\n")) {
        // the request head
      }
      socket.getOutputStream().write(Bytes.ascii("HTTP/1.1 101 Switching Protocols\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
      LoopbackServer.echo(socket);
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      s.getOutputStream().write(Bytes.ascii("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
      String head = "";
      String line;
      while (!(line = Bytes.readLine(s.getInputStream())).equals("\r\n")) {
        head += line;
      }
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.contains("Upgrade: websocket"), head);
      byte[] frame = {(byte) 0x81, 0x02, 'h', 'i', 0, 0x7f};
      s.getOutputStream().write(frame);
      assertEquals(java.util.HexFormat.of().formatHex(frame),
          java.util.HexFormat.of().formatHex(Bytes.readExactly(s.getInputStream(), frame.length)));
      assertEquals(0, tap.awaitNoConnectionThreads(),
          "the upgraded connection is on the relay loops, holding no thread");
      s.getOutputStream().write(frame);
      assertEquals(java.util.HexFormat.of().formatHex(frame),
          java.util.HexFormat.of().formatHex(Bytes.readExactly(s.getInputStream(), frame.length)));
    }
  }

  @Test
  void aConnectInsideTheTunnelIsRelayedOnceTheServerAgrees() throws Exception {
    try (LoopbackServer upstreamProxy = LoopbackServer.start(socket -> {
      String line;
      while (!(line = Bytes.readLine(socket.getInputStream())).equals("\r\n")) {
        // CONNECT head
      }
      socket.getOutputStream().write(Bytes.ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
      LoopbackServer.echo(socket);
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", upstreamProxy.port())) {
      s.getOutputStream().write(Bytes.ascii(
          "CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n"));
      assertEquals("HTTP/1.1 200 Connection established\r\n", Bytes.readLine(s.getInputStream()));
      assertEquals("\r\n", Bytes.readLine(s.getInputStream()));
      s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0, 0});
      assertEquals("1603010000", java.util.HexFormat.of().formatHex(
          Bytes.readExactly(s.getInputStream(), 5)));
    }
  }

  @Test
  void aFinalAnswerToExpectContinueEndsTheConnectionSoTheBodyIsNeverReadAsARequest()
      throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      String line;
      while (!(line = Bytes.readLine(socket.getInputStream())).equals("\r\n")) {
        seen.add(line);
      }
      socket.getOutputStream().write(Bytes.ascii(
          "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n"));
      while ((line = Bytes.readLine(socket.getInputStream())) != null) {
        seen.add(line);
      }
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      String answer = exchange(s, "POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
          + "Content-Length: 38\r\n\r\nGET /evil HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 417 "), answer);
      assertTrue(answer.contains("Connection: close"), answer);
      assertFalse(answer.contains("HTTP/1.1 200"), answer);
    }
    assertFalse(seen.stream().anyMatch(l -> l.contains("/evil")), seen.toString());
  }

  @Test
  void anH2cUpgradeIsNeverTunnelled() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer raw = LoopbackServer.start(socket -> {
      String line;
      while (!(line = Bytes.readLine(socket.getInputStream())).equals("\r\n")) {
        seen.add(line.toLowerCase(java.util.Locale.ROOT));
      }
      socket.getOutputStream().write(Bytes.ascii(
          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
    });
        Socket s = Through.socks(tap.address(), "127.0.0.1", raw.port())) {
      String answer = exchange(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, close, "
          + "HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
    }
    assertFalse(seen.stream().anyMatch(l -> l.startsWith("upgrade:")), seen.toString());
    assertFalse(seen.stream().anyMatch(l -> l.startsWith("http2-settings:")), seen.toString());
  }
}
