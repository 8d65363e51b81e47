package org.sockstap.core.internal.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RelayLoopsTest {
  private ServerSocketChannel acceptor;
  private RelayLoops loops;
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    acceptor = ServerSocketChannel.open();
    acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    loops = new RelayLoops(2, "test-relay-");
  }

  @AfterEach
  void close() throws Exception {
    loops.close();
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
    acceptor.close();
  }

  /** An application socket and the proxy's channel for the other end of the same connection. */
  private record Pair(Socket app, SocketChannel proxySide) {}

  private Pair pair() throws IOException {
    Socket app = new Socket(InetAddress.getLoopbackAddress(), acceptor.socket().getLocalPort());
    SocketChannel proxySide = acceptor.accept();
    closeAfter.add(app);
    closeAfter.add(proxySide);
    return new Pair(app, proxySide);
  }

  private static RelayEnd end(Pair pair) {
    return new RelayEnd(pair.proxySide(), null, false);
  }

  private Tunnel start(RelayEnd client, RelayEnd server, Duration idle,
      CompletableFuture<Tunnel> done) throws IOException {
    return loops.start(client, server, idle, done::complete);
  }

  @Test
  void bothDirectionsAtOnceArriveByteExactAndAreCounted() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    start(end(client), end(server), Duration.ofSeconds(10), done);
    byte[] up = random(8 * 1024 * 1024 + 17, 1);
    byte[] down = random(6 * 1024 * 1024 + 5, 2);
    CompletableFuture<byte[]> atServer = readAll(server.app());
    CompletableFuture<byte[]> atClient = readAll(client.app());
    CompletableFuture<Void> sendUp = writeThenShut(client.app(), up);
    CompletableFuture<Void> sendDown = writeThenShut(server.app(), down);
    sendUp.get(20, TimeUnit.SECONDS);
    sendDown.get(20, TimeUnit.SECONDS);
    assertArrayEquals(up, atServer.get(20, TimeUnit.SECONDS));
    assertArrayEquals(down, atClient.get(20, TimeUnit.SECONDS));
    Tunnel tunnel = done.get(5, TimeUnit.SECONDS);
    assertEquals(RelayOutcome.COMPLETED, tunnel.outcome());
    assertEquals(up.length, tunnel.bytesFromClient());
    assertEquals(down.length, tunnel.bytesFromServer());
    assertFalse(client.proxySide().isOpen(), "the relay closes its sockets when done");
  }

  @Test
  void whoeverIsToldTheEndFindsBothSocketsClosedAndALateAbortChangesNothing() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Boolean> openWhenTold = new CompletableFuture<>();
    Tunnel tunnel = loops.start(end(client), end(server), Duration.ofSeconds(10),
        done -> openWhenTold.complete(
            client.proxySide().isOpen() || server.proxySide().isOpen()));
    client.app().close();
    server.app().close();
    assertFalse(openWhenTold.get(5, TimeUnit.SECONDS), "closed before the end is told");
    assertEquals(RelayOutcome.COMPLETED, tunnel.await());
    tunnel.abort("too late");
    loops.wakeUp();
    assertEquals(RelayOutcome.COMPLETED, tunnel.await());
  }

  @Test
  void aHalfCloseIsPassedOnAndTheOtherDirectionCarriesOn() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    start(end(client), end(server), Duration.ofSeconds(10), done);
    client.app().getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
    client.app().shutdownOutput();
    assertArrayEquals("request".getBytes(StandardCharsets.US_ASCII),
        server.app().getInputStream().readAllBytes(), "EOF reaches the server");
    assertFalse(done.isDone(), "the other direction is still open");
    server.app().getOutputStream().write("answer after the client's EOF".getBytes(
        StandardCharsets.US_ASCII));
    server.app().close();
    assertEquals("answer after the client's EOF",
        new String(client.app().getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    assertEquals(RelayOutcome.COMPLETED, done.get(5, TimeUnit.SECONDS).outcome());
  }

  @Test
  void bytesReadBeforeTheRelayGoFirstAndAnEarlierEndOfStreamFollowsThem() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    RelayEnd clientEnd = new RelayEnd(client.proxySide(),
        ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), true);
    RelayEnd serverEnd = new RelayEnd(server.proxySide(),
        ByteBuffer.wrap("220 greeting\r\n".getBytes(StandardCharsets.US_ASCII)), false);
    start(clientEnd, serverEnd, Duration.ofSeconds(10), done);
    assertEquals("GET / HTTP/1.0\r\n\r\n",
        new String(server.app().getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
        "the replayed client bytes, then EOF because the client had closed");
    server.app().getOutputStream().write("more\r\n".getBytes(StandardCharsets.US_ASCII));
    server.app().close();
    assertEquals("220 greeting\r\nmore\r\n",
        new String(client.app().getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    Tunnel tunnel = done.get(5, TimeUnit.SECONDS);
    assertEquals(18, tunnel.bytesFromClient());
    assertEquals(20, tunnel.bytesFromServer());
  }

  @Test
  void aTunnelSilentForTheIdleTimeoutIsClosed() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    long started = System.nanoTime();
    start(end(client), end(server), Duration.ofMillis(300), done);
    Tunnel tunnel = done.get(5, TimeUnit.SECONDS);
    assertEquals(RelayOutcome.Kind.TIMED_OUT, tunnel.outcome().kind());
    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300));
    assertEquals(-1, client.app().getInputStream().read(), "the client sees the close");
  }

  @Test
  void trafficKeepsATunnelAliveLongerThanTheIdleTimeout() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    start(end(client), end(server), Duration.ofMillis(1500), done);
    OutputStream out = client.app().getOutputStream();
    InputStream in = server.app().getInputStream();
    for (int i = 0; i < 6; i++) {
      out.write(i);
      assertEquals(i, in.read());
      Thread.sleep(400);
    }
    assertFalse(done.isDone(), "2.4 s of a byte every 0.4 s is not idle");
  }

  @Test
  void abortClosesBothSidesWithTheReason() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    Tunnel tunnel = start(end(client), end(server), Duration.ofSeconds(10), done);
    tunnel.abort("server closing");
    assertEquals(RelayOutcome.failed("server closing"), tunnel.await());
    assertEquals(-1, server.app().getInputStream().read());
    assertEquals(-1, client.app().getInputStream().read());
  }

  @Test
  void aResetSideFailsTheTunnelNamingIt() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    start(end(client), end(server), Duration.ofSeconds(10), done);
    server.app().setSoLinger(true, 0);
    server.app().close();
    Tunnel tunnel = done.get(5, TimeUnit.SECONDS);
    assertEquals(RelayOutcome.Kind.FAILED, tunnel.outcome().kind());
    assertTrue(tunnel.outcome().detail().startsWith("server side: "), tunnel.outcome().detail());
  }

  @Test
  void idleTunnelsHoldNoThreadOfTheirOwn() throws Exception {
    int before = Thread.activeCount();
    List<Pair> apps = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Pair client = pair();
      Pair server = pair();
      apps.add(client);
      apps.add(server);
      start(end(client), end(server), Duration.ofSeconds(30), new CompletableFuture<>());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (loops.tunnels() < 100 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(100, loops.tunnels());
    assertTrue(Thread.activeCount() - before < 5, "threads grew by "
        + (Thread.activeCount() - before) + " for 100 tunnels");
    Socket lastClient = apps.get(apps.size() - 2).app();
    Socket lastServer = apps.get(apps.size() - 1).app();
    lastClient.getOutputStream().write(42);
    assertEquals(42, lastServer.getInputStream().read(), "and they still relay");
  }

  @Test
  void closingTheLoopsFailsTheirTunnels() throws Exception {
    Pair client = pair();
    Pair server = pair();
    CompletableFuture<Tunnel> done = new CompletableFuture<>();
    start(end(client), end(server), Duration.ofSeconds(10), done);
    loops.close();
    assertEquals(RelayOutcome.failed("relay stopped"), done.get(5, TimeUnit.SECONDS).outcome());
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static CompletableFuture<byte[]> readAll(Socket socket) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[3000];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          all.write(buffer, 0, n);
        }
        return all.toByteArray();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, runnable -> new Thread(runnable).start());
  }

  private static CompletableFuture<Void> writeThenShut(Socket socket, byte[] bytes) {
    return CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        for (int off = 0; off < bytes.length; off += 100_000) {
          out.write(bytes, off, Math.min(100_000, bytes.length - off));
        }
        socket.shutdownOutput();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, runnable -> new Thread(runnable).start());
  }
}
