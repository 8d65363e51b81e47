package org.sockstap.core.internal.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One relayed connection inside a {@link RelayLoop}: two sockets and the two directions between
 * them. Everything but {@link #abort()} and {@link #await()} runs on the loop's thread, so the
 * state needs no locks.
 *
 * <p>A direction holds a buffer only while the far side is not taking bytes as fast as they
 * arrive; then the near side is not read until the buffer drains. An idle tunnel therefore holds
 * two sockets and two small objects, and no thread.
 */
public final class Tunnel implements LoopMember {
  private final RelayLoop loop;
  private final End client;
  private final End server;
  private final Flow up;
  private final Flow down;
  private final long idleNanos;
  private final Consumer<Tunnel> whenDone;
  private final CountDownLatch done = new CountDownLatch(1);
  private long lastActivity;
  private volatile @Nullable RelayOutcome outcome;

  Tunnel(RelayLoop loop, RelayEnd clientEnd, RelayEnd serverEnd, long idleNanos,
      Consumer<Tunnel> whenDone) {
    this.loop = loop;
    this.client = new End(this, clientEnd.channel(), "client");
    this.server = new End(this, serverEnd.channel(), "server");
    this.up = new Flow(client, server, clientEnd.replay(), clientEnd.endedAfterReplay());
    this.down = new Flow(server, client, serverEnd.replay(), serverEnd.endedAfterReplay());
    client.outgoing = up;
    client.incoming = down;
    server.outgoing = down;
    server.incoming = up;
    this.idleNanos = idleNanos;
    this.whenDone = whenDone;
  }

  /**
   * Ends the relay from any thread: both sockets are closed on the loop's thread and the tunnel
   * completes as failed with the given reason, unless it already completed.
   *
   * @param reason why, for the connection's summary
   */
  public void abort(String reason) {
    if (done.getCount() > 0) {
      loop.execute(() -> fail(reason));
    }
  }

  /**
   * Waits until the relay is over.
   *
   * @return how it ended
   * @throws InterruptedException when interrupted while waiting
   */
  public RelayOutcome await() throws InterruptedException {
    done.await();
    return outcome();
  }

  /**
   * Returns how the relay ended.
   *
   * @return the outcome; "failed" while it is still running
   */
  public RelayOutcome outcome() {
    RelayOutcome known = outcome;
    return known == null ? RelayOutcome.failed("relay still running") : known;
  }

  /**
   * Registers both sockets (or takes over their keys, after detection on the same loop) and
   * starts moving the bytes read before the relay took over.
   */
  void begin(Selector selector, long now) throws IOException {
    lastActivity = now;
    client.key = client.register(selector);
    server.key = server.register(selector);
    up.start(loop);
    down.start(loop);
    settle();
  }

  @Override
  public void ready(SelectionKey key, long now) {
    ready((End) key.attachment(), now);
  }

  @Override
  public long deadline() {
    return lastActivity + idleNanos;
  }

  @Override
  public void tick(long now) {
    checkIdle(now);
  }

  /** Handles readiness of one end's socket. */
  void ready(End end, long now) {
    if (outcome != null) {
      return;
    }
    SelectionKey key = end.key;
    try {
      if (key == null || !key.isValid()) {
        fail(end.name + " side: socket closed");
        return;
      }
      int ready = key.readyOps();
      if ((ready & SelectionKey.OP_WRITE) != 0) {
        end.incoming.drain(loop);
      }
      if ((ready & SelectionKey.OP_READ) != 0 && end.outgoing.pump(loop)) {
        lastActivity = now;
      }
      settle();
    } catch (IOException e) {
      fail(end.name + " side: " + e.getMessage());
    }
  }

  /** Ends the tunnel when neither direction moved for too long, or a socket was closed. */
  private void checkIdle(long now) {
    if (outcome != null) {
      return;
    }
    if (!client.channel.isOpen() || !server.channel.isOpen()) {
      fail("socket closed");
    } else if (now - lastActivity >= idleNanos) {
      complete(RelayOutcome.TIMED_OUT);
    }
  }

  /** Fails the tunnel on the calling thread, which must be the loop's. */
  void abortNow(String reason) {
    fail(reason);
  }

  @Override
  public void shutDown() {
    fail("relay stopped");
  }

  /** Updates interest, or completes when both directions are done. */
  private void settle() throws IOException {
    if (up.finished() && down.finished()) {
      complete(RelayOutcome.COMPLETED);
      return;
    }
    client.updateInterest();
    server.updateInterest();
  }

  private void fail(String detail) {
    complete(RelayOutcome.failed(detail));
  }

  private void complete(RelayOutcome result) {
    if (outcome != null) {
      return;
    }
    outcome = result;
    up.release(loop);
    down.release(loop);
    loop.removed(this);
    loop.closeThen(client.channel, server.channel, () -> {
      try {
        whenDone.accept(this);
      } finally {
        done.countDown();
      }
    });
  }

  /**
   * Returns how many bytes the client side delivered during the relay, replayed ones included.
   *
   * @return the count
   */
  public long bytesFromClient() {
    return up.moved;
  }

  /**
   * Returns how many bytes the server side delivered during the relay, replayed ones included.
   *
   * @return the count
   */
  public long bytesFromServer() {
    return down.moved;
  }

  /** One socket of the tunnel; the key's attachment. */
  static final class End implements LoopMember {
    private final Tunnel tunnel;
    final SocketChannel channel;
    final String name;
    @Nullable SelectionKey key;
    Flow outgoing;
    Flow incoming;

    End(Tunnel tunnel, SocketChannel channel, String name) {
      this.tunnel = tunnel;
      this.channel = channel;
      this.name = name;
    }

    SelectionKey register(Selector selector) throws IOException {
      return RelayLoop.register(selector, channel, 0, this);
    }

    @Override
    public void ready(SelectionKey readyKey, long now) {
      tunnel.ready(this, now);
    }

    @Override
    public long deadline() {
      return Long.MAX_VALUE;
    }

    @Override
    public void tick(long now) {
      // the tunnel keeps time for both ends
    }

    @Override
    public void shutDown() {
      tunnel.shutDown();
    }

    void updateInterest() {
      SelectionKey k = key;
      if (k == null || !k.isValid()) {
        return;
      }
      int ops = (outgoing.wantsRead() ? SelectionKey.OP_READ : 0)
          | (incoming.hasPending() ? SelectionKey.OP_WRITE : 0);
      if (k.interestOps() != ops) {
        k.interestOps(ops);
      }
    }
  }

  /**
   * One direction: reads {@code from}, writes {@code to}. End of stream is passed on as a
   * half-close once everything read before it was written.
   */
  static final class Flow {
    private final End from;
    private final End to;
    private @Nullable ByteBuffer pending;
    private boolean pendingPooled;
    /**
     * How much one read takes: a target that keeps up earns reads of up to the loop's whole
     * buffer (fewer system calls per byte); each write it does not take whole halves the read,
     * down to 64 KiB, so what a slow target holds up stays small.
     */
    private int readLimit = RelayLoop.FIRST_READ;
    private boolean inputEnded;
    private boolean outputShut;
    long moved;

    Flow(End from, End to, @Nullable ByteBuffer replay, boolean endedAfterReplay) {
      this.from = from;
      this.to = to;
      this.pending = replay != null && replay.hasRemaining() ? replay : null;
      this.inputEnded = endedAfterReplay;
      this.moved = replay == null ? 0 : replay.remaining();
    }

    void start(RelayLoop loop) throws IOException {
      if (pending != null) {
        drain(loop);
      } else if (inputEnded) {
        shutTarget();
      }
    }

    boolean wantsRead() {
      return !inputEnded && pending == null;
    }

    boolean hasPending() {
      return pending != null;
    }

    boolean finished() {
      return outputShut;
    }

    /**
     * Reads what is there and writes it on, until the source has nothing more or the target
     * stops taking it.
     *
     * @return whether any byte moved
     */
    boolean pump(RelayLoop loop) throws IOException {
      ByteBuffer buffer = loop.readBuffer();
      boolean movedAny = false;
      for (int round = 0; round < 16 && wantsRead(); round++) {
        buffer.clear();
        buffer.limit(readLimit);
        int n = from.channel.read(buffer);
        if (n == 0) {
          break;
        }
        if (n < 0) {
          inputEnded = true;
          shutTarget();
          break;
        }
        movedAny = true;
        moved += n;
        buffer.flip();
        to.channel.write(buffer);
        if (buffer.hasRemaining()) {
          pending = loop.keep(buffer);
          pendingPooled = true;
          readLimit = Math.max(RelayLoop.FIRST_READ, readLimit / 2);
          break;
        }
        if (n < readLimit) {
          break;
        }
        readLimit = Math.min(buffer.capacity(), readLimit * 2);
      }
      return movedAny;
    }

    /** Writes what the target did not take before; once empty, reading resumes. */
    void drain(RelayLoop loop) throws IOException {
      ByteBuffer buffer = pending;
      if (buffer == null) {
        return;
      }
      to.channel.write(buffer);
      if (buffer.hasRemaining()) {
        return;
      }
      release(loop);
      if (inputEnded) {
        shutTarget();
      }
    }

    private void shutTarget() throws IOException {
      if (!outputShut) {
        outputShut = true;
        to.channel.shutdownOutput();
      }
    }

    void release(RelayLoop loop) {
      ByteBuffer buffer = pending;
      pending = null;
      if (buffer != null && pendingPooled) {
        loop.giveBack(buffer);
      }
      pendingPooled = false;
    }
  }
}
