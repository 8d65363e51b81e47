package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/**
 * L2: a sentinel secret sent as Authorization, Cookie, Proxy-Authorization and URL userinfo
 * never shows in access-log records, in the SLF4J output (every logger at TRACE) or in the pages
 * SocksTap writes, raw or base64-encoded.
 */
class HttpSecretsTest {
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer origin;

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .discoverProtocols(false)
      .detector(new HttpDetector())
      .handler(new HttpHandler())
      .protocolParam("http", "deny-url", "*/denied*")
      .protocolParam("http", "kill-qhead", "X-Unused")
      .accessLog((protocol, line) -> records.add(line)));

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    origin.createContext("/", exchange -> {
      seen.add(exchange.getRequestURI().toString());
      byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterEach
  void stopOrigin() {
    origin.stop(0);
  }

  private String curl(String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "15",
        "--socks5-hostname", "127.0.0.1:" + tap.address().getPort()));
    command.addAll(List.of(options));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out;
  }

  private static boolean curlPresent() {
    try {
      Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private String raw(String request) throws IOException {
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", origin.getAddress().getPort())) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void theSentinelNeverReachesRecordsLogsOrPages() throws Exception {
    assumeTrue(curlPresent(), "curl is not on the PATH (.ci/run installs it)");
    String secret = "S3cr3t-" + UUID.randomUUID();
    Base64.Encoder b64 = Base64.getEncoder();
    List<String> forms = List.of(secret,
        b64.encodeToString(("user:" + secret).getBytes(StandardCharsets.US_ASCII)),
        b64.encodeToString(secret.getBytes(StandardCharsets.US_ASCII)));
    String base = "http://127.0.0.1:" + origin.getAddress().getPort();
    String basic = "Basic " + forms.get(1);
    List<String> pages = new ArrayList<>();
    String logged;
    // loggers of classes not loaded yet are created first, so they are raised too
    try (LogCapture log = LogCapture.atTrace("sockstap.access.http", "sockstap.connection",
        "sockstap.detection", HttpProxyConnection.class.getName(), TargetUrl.class.getName(),
        HttpHandler.class.getName(), "org.sockstap.core.internal.ConnectionTask",
        "org.sockstap.core.internal.detect.ProtocolDetection",
        "org.sockstap.core.internal.AccessLogs", "org.sockstap.core.internal.ServerRuntime")) {
      pages.add(curl("-u", "user:" + secret, "-H", "Cookie: s=" + secret, base + "/ok"));
      pages.add(curl("-u", "user:" + secret, "-H", "Cookie: s=" + secret, base + "/denied"));
      pages.add(curl("http://user:" + secret + "@127.0.0.1:" + origin.getAddress().getPort()
          + "/denied?x"));
      pages.add(raw("GET " + base.replace("//", "//user:" + secret + "@") + "/ok HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n\r\n"));
      pages.add(raw("GET /ok HTTP/1.1\r\nHost: user:" + secret + "@127.0.0.1\r\n\r\n"));
      pages.add(raw("GET /denied HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic
          + "\r\nCookie: s=" + secret + "\r\nProxy-Authorization: " + basic
          + "\r\nReferer: http://user:" + secret + "@referer.test/\r\nConnection: close\r\n\r\n"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (records.size() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      logged = log.text();
      assertTrue(log.tracing() || logged.isEmpty(), "levels could not be raised: " + logged);
    }
    assertEquals(6, records.size(), records.toString());
    assertTrue(pages.get(0).endsWith("ok"), pages.get(0));
    assertTrue(pages.get(1).contains("403 Forbidden"), pages.get(1));
    assertTrue(pages.get(2).contains("403 Forbidden"), pages.get(2));
    assertTrue(pages.get(3).contains("400 Bad Request") && pages.get(3).contains("userinfo"),
        pages.get(3));
    assertTrue(pages.get(4).contains("400 Bad Request") && pages.get(4).contains("userinfo"),
        pages.get(4));
    assertTrue(pages.get(5).contains("403 Forbidden"), pages.get(5));
    assertTrue(logged.contains("sockstap.access.http"), "TRACE output was captured: " + logged);
    for (String form : forms) {
      for (String record : records) {
        assertFalse(record.contains(form), record);
      }
      assertFalse(logged.contains(form), logged);
      for (String page : pages) {
        assertFalse(page.contains(form), page);
      }
    }
    assertEquals(List.of("/ok"), seen);
  }
}
