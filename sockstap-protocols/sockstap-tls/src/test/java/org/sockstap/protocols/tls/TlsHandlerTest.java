package org.sockstap.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sockstap.core.testing.Bytes.ascii;
import static org.sockstap.core.testing.Bytes.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.Transaction;
import org.sockstap.core.SocksTapServer;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.Leaks;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;
import org.sockstap.core.testing.Through;

/**
 * TLS through a running SocksTap: real JDK TLS clients and servers with a certificate made by
 * keytool, curl, and raw sockets for the byte-level promises.
 */
class TlsHandlerTest {
  private static final String NAME = "www.example.test";

  @TempDir static Path dir;
  private static SSLContext serverContext;
  private static SSLContext clientContext;
  private static Path pem;

  private final List<String> records = new CopyOnWriteArrayList<>();
  private final List<Transaction> transactions = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(this::tapping);

  private SocksTapServer.Builder tapping(SocksTapServer.Builder builder) {
    return builder.discoverProtocols(false)
        .detector(new TlsDetector())
        .handler(new TlsHandler())
        .accessLog((protocol, line) -> records.add(line))
        .listener(new ConnectionListener() {
          @Override
          public void transaction(ConnectionInfo connection, Transaction transaction) {
            transactions.add(transaction);
          }
        });
  }

  private void restart(String rule) {
    tap.restart(builder -> tapping(builder).tap(rule));
  }

  @BeforeAll
  static void makeACertificate() throws Exception {
    Path keys = dir.resolve("ks.p12");
    pem = dir.resolve("cert.pem");
    keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "t",
        "-dname", "CN=localhost", "-validity", "2", "-keystore", keys.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit",
        "-ext", "SAN=dns:localhost,dns:" + NAME);
    keytool("-exportcert", "-rfc", "-alias", "t", "-keystore", keys.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-file", pem.toString());
    char[] password = "changeit".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      store.load(in, password);
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("t", store.getCertificate("t"));
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trustManagers.getTrustManagers(), null);
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), US_ASCII);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool took too long");
    assertEquals(0, process.exitValue(), "keytool " + args[0] + ": " + output);
  }

  /** Makes an accepted socket the server end of a TLS connection. */
  private static SSLSocket serverSide(Socket socket, String... alpn) throws IOException {
    SSLSocket tls = (SSLSocket) serverContext.getSocketFactory().createSocket(socket, null, true);
    tls.setUseClientMode(false);
    SSLParameters params = tls.getSSLParameters();
    params.setApplicationProtocols(alpn);
    tls.setSSLParameters(params);
    return tls;
  }

  /** A TLS echo server: copies back whatever it decrypts. */
  private static LoopbackServer tlsEcho() throws IOException {
    return LoopbackServer.start(socket -> {
      SSLSocket tls = serverSide(socket, "h2", "http/1.1");
      InputStream in = tls.getInputStream();
      OutputStream out = tls.getOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    });
  }

  /** A plain server that counts what it receives until the other side closes. */
  private static LoopbackServer counting(AtomicLong received, CountDownLatch done)
      throws IOException {
    return LoopbackServer.start(socket -> {
      long total = 0;
      try {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = socket.getInputStream().read(buffer)) >= 0) {
          total += n;
        }
      } finally {
        received.set(total);
        done.countDown();
      }
    });
  }

  /** A TLS client connected through the tap to 127.0.0.1; the handshake is not started. */
  private SSLSocket connectTls(int port, @Nullable String serverName, String... alpn)
      throws IOException {
    Socket plain = Through.socks(tap.address(), "127.0.0.1", port);
    SSLSocket tls = (SSLSocket) clientContext.getSocketFactory()
        .createSocket(plain, NAME, port, true);
    SSLParameters params = tls.getSSLParameters();
    params.setServerNames(serverName == null ? List.<SNIServerName>of()
        : List.of(new SNIHostName(serverName)));
    params.setApplicationProtocols(alpn);
    if (serverName != null) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
    }
    tls.setSSLParameters(params);
    return tls;
  }

  private String onlyRecord() {
    assertEquals(1, records.size(), "records: " + records);
    return records.get(0);
  }

  private static void assertContains(String line, String... parts) {
    for (String part : parts) {
      assertTrue(line.contains(part), "'" + part + "' in " + line);
    }
  }

  private void assertEchoes(SSLSocket tls) throws IOException {
    byte[] data = new byte[64 * 1024];
    new Random(3).nextBytes(data);
    OutputStream out = tls.getOutputStream();
    InputStream in = tls.getInputStream();
    for (int at = 0; at < data.length; at += 8192) {
      out.write(data, at, 8192);
      out.flush();
      assertArrayEquals(Arrays.copyOfRange(data, at, at + 8192),
          Bytes.readExactly(in, 8192));
    }
  }

  @Test
  void handshakesThroughTheTapEchoesByteExactAndLogsTheClientHello() throws Exception {
    try (LoopbackServer origin = tlsEcho()) {
      try (SSLSocket tls = connectTls(origin.port(), NAME, "h2", "http/1.1")) {
        tls.startHandshake();
        assertEquals("h2", tls.getApplicationProtocol());
        assertEchoes(tls);
      }
    }
    String line = onlyRecord();
    assertTrue(line.startsWith("127.0.0.1 - 127.0.0.1:"), line);
    assertContains(line, " sni=" + NAME + " ", " alpn=h2,http/1.1 ", " version=TLS1.3 ",
        " outcome=relayed");
    Transaction transaction = transactions.get(0);
    assertEquals("tls", transaction.protocol());
    assertEquals("CLIENTHELLO " + NAME, transaction.command());
    assertEquals("relayed", transaction.outcome());
    assertTrue(transaction.bytesFromClient() > 100);
  }

  @Test
  void anEstablishedTlsTunnelHoldsNoThread() throws Exception {
    try (LoopbackServer origin = tlsEcho()) {
      try (SSLSocket tls = connectTls(origin.port(), NAME)) {
        tls.startHandshake();
        assertEchoes(tls);
        assertEquals(1, tap.server().activeConnections());
        assertEquals(0, tap.awaitNoConnectionThreads(),
            "the handler handed the tunnel to the relay threads and returned");
        assertEchoes(tls);
      }
    }
  }

  @Test
  void servesCurl() throws Exception {
    assumeTrue(curlAvailable(),
        "curl is not installed: skipping the curl test");
    try (LoopbackServer origin = LoopbackServer.start(socket -> {
      SSLSocket tls = serverSide(socket);
      InputStream in = tls.getInputStream();
      StringBuilder request = new StringBuilder();
      int b;
      while (request.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
        request.append((char) b);
      }
      OutputStream out = tls.getOutputStream();
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n"));
      out.flush();
    })) {
      int port = origin.port();
      // the name goes to the proxy unresolved, so --resolve would not reach it: --connect-to
      // sends the proxy 127.0.0.1 while curl still asks for www.example.test in SNI
      Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20",
          "--socks5-hostname", "127.0.0.1:" + tap.address().getPort(),
          "--cacert", pem.toString(),
          "--connect-to", NAME + ":" + port + ":127.0.0.1:" + port,
          "https://" + NAME + ":" + port + "/").start();
      String body = new String(curl.getInputStream().readAllBytes(), US_ASCII);
      String errors = new String(curl.getErrorStream().readAllBytes(), US_ASCII);
      assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl took too long");
      assertEquals(0, curl.exitValue(), "curl: " + errors);
      assertEquals("hello\n", body);
    }
    assertContains(onlyRecord(), " sni=" + NAME + " ", " alpn=h2,http/1.1 ",
        " outcome=relayed");
  }

  private static boolean curlAvailable() {
    try {
      Process process = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void rejectsAListedServerNameBeforeTheServerSeesAByte() throws Exception {
    restart("tls:::reject-sni=*.example.test");
    AtomicLong received = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    try (LoopbackServer origin = counting(received, done)) {
      try (SSLSocket tls = connectTls(origin.port(), NAME, "h2")) {
        SSLException failure = assertThrows(SSLException.class, tls::startHandshake);
        assertContains(failure.getMessage(), "unrecognized_name");
      }
      assertTrue(done.await(5, TimeUnit.SECONDS), "the origin's connection ended");
      assertEquals(0, received.get(), "bytes the origin received");
      assertEquals(1, origin.accepted(), "eager mode connected first");
    }
    assertContains(onlyRecord(), " sni=" + NAME + " ", " outcome=rejected reason=reject-sni");
    assertEquals("rejected", transactions.get(0).outcome());
    assertEquals(7, transactions.get(0).bytesToClient(), "the alert");
  }

  @Test
  void rejectsWithoutEverConnectingInLazyMode() throws Exception {
    restart("tls:::connect=lazy reject-sni=*.example.test");
    AtomicLong received = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    try (LoopbackServer origin = counting(received, done)) {
      try (SSLSocket tls = connectTls(origin.port(), NAME, "h2")) {
        assertThrows(SSLException.class, tls::startHandshake);
      }
      Leaks.assertNoneLeft(tap.server());
      assertEquals(0, origin.accepted(), "nothing dialed");
    }
    assertContains(onlyRecord(), " outcome=rejected reason=reject-sni");
  }

  @Test
  void permitsOnlyListedServerNames() throws Exception {
    restart("tls:::permit-sni=other.example");
    AtomicLong received = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    try (LoopbackServer origin = counting(received, done)) {
      try (SSLSocket tls = connectTls(origin.port(), NAME)) {
        assertThrows(SSLException.class, tls::startHandshake);
      }
      assertTrue(done.await(5, TimeUnit.SECONDS));
      assertEquals(0, received.get());
    }
    assertContains(onlyRecord(), " outcome=rejected reason=permit-sni");

    records.clear();
    restart("tls:::permit-sni=*.example.test");
    try (LoopbackServer origin = tlsEcho();
        SSLSocket tls = connectTls(origin.port(), NAME, "http/1.1")) {
      tls.startHandshake();
      assertEchoes(tls);
    }
    assertContains(onlyRecord(), " alpn=http/1.1 ", " outcome=relayed");
  }

  @Test
  void requiresAServerNameWhenAsked() throws Exception {
    restart("tls:::require-sni=true");
    AtomicLong received = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    try (LoopbackServer origin = counting(received, done)) {
      try (SSLSocket tls = connectTls(origin.port(), null)) {
        assertThrows(SSLException.class, tls::startHandshake);
      }
      assertTrue(done.await(5, TimeUnit.SECONDS));
      assertEquals(0, received.get());
    }
    assertContains(onlyRecord(), " sni=- ", " outcome=rejected reason=require-sni");

    records.clear();
    try (LoopbackServer origin = tlsEcho(); SSLSocket tls = connectTls(origin.port(), NAME)) {
      tls.startHandshake();
      assertEchoes(tls);
    }
    assertContains(onlyRecord(), " sni=" + NAME + " ", " alpn=- ", " outcome=relayed");
  }

  /** An origin that keeps every byte it receives until the other side half-closes. */
  private static LoopbackServer recording(ByteArrayOutputStream got, CountDownLatch done)
      throws IOException {
    return LoopbackServer.start(socket -> {
      try {
        byte[] all = socket.getInputStream().readAllBytes();
        synchronized (got) {
          got.writeBytes(all);
        }
      } finally {
        done.countDown();
      }
    });
  }

  /** Sends bytes through the tap in uneven segments, then half-closes; returns what arrived. */
  private byte[] sendThrough(byte[] bytes, int dribble) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    CountDownLatch done = new CountDownLatch(1);
    try (LoopbackServer origin = recording(got, done);
        Socket socket = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      OutputStream out = socket.getOutputStream();
      int at = 0;
      for (int step = 1; at < dribble; step = step % 13 + 1) {
        int n = Math.min(step, dribble - at);
        out.write(bytes, at, n);
        out.flush();
        at += n;
        Thread.sleep(1);
      }
      out.write(bytes, at, bytes.length - at);
      out.flush();
      socket.shutdownOutput();
      assertTrue(done.await(10, TimeUnit.SECONDS), "the origin saw the end");
    }
    synchronized (got) {
      return got.toByteArray();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tls", "tls:::reject-sni=other.example",
      "tls:::connect=lazy permit-sni=*.example.test require-sni"})
  void forwardsAClientHelloInSeveralRecordsAndWhatFollowsByteExact(String rule)
      throws Exception {
    restart(rule);
    byte[] hello = Hellos.reframe(Hellos.jdk(NAME, "h2"), 3, 100, 300);
    byte[] after = new byte[20_000];
    new Random(5).nextBytes(after);
    byte[] sent = Hellos.concat(hello, hex("14 03 03 00 01 01"), after);
    assertArrayEquals(sent, sendThrough(sent, hello.length + 6));
    assertContains(onlyRecord(), " sni=" + NAME + " ", " alpn=h2 ", " outcome=relayed");
    assertEquals(hello.length, transactions.get(0).bytesFromClient());
  }

  @Test
  void readsAClientHelloLargerThanTheDetectionBuffer() throws Exception {
    restart("tls:::permit-sni=*.example.test");
    // a 40 KiB key share (far beyond post-quantum ones) in three records of up to 16 KiB:
    // detection keeps 16 KiB per side, so the handler must read the rest itself
    byte[] message = Hellos.message(Hellos.withExtensions(Hellos.bodyStart(0x0303),
        Hellos.sni(NAME), Hellos.extension(51, new byte[40 * 1024]), Hellos.alpn("h2")));
    byte[] hello = Hellos.frame(0x0301, message, 16384, 32768);
    byte[] sent = Hellos.concat(hello, ascii("application bytes"));
    assertArrayEquals(sent, sendThrough(sent, 50));
    assertContains(onlyRecord(), " sni=" + NAME + " alpn=h2 version=TLS1.2 outcome=relayed");
    assertEquals(hello.length, transactions.get(0).bytesFromClient());
  }

  @Test
  void relaysAMalformedClientHelloUntouchedWithoutAPolicy() throws Exception {
    byte[] sent = Hellos.concat(hex("16 03 01 00 0a 01 00 00 06 ff ff ff ff ff ff"),
        ascii("and then some"));
    assertArrayEquals(sent, sendThrough(sent, sent.length));
    assertContains(onlyRecord(), " sni=- alpn=- version=- outcome=relayed reason=malformed-hello");
  }

  @Test
  void relaysAClientHelloCutShortUntouchedWithoutAPolicy() throws Exception {
    byte[] sent = Arrays.copyOf(Hellos.jdk(NAME), 100);
    assertArrayEquals(sent, sendThrough(sent, 0));
    assertContains(onlyRecord(), " outcome=relayed reason=malformed-hello");
  }

  @Test
  void logsAHostileServerNameOnOneLine() throws Exception {
    byte[] sent = Hellos.crafted(Hellos.sni("evil\r\n127.0.0.1 - x sni=good"),
        Hellos.alpn("h2", "a\u001b[31m"));
    assertArrayEquals(sent, sendThrough(sent, 0));
    String line = onlyRecord();
    assertContains(line, " sni=? alpn=h2 ", " outcome=relayed reason=malformed-sni");
    assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0, line);
  }

  @Test
  void rejectsAMalformedClientHelloOnceAPolicyIsSet() throws Exception {
    restart("tls:::reject-sni=*.example.test");
    AtomicLong received = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(1);
    try (LoopbackServer origin = counting(received, done);
        Socket socket = Through.socks(tap.address(), "127.0.0.1", origin.port())) {
      // two server_name extensions: a server might read the other one
      socket.getOutputStream().write(Hellos.crafted(Hellos.sni("www.example.org"),
          Hellos.sni(NAME)));
      assertArrayEquals(hex("15 03 03 00 02 02 32"), Bytes.readToEnd(socket.getInputStream(),
          100), "a decode_error alert, then the end");
      assertTrue(done.await(5, TimeUnit.SECONDS));
      assertEquals(0, received.get());
    }
    assertContains(onlyRecord(), " outcome=rejected reason=malformed-hello");
  }
}
