package org.sockstap.core.internal.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.internal.detect.DetectionResult;
import org.sockstap.core.internal.detect.ProtocolDetection;

/**
 * Protocol detection on a relay loop, for a connection whose server is already connected: the
 * first bytes of either side are read as they arrive, without a thread waiting for them. Once
 * decided, the connection either stays on the loop as a tunnel (nothing to interpret: no thread
 * at all) or leaves it for a handler's thread.
 */
public final class DetectionWatch implements LoopMember {
  private final RelayLoop loop;
  private final SocketChannel client;
  private final SocketChannel server;
  private final ProtocolDetection detection;
  private final long deadline;
  private final DetectionListener listener;
  private @Nullable SelectionKey clientKey;
  private @Nullable SelectionKey serverKey;
  private ProtocolDetection.@Nullable Step step;
  private boolean over;

  DetectionWatch(RelayLoop loop, SocketChannel client, SocketChannel server,
      ProtocolDetection detection, long deadline, DetectionListener listener) {
    this.loop = loop;
    this.client = client;
    this.server = server;
    this.detection = detection;
    this.deadline = deadline;
    this.listener = listener;
  }

  void begin(Selector selector) throws IOException {
    clientKey = RelayLoop.register(selector, client, 0, this);
    serverKey = RelayLoop.register(selector, server, 0, this);
    advance();
  }

  @Override
  public void ready(SelectionKey key, long now) {
    if (over) {
      return;
    }
    try {
      ProtocolDetection.Step wanted = step;
      if (wanted == null || !key.isValid()) {
        fail(new IOException("socket closed during detection"));
        return;
      }
      if (key == clientKey && key.isWritable()) {
        forward();
      }
      if (key == clientKey && key.isReadable() && wanted.readClient()) {
        detection.readClient(client, loop.readBuffer());
      }
      if (key == serverKey && key.isReadable() && wanted.readServer()) {
        detection.readServer(server, loop.readBuffer());
      }
      advance();
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public long deadline() {
    return over ? Long.MAX_VALUE : deadline;
  }

  @Override
  public void tick(long now) {
    if (over) {
      return;
    }
    if (!client.isOpen() || !server.isOpen()) {
      fail(new IOException("socket closed during detection"));
    } else if (now - deadline >= 0) {
      decide(detection.expired(true));
    }
  }

  @Override
  public void shutDown() {
    fail(new IOException("relay stopped"));
  }

  /** Asks the detectors and sets what to wait for next. */
  private void advance() throws IOException {
    ProtocolDetection.Step next = detection.step(true, true);
    step = next;
    DetectionResult result = next.result();
    if (result != null) {
      decide(result);
      return;
    }
    boolean forwarding = next.forwardToClient() && !forward();
    interest(clientKey, (next.readClient() ? SelectionKey.OP_READ : 0)
        | (forwarding ? SelectionKey.OP_WRITE : 0));
    interest(serverKey, next.readServer() ? SelectionKey.OP_READ : 0);
  }

  /** Passes the server's greeting on; returns whether all of it went. */
  private boolean forward() throws IOException {
    ByteBuffer pending = detection.unforwardedServerBytes();
    if (!pending.hasRemaining()) {
      return true;
    }
    detection.forwarded(client.write(pending));
    return !pending.hasRemaining();
  }

  private static void interest(@Nullable SelectionKey key, int ops) {
    if (key != null && key.isValid() && key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  private void decide(DetectionResult result) {
    over = true;
    loop.detectionOver(this);
    interest(clientKey, 0);
    interest(serverKey, 0);
    listener.decided(result, new Handoff(loop, client, server));
  }

  private void fail(Exception e) {
    if (over) {
      return;
    }
    over = true;
    loop.detectionOver(this);
    closeQuietly(client);
    closeQuietly(server);
    listener.failed(e);
  }

  static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // failing anyway
    }
  }

  /** Told the end of detection on the loop's thread; must not block. */
  public interface DetectionListener {

    /**
     * The protocol is decided (or not); the handoff says where the connection goes next.
     *
     * @param result the decision
     * @param next relay on this loop, or release the sockets for a thread
     */
    void decided(DetectionResult result, Handoff next);

    /**
     * Reading failed or the sockets were closed; both sockets are closed.
     *
     * @param error what happened
     */
    void failed(Exception error);
  }

  /** Where a decided connection goes: exactly one of its methods is called. */
  public static final class Handoff {
    private final RelayLoop loop;
    private final SocketChannel client;
    private final SocketChannel server;

    Handoff(RelayLoop loop, SocketChannel client, SocketChannel server) {
      this.loop = loop;
      this.client = client;
      this.server = server;
    }

    /**
     * Relays the connection on the same loop, reusing its registration.
     *
     * @param clientReplay client bytes the server has not seen
     * @param clientEnded whether the client had closed its output
     * @param serverReplay server bytes the client has not seen
     * @param serverEnded whether the server had closed its output
     * @param idleTimeout how long both directions may be silent
     * @param whenDone told the end of the relay, on the loop's thread
     * @return the tunnel
     */
    public Tunnel relay(@Nullable ByteBuffer clientReplay, boolean clientEnded,
        @Nullable ByteBuffer serverReplay, boolean serverEnded, Duration idleTimeout,
        Consumer<Tunnel> whenDone) {
      return loop.startHere(new RelayEnd(client, clientReplay, clientEnded),
          new RelayEnd(server, serverReplay, serverEnded), idleTimeout.toNanos(), whenDone);
    }

    /**
     * Takes the sockets off the loop; once they can be put back in blocking mode, runs the
     * task (on the loop's thread: it should start a thread and return).
     *
     * @param whenReleased what to do then
     */
    public void release(Runnable whenReleased) {
      loop.release(client, server, whenReleased);
    }
  }
}
