package org.sockstap.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.api.DetectionReport;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.RecordingHandler;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.TextDetector;
import org.sockstap.core.testing.Through;

/** The detection engine end to end: every path, every byte accounted for. */
class DetectionTest {
  private final RecordingHandler hello = RecordingHandler.relaying("hello");
  private final RecordingHandler greet = RecordingHandler.relaying("greet");
  private final List<DetectionReport> reports = new CopyOnWriteArrayList<>();
  private final List<ConnectionSummary> summaries = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(this::configure);

  private SocksTapServer.Builder configure(SocksTapServer.Builder b) {
    return b.discoverProtocols(false)
        .detector(TextDetector.clientFirst("hello", "HELLO"))
        .detector(TextDetector.serverFirst("greet", "GREET"))
        .handler(hello)
        .handler(greet)
        .detectionTimeout(Duration.ofMillis(500))
        .listener(new ConnectionListener() {
          @Override
          public void detected(ConnectionInfo c, DetectionReport r) {
            reports.add(r);
          }

          @Override
          public void closed(ConnectionInfo c, ConnectionSummary s) {
            summaries.add(s);
          }
        });
  }

  @Test
  void clientFirstProtocolIsRecognisedAndTheHandlerSeesEveryByte() throws Exception {
    try (LoopbackServer origin = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      s.getOutputStream().write(Bytes.ascii("HELLO world\n"));
      assertEquals("HELLO world\n", new String(Bytes.readExactly(s.getInputStream(), 12)));
      RecordingHandler.Seen seen = hello.next();
      assertEquals("hello", seen.protocol());
      assertTrue(seen.serverConnected(), "eager mode connects before detection");
    }
    awaitClosed(1);
    assertEquals("client-bytes", reports.get(0).decidedBy());
    assertEquals("hello", summaries.get(0).protocol());
  }

  @Test
  void clientFirstPrefixArrivingOneByteAtATimeIsStillRecognised() throws Exception {
    try (LoopbackServer origin = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      OutputStream out = s.getOutputStream();
      for (byte b : Bytes.ascii("HELLO!")) {
        out.write(b);
        out.flush();
        Thread.sleep(5);
      }
      assertEquals("HELLO!", new String(Bytes.readExactly(s.getInputStream(), 6)));
      assertEquals("hello", hello.next().protocol());
    }
  }

  @Test
  void serverFirstProtocolIsRecognisedFromTheGreetingWhileTheClientWaits() throws Exception {
    try (LoopbackServer origin = LoopbackServer.start(socket -> {
          socket.getOutputStream().write(Bytes.ascii("GREETINGS\r\n"));
          LoopbackServer.echo(socket);
        });
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      long start = System.nanoTime();
      assertEquals("GREETINGS\r\n", Bytes.readLine(s.getInputStream()));
      assertTrue(System.nanoTime() - start < 500_000_000L, "greeting within 500 ms");
      RecordingHandler.Seen seen = greet.next();
      assertEquals(0, seen.alreadyRelayed().length, "decided from the greeting: nothing forwarded");
      s.getOutputStream().write(Bytes.ascii("ping\n"));
      assertEquals("ping\n", Bytes.readLine(s.getInputStream()));
    }
  }

  @Test
  void ambiguousGreetingReachesTheClientAndTheClientsFirstBytesDecide() throws Exception {
    tap.restart(b -> b.discoverProtocols(false)
        .detector(new AmbiguousGreetingDetector("ftp", "USER"))
        .detector(new AmbiguousGreetingDetector("smtp", "EHLO"))
        .handler(greet("ftp"))
        .handler(greet("smtp")));
    try (LoopbackServer origin = LoopbackServer.start(socket -> {
          socket.getOutputStream().write(Bytes.ascii("220 ready\r\n"));
          LoopbackServer.echo(socket);
        });
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      long start = System.nanoTime();
      assertEquals("220 ready\r\n", Bytes.readLine(s.getInputStream()));
      assertTrue(System.nanoTime() - start < 500_000_000L, "banner within 500 ms");
      s.getOutputStream().write(Bytes.ascii("EHLO me\r\n"));
      assertEquals("EHLO me\r\n", Bytes.readLine(s.getInputStream()));
      s.shutdownOutput();
      assertEquals(-1, s.getInputStream().read(), "nothing after the echo: greeting sent once");
    }
  }

  @Test
  void silentClientAndSilentServerFallBackToTheOpaqueRelayAfterTheTimeout() throws Exception {
    try (LoopbackServer origin = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      Thread.sleep(700);
      s.getOutputStream().write(Bytes.ascii("late bytes"));
      assertEquals("late bytes", new String(Bytes.readExactly(s.getInputStream(), 10)));
    }
    awaitClosed(1);
    assertEquals("timeout", reports.get(0).decidedBy());
    assertNull(reports.get(0).protocol());
    assertFalse(hello.called() || greet.called());
  }

  @Test
  void binaryGarbageIsRelayedByteExactInBothDirections() throws Exception {
    byte[] upload = new byte[4 << 20];
    new Random(1).nextBytes(upload);
    upload[0] = 0x16; // TLS handshake record type: recognised by nobody here
    byte[] download = new byte[3 << 20];
    new Random(2).nextBytes(download);
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    CompletableFuture<byte[]> uploaded = new CompletableFuture<>();
    try (LoopbackServer origin = LoopbackServer.start(socket -> {
          Thread writer = new Thread(() -> {
            try {
              socket.getOutputStream().write(download);
              socket.shutdownOutput();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
          writer.start();
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[65536];
          int n;
          while ((n = in.read(buffer)) >= 0) {
            received.update(buffer, 0, n);
          }
          uploaded.complete(received.digest());
          writer.join();
        });
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          Random split = new Random(3);
          for (int i = 0; i < upload.length; ) {
            int n = Math.min(upload.length - i, 1 + split.nextInt(20000));
            out.write(upload, i, n);
            i += n;
          }
          s.shutdownOutput();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();
      byte[] got = s.getInputStream().readAllBytes();
      writer.join();
      assertArrayEquals(sha(download), sha(got), "download intact");
      assertArrayEquals(sha(upload), uploaded.get(10, TimeUnit.SECONDS),
          "upload intact");
    }
    awaitClosed(1);
    assertEquals("no-match", reports.get(0).decidedBy());
  }

  @Test
  void lazyModeServesTheClientBeforeAnyConnectAndConnectsWhenTheHandlerAsks() throws Exception {
    RecordingHandler lazy = new RecordingHandler("hello", c -> {
      String line = RecordingHandler.line(c.client().input());
      c.client().output().write(Bytes.ascii("connected=" + c.isServerConnected() + "\n"));
      RecordingHandler.line(c.client().input()); // the test's go-ahead, after it checked
      c.server().output().write(Bytes.ascii(line));
      c.relayOpaquely();
    });
    tap.restart(b -> b.discoverProtocols(false)
        .detector(TextDetector.clientFirst("hello", "HELLO"))
        .handler(lazy)
        .tap("hello:::connect=lazy"));
    try (LoopbackServer origin = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      s.getOutputStream().write(Bytes.ascii("HELLO lazy\n"));
      assertEquals("connected=false\n", Bytes.readLine(s.getInputStream()));
      Thread.sleep(50);
      assertEquals(0, origin.accepted(), "no connect before the handler asked");
      s.getOutputStream().write(Bytes.ascii("go\n"));
      assertEquals("HELLO lazy\n", Bytes.readLine(s.getInputStream()));
      assertEquals(1, origin.accepted());
      assertEquals("lazy", lazy.next().params().get("connect"));
    }
  }

  @Test
  void lazyModeWithASilentClientConnectsAfterTheWindowAndDetectsTheGreeting() throws Exception {
    tap.restart(b -> b.discoverProtocols(false)
        .detector(TextDetector.clientFirst("hello", "HELLO"))
        .detector(TextDetector.serverFirst("greet", "GREET"))
        .handler(greet)
        .lazyClientWindow(Duration.ofMillis(100))
        .tap("*:::connect=lazy"));
    try (LoopbackServer origin = LoopbackServer.start(socket -> {
          socket.getOutputStream().write(Bytes.ascii("GREETINGS\r\n"));
          LoopbackServer.echo(socket);
        });
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      assertEquals("GREETINGS\r\n", Bytes.readLine(s.getInputStream()));
      assertTrue(greet.next().serverConnected());
    }
  }

  @Test
  void lazyModeLateConnectFailureClosesTheClient() throws Exception {
    tap.restart(b -> b.discoverProtocols(false)
        .detector(TextDetector.serverFirst("greet", "GREET"))
        .lazyClientWindow(Duration.ofMillis(50))
        .tap("*:::connect=lazy"));
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    try (Socket s = Through.socks(tap.address(), "127.0.0.1", closedPort)) {
      assertEquals(-1, s.getInputStream().read(), "closed after the late connect failed");
    }
  }

  @Test
  void aHandlerThatThrowsClosesItsConnectionAndTheServerCarriesOn() throws Exception {
    tap.restart(b -> b.discoverProtocols(false)
        .detector(TextDetector.clientFirst("hello", "HELLO"))
        .handler(new RecordingHandler("hello", c -> {
          throw new IllegalStateException("plugin bug");
        })));
    try (LoopbackServer origin = LoopbackServer.echo()) {
      for (int i = 0; i < 3; i++) {
        try (Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
          s.getOutputStream().write(Bytes.ascii("HELLO\n"));
          assertEquals(-1, s.getInputStream().read());
        }
      }
    }
  }

  @Test
  void aDetectorThatThrowsIsSkipped() throws Exception {
    tap.restart(b -> b.discoverProtocols(false)
        .detector(new org.sockstap.api.ProtocolDetector() {
          @Override
          public String protocol() {
            return "broken";
          }

          @Override
          public org.sockstap.api.Detection detect(org.sockstap.api.DetectionInput input) {
            throw new IllegalStateException("detector bug");
          }
        })
        .detector(TextDetector.clientFirst("hello", "HELLO"))
        .handler(hello));
    try (LoopbackServer origin = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      s.getOutputStream().write(Bytes.ascii("HELLO\n"));
      assertEquals("HELLO\n", Bytes.readLine(s.getInputStream()));
      assertEquals("hello", hello.next().protocol());
    }
  }

  @Test
  void aFullPrefixBufferFallsBackToTheOpaqueRelayWithNothingLost() throws Exception {
    tap.restart(b -> b.discoverProtocols(false)
        .detector(TextDetector.clientFirst("long", "x".repeat(600)))
        .detectionBufferSize(256)
        .listener(new ConnectionListener() {
          @Override
          public void detected(ConnectionInfo c, DetectionReport r) {
            reports.add(r);
          }
        }));
    byte[] payload = Bytes.ascii("x".repeat(1000));
    try (LoopbackServer origin = LoopbackServer.echo();
        Socket s = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      s.getOutputStream().write(payload);
      s.shutdownOutput();
      assertArrayEquals(payload, s.getInputStream().readAllBytes());
    }
    awaitReports(1);
    assertEquals("prefix-full", reports.get(0).decidedBy());
  }

  private static RecordingHandler greet(String protocol) {
    return RecordingHandler.relaying(protocol);
  }

  /** Relayed connections' listeners are told from the server's finishing thread. */
  private void awaitReports(int count) throws InterruptedException {
    for (int i = 0; i < 500 && reports.size() < count; i++) {
      Thread.sleep(10);
    }
  }

  private void awaitClosed(int count) throws InterruptedException {
    for (int i = 0; i < 500 && summaries.size() < count; i++) {
      Thread.sleep(10);
    }
    assertEquals(count, summaries.size(), "closed connections");
  }

  private static byte[] sha(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
