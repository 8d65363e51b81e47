package org.sockstap.core.internal.detect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ProtocolDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection for one connection: reads whichever side speaks, without consuming anything the
 * handler or relay will need, and asks the candidate detectors after every read.
 *
 * <p>Resumable: in lazy-connect mode the first {@link #run} sees only the client (no server
 * yet); if that does not decide, the caller connects and runs again with both sides, keeping
 * every byte and every verdict. While the server has spoken and no undecided detector wants more
 * of it, its bytes are passed on to the client, because clients of server-first protocols wait
 * for the greeting before they say anything that would tell FTP from SMTP.
 */
public final class ProtocolDetection {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolDetection.class);
  private static final int SCRATCH_SIZE = 4096;

  private final List<ProtocolDetector> candidates;
  private final @Nullable Detection[] verdicts;
  private final Endpoint destination;
  private final String connectionId;
  private final Prefix client;
  private final Prefix server;
  private int serverForwarded;

  /**
   * Prepares detection.
   *
   * @param candidates the detectors to ask, in priority order
   * @param destination the SOCKS destination
   * @param clientInitial client bytes already read (pipelined behind the SOCKS request)
   * @param cap the most bytes kept per side
   * @param connectionId for log lines
   */
  public ProtocolDetection(
      List<ProtocolDetector> candidates,
      Endpoint destination,
      byte[] clientInitial,
      int cap,
      String connectionId) {
    this.candidates = List.copyOf(candidates);
    this.verdicts = new Detection[candidates.size()];
    this.destination = destination;
    this.connectionId = connectionId;
    this.client = new Prefix(clientInitial, cap);
    this.server = new Prefix(new byte[0], cap);
  }

  /**
   * Reads and asks until the protocol is decided, no candidate is left, a side's prefix is full,
   * or the deadline passes.
   *
   * @param clientChannel the client, in blocking mode; left in blocking mode
   * @param serverChannel the server, or null when not connected yet (lazy mode)
   * @param deadlineNanos when to stop waiting
   * @param finalRound whether this is the last round: a timeout then breaks ties by port;
   *     otherwise it returns undecided so the caller can connect and run again
   * @return the decision
   * @throws IOException when reading or forwarding fails
   */
  public DetectionResult run(
      SocketChannel clientChannel,
      @Nullable SocketChannel serverChannel,
      long deadlineNanos,
      boolean finalRound)
      throws IOException {
    ByteBuffer scratch = ByteBuffer.allocate(SCRATCH_SIZE);
    try (Selector selector = Selector.open()) {
      clientChannel.configureBlocking(false);
      SelectionKey clientKey = clientChannel.register(selector, 0);
      SelectionKey serverKey = null;
      if (serverChannel != null) {
        serverChannel.configureBlocking(false);
        serverKey = serverChannel.register(selector, 0);
      }
      while (true) {
        Step step = step(serverChannel != null, finalRound);
        if (step.result() != null) {
          return step.result();
        }
        if (step.forwardToClient()) {
          forwardServerBytes(clientChannel, deadlineNanos);
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return expired(finalRound);
        }
        clientKey.interestOps(step.readClient() ? SelectionKey.OP_READ : 0);
        if (serverKey != null) {
          serverKey.interestOps(step.readServer() ? SelectionKey.OP_READ : 0);
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        if (step.readClient() && clientKey.isReadable()) {
          client.readFrom(clientChannel, scratch);
        }
        if (step.readServer() && serverKey != null && serverKey.isReadable()) {
          server.readFrom(serverChannel, scratch);
        }
        selector.selectedKeys().clear();
      }
    } finally {
      clientChannel.configureBlocking(true);
      if (serverChannel != null && serverChannel.isOpen()) {
        serverChannel.configureBlocking(true);
      }
    }
  }

  /**
   * What detection needs next: either the result, or which sides to read (and whether the
   * server's unforwarded bytes should go to the client first).
   *
   * @param result the decision, or null while undecided
   * @param readClient whether to read the client
   * @param readServer whether to read the server
   * @param forwardToClient whether the server's bytes should be passed on to the client now
   */
  public record Step(@Nullable DetectionResult result, boolean readClient, boolean readServer,
      boolean forwardToClient) {}

  /**
   * Asks the detectors about what was read so far and says what to do next. For callers that
   * do their own reading (a selector loop): read with {@link #readClient}/{@link #readServer},
   * forward with {@link #unforwardedServerBytes}/{@link #forwarded}, then ask again.
   *
   * @param serverConnected whether there is a server to read
   * @param finalRound as for {@link #run}
   * @return the next step
   */
  public Step step(boolean serverConnected, boolean finalRound) {
    int decided = evaluate();
    if (decided >= 0) {
      return done(result(candidates.get(decided), recognisedBy()));
    }
    boolean needClient = anyVerdict(Detection.NEED_CLIENT_BYTES);
    boolean needServer = anyVerdict(Detection.NEED_SERVER_BYTES);
    if (!needClient && !needServer) {
      return done(result(null, "no-match"));
    }
    boolean forward = serverConnected && !needServer && server.length() > serverForwarded;
    boolean readClient = needClient && !client.ended() && !client.isFull();
    boolean readServer = serverConnected && needServer && !server.ended() && !server.isFull();
    if (!serverConnected && !finalRound && needServer && (!readClient || client.length() > 0)) {
      return done(result(null, "undecided"));
    }
    if (!readClient && !readServer) {
      if (client.isFull() || server.isFull()) {
        return done(result(null, "prefix-full"));
      }
      return done(finalRound ? tieBreak("side-closed") : result(null, "undecided"));
    }
    return new Step(null, readClient, readServer, forward);
  }

  private static Step done(DetectionResult result) {
    return new Step(result, false, false, false);
  }

  /**
   * The result when the deadline passed undecided.
   *
   * @param finalRound as for {@link #run}
   * @return a port tie-break or no protocol
   */
  public DetectionResult expired(boolean finalRound) {
    return finalRound ? tieBreak("timeout") : result(null, "undecided");
  }

  /**
   * Reads what the non-blocking client channel has.
   *
   * @param channel the client
   * @param scratch a buffer to read into first (the caller's, reused across connections)
   * @return bytes read, 0 when none, -1 at end of stream
   * @throws IOException when reading fails
   */
  public int readClient(SocketChannel channel, ByteBuffer scratch) throws IOException {
    return client.readFrom(channel, scratch);
  }

  /**
   * Reads what the non-blocking server channel has.
   *
   * @param channel the server
   * @param scratch a buffer to read into first (the caller's, reused across connections)
   * @return bytes read, 0 when none, -1 at end of stream
   * @throws IOException when reading fails
   */
  public int readServer(SocketChannel channel, ByteBuffer scratch) throws IOException {
    return server.readFrom(channel, scratch);
  }

  /**
   * Returns the server bytes not yet passed on to the client.
   *
   * @return a view of them; {@link #forwarded} says how many were written
   */
  public ByteBuffer unforwardedServerBytes() {
    return ByteBuffer.wrap(server.array(), serverForwarded, server.length() - serverForwarded);
  }

  /**
   * Records that server bytes were passed on to the client.
   *
   * @param count how many, from the start of {@link #unforwardedServerBytes}
   */
  public void forwarded(int count) {
    serverForwarded += count;
  }

  /** Asks every candidate still in the running; returns the winner's index or -1. */
  private int evaluate() {
    DetectionInput input =
        new DetectionInput(client.view(), server.view(), destination, client.ended(),
            server.ended());
    int winner = -1;
    for (int i = 0; i < candidates.size(); i++) {
      if (verdicts[i] == Detection.NOT_RECOGNISED) {
        continue;
      }
      Detection verdict = ask(candidates.get(i), input);
      verdicts[i] = verdict;
      if (verdict == Detection.RECOGNISED && (winner < 0 || prefersByPort(i, winner))) {
        winner = i;
      }
    }
    return winner;
  }

  private Detection ask(ProtocolDetector detector, DetectionInput input) {
    try {
      Detection verdict = detector.detect(input);
      if (verdict == null) {
        throw new NullPointerException("detect returned null");
      }
      return verdict;
    } catch (RuntimeException e) {
      LOG.warn("{} detector {} ({}) failed; it is skipped for this connection",
          connectionId, detector.protocol(), detector.getClass().getName(), e);
      return Detection.NOT_RECOGNISED;
    }
  }

  private boolean prefersByPort(int candidate, int current) {
    return onWellKnownPort(candidate) && !onWellKnownPort(current);
  }

  private boolean onWellKnownPort(int index) {
    try {
      return candidates.get(index).wellKnownPorts().contains(destination.port());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private DetectionResult tieBreak(String reason) {
    int chosen = -1;
    for (int i = 0; i < candidates.size(); i++) {
      if (verdicts[i] != null && verdicts[i].isUndecided() && onWellKnownPort(i)) {
        chosen = i;
        break;
      }
    }
    return chosen < 0 ? result(null, reason) : result(candidates.get(chosen), "port-tiebreak");
  }

  private boolean anyVerdict(Detection wanted) {
    for (Detection verdict : verdicts) {
      if (verdict == wanted) {
        return true;
      }
    }
    return false;
  }

  private String recognisedBy() {
    if (server.length() == 0) {
      return "client-bytes";
    }
    return client.length() == 0 || serverForwarded == 0 ? "server-bytes" : "server-and-client-bytes";
  }

  /**
   * Writes the server's unforwarded bytes to the client. The client has not been sent anything
   * yet, so its socket buffer is empty and a greeting of at most the cap fits at once; the
   * short park only covers a client that stopped reading, bounded by the deadline.
   */
  private void forwardServerBytes(SocketChannel clientChannel, long deadlineNanos)
      throws IOException {
    ByteBuffer pending = unforwardedServerBytes();
    while (pending.hasRemaining()) {
      if (clientChannel.write(pending) == 0) {
        if (System.nanoTime() - deadlineNanos > 0) {
          throw new IOException("client does not read the server's greeting");
        }
        LockSupport.parkNanos(1_000_000);
      }
    }
    serverForwarded = server.length();
  }

  private DetectionResult result(@Nullable ProtocolDetector detector, String decidedBy) {
    return new DetectionResult(
        detector,
        decidedBy,
        client.copy(),
        server.copy(),
        serverForwarded,
        client.ended(),
        server.ended());
  }
}
