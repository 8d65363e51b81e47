package org.sockstap.examples.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.core.internal.ProtocolRegistry;
import org.sockstap.core.internal.detect.DetectionResult;
import org.sockstap.core.internal.detect.ProtocolDetection;

/**
 * Detection of one connection's first bytes with every detector the server finds (the
 * production {@link ProtocolRegistry}, by ServiceLoader: http, tls, ftp, smtp, pop3, nntp and
 * the resp example), for five typical prefixes: a browser's HTTP request, a TLS ClientHello, an
 * SMTP greeting, an SSH server's banner and a PostgreSQL startup message (the last two
 * recognised by nothing, so relayed opaquely).
 *
 * <p>{@link #allDetectors} asks every detector once with one {@link DetectionInput}, as the
 * engine does after each read. That loop is the engine's private {@code evaluate()}, which
 * cannot be called alone, so it is repeated here (without its exception guard and port
 * tie-break). {@link #engine} runs the production {@link ProtocolDetection} itself, which needs
 * socket channels: a loopback pair for each side, the peer writing the prefix, the engine
 * selecting, reading and deciding. It measures what detection costs a connection beyond the
 * detectors (a selector, mode switches, copies), and includes the peer's loopback write.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectionRoundBenchmark {
  private static final int CAP = 16 * 1024;
  private static final Set<String> SHIPPED =
      Set.of("http", "tls", "ftp", "smtp", "pop3", "nntp", "resp");

  /** The first bytes: {@code http}, {@code tls}, {@code smtp}, {@code ssh} or {@code postgres}. */
  @Param({"http", "tls", "smtp", "ssh", "postgres"})
  public String prefix;

  private List<ProtocolDetector> detectors;
  private Endpoint destination;
  private byte[] bytes;
  private boolean fromServer;
  private @Nullable String expected;
  private @Nullable ServerSocketChannel listener;
  private SocketChannel clientPeer;
  private SocketChannel clientSide;
  private SocketChannel serverSide;
  private SocketChannel serverPeer;

  /** Finds the detectors, connects the loopback pairs and checks each prefix's verdict. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    detectors = ProtocolRegistry.create(List.of(), List.of(),
        DetectionRoundBenchmark.class.getClassLoader()).detectors();
    if (!SHIPPED.equals(Set.copyOf(detectors.stream().map(ProtocolDetector::protocol).toList()))) {
      throw new IllegalStateException("detectors found: " + detectors);
    }
    switch (prefix) {
      case "http" -> use(Prefixes.HTTP_REQUEST, false, 80, "http");
      case "tls" -> use(Prefixes.tlsClientHello(), false, 443, "tls");
      case "smtp" -> use(Prefixes.SMTP_GREETING, true, 25, "smtp");
      case "ssh" -> use(Prefixes.SSH_BANNER, true, 22, null);
      case "postgres" -> use(Prefixes.POSTGRES_STARTUP, false, 5432, null);
      default -> throw new IllegalArgumentException(
          "prefix: " + prefix + " (expected: http, tls, smtp, ssh or postgres)");
    }
    ServerSocketChannel server = ServerSocketChannel.open();
    listener = server;
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    clientPeer = SocketChannel.open(server.getLocalAddress());
    clientSide = server.accept();
    serverSide = SocketChannel.open(server.getLocalAddress());
    serverPeer = server.accept();
    int index = allDetectors();
    String byDetectors = index < 0 ? null : detectors.get(index).protocol();
    DetectionResult result = engine();
    String byEngine = result.detector() == null ? null : result.detector().protocol();
    if (!Objects.equals(expected, byDetectors) || !Objects.equals(expected, byEngine)
        || result.serverForwarded() != 0) {
      throw new IllegalStateException(prefix + ": detectors chose " + byDetectors
          + ", the engine " + byEngine + " (" + result.decidedBy() + "); expected " + expected);
    }
  }

  private void use(byte[] prefixBytes, boolean server, int port, @Nullable String protocol) {
    bytes = prefixBytes;
    fromServer = server;
    destination = new Endpoint("example.com", port);
    expected = protocol;
  }

  /** Closes the loopback pairs. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (Closeable c :
        new Closeable[] {clientPeer, clientSide, serverSide, serverPeer, listener}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /**
   * Asks every detector once about the prefix; returns the index of the first that recognised
   * it, or -1 less the number still undecided.
   */
  @Benchmark
  public int allDetectors() {
    ByteBuffer none = ByteBuffer.allocate(0);
    ByteBuffer sent = ByteBuffer.wrap(bytes);
    DetectionInput input = new DetectionInput(fromServer ? none : sent, fromServer ? sent : none,
        destination, false, false);
    int winner = -1;
    int undecided = 0;
    for (int i = 0; i < detectors.size(); i++) {
      Detection verdict = detectors.get(i).detect(input);
      if (verdict == Detection.RECOGNISED && winner < 0) {
        winner = i;
      } else if (verdict.isUndecided()) {
        undecided++;
      }
    }
    return winner >= 0 ? winner : -1 - undecided;
  }

  /** The peer sends the prefix; the detection engine reads it and decides. */
  @Benchmark
  public DetectionResult engine() throws IOException {
    (fromServer ? serverPeer : clientPeer).write(ByteBuffer.wrap(bytes));
    DetectionResult result = new ProtocolDetection(detectors, destination, new byte[0], CAP,
        "bench").run(clientSide, serverSide, System.nanoTime() + TimeUnit.SECONDS.toNanos(10),
        true);
    int read = fromServer ? result.serverPrefix().length : result.clientPrefix().length;
    if (read < bytes.length) {
      // decided before the whole prefix arrived: read the rest, so the next call starts clean
      ByteBuffer rest = ByteBuffer.allocate(bytes.length - read);
      SocketChannel side = fromServer ? serverSide : clientSide;
      while (rest.hasRemaining()) {
        side.read(rest);
      }
    }
    return result;
  }
}
