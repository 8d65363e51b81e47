package org.sockstap.core.internal.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.sockstap.core.internal.detect.ProtocolDetection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread accepting connections, negotiating SOCKS, detecting protocols and relaying
 * many tunnels. Reads go through one 256 KiB direct buffer shared by all the loop's tunnels, so a
 * read and its write cost no copy in the JDK; a tunnel keeps bytes of its own only while its
 * target is slow, in a buffer from a small pool.
 */
public final class RelayLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
  static final int BUFFER_SIZE = 256 * 1024;
  static final int FIRST_READ = 64 * 1024;
  private static final int POOLED_BUFFERS = 64;
  private static final long SWEEP_NANOS = 1_000_000_000L;

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  /** Tunnels: checked for idleness once a second. */
  private final Set<LoopMember> tunnels = ConcurrentHashMap.newKeySet();
  /** Detections: few and short, checked against their deadlines at every turn. */
  private final List<DetectionWatch> detections = new ArrayList<>();
  /** Handshakes and connects on this loop: few and short, checked at every turn. */
  private final List<LoopMember> timedMembers = new ArrayList<>();
  /** Run after the next select, once cancelled keys are gone from the selector. */
  private final List<Runnable> afterDeregistration = new ArrayList<>();
  private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
  private volatile boolean stopping;
  private volatile boolean stopped;
  private long lastSweep = System.nanoTime();

  RelayLoop() throws IOException {
    this.selector = Selector.open();
  }

  /** Starts a tunnel on this loop; the sockets must not be registered with another selector. */
  Tunnel start(RelayEnd client, RelayEnd server, long idleNanos, Consumer<Tunnel> whenDone)
      throws IOException {
    client.channel().configureBlocking(false);
    server.channel().configureBlocking(false);
    Tunnel tunnel = new Tunnel(this, client, server, idleNanos, whenDone);
    execute(() -> begin(tunnel));
    return tunnel;
  }

  /**
   * Starts a tunnel from the loop's own thread, for sockets this loop may already watch.
   *
   * @param client the client's side
   * @param server the server's side
   * @param idleNanos how long both directions may be silent
   * @param whenDone told the end, on the loop's thread
   * @return the tunnel
   */
  public Tunnel startHere(RelayEnd client, RelayEnd server, long idleNanos, Consumer<Tunnel> whenDone) {
    Tunnel tunnel = new Tunnel(this, client, server, idleNanos, whenDone);
    begin(tunnel);
    return tunnel;
  }

  private void begin(Tunnel tunnel) {
    try {
      tunnels.add(tunnel);
      tunnel.begin(selector, System.nanoTime());
    } catch (IOException | RuntimeException e) {
      tunnel.abortNow("relay start: " + e);
    }
  }

  /**
   * From the loop's own thread: watches the first bytes of a connection whose sockets this loop
   * already watches (their keys are taken over), until its protocol is decided.
   *
   * @param client the client, non-blocking
   * @param server the server, non-blocking
   * @param detection the detection state
   * @param deadline when to stop waiting
   * @param listener told the decision on the loop's thread
   */
  public void detectHere(SocketChannel client, SocketChannel server, ProtocolDetection detection,
      long deadline, DetectionWatch.DetectionListener listener) {
    DetectionWatch watch =
        new DetectionWatch(this, client, server, detection, deadline, listener);
    detections.add(watch);
    try {
      watch.begin(selector);
    } catch (IOException | RuntimeException e) {
      watch.tick(Long.MAX_VALUE);
    }
  }

  /**
   * From the loop's own thread: watches a socket for the given events, with a key attached to
   * the member (an existing key of this loop's is taken over).
   *
   * @param channel a non-blocking channel
   * @param ops the interest set
   * @param member what handles its readiness
   * @return the key
   * @throws IOException when the channel is closed
   */
  public SelectionKey watch(SocketChannel channel, int ops, LoopMember member)
      throws IOException {
    return register(selector, channel, ops, member);
  }

  static SelectionKey register(Selector selector, SocketChannel channel, int ops,
      Object attachment) throws IOException {
    SelectionKey existing = channel.keyFor(selector);
    if (existing != null && existing.isValid()) {
      existing.attach(attachment);
      existing.interestOps(ops);
      return existing;
    }
    return channel.register(selector, ops, attachment);
  }

  /**
   * Accepts connections from a listener on this loop; each accepted connection is given to the
   * consumer on the loop's thread. The listener is made non-blocking; other loops may accept
   * from it too.
   *
   * @param listener the bound listener
   * @param accepted told each new connection, on this loop's thread
   */
  public void acceptFrom(ServerSocketChannel listener, Consumer<SocketChannel> accepted) {
    execute(() -> {
      try {
        SelectionKey key = listener.register(selector, SelectionKey.OP_ACCEPT);
        key.attach(new LoopAcceptor(this, listener, key, accepted));
      } catch (IOException | RuntimeException e) {
        if (listener.isOpen()) {
          LOG.error("cannot accept on a relay loop", e);
        }
      }
    });
  }

  /**
   * From the loop's own thread: takes a socket off this loop; the task runs (on the loop's
   * thread) once the socket may go back to blocking mode.
   *
   * @param channel the socket
   * @param whenReleased what to do then: start a thread, say, and return
   */
  public void release(SocketChannel channel, Runnable whenReleased) {
    cancel(channel);
    afterDeregistration.add(whenReleased);
  }

  /**
   * From the loop's own thread: closes two sockets once the selector has let go of their keys,
   * then runs the task. Closing a channel that is still registered makes the JDK shut its output
   * and defer the close to the selector, a few system calls more per socket. Once the loop has
   * stopped, the sockets are closed and the task run at once.
   *
   * @param client one socket
   * @param server the other
   * @param then what to run once both are closed
   */
  void closeThen(SocketChannel client, SocketChannel server, Runnable then) {
    cancel(client);
    cancel(server);
    Runnable closeAndThen = () -> {
      closeQuietly(client);
      closeQuietly(server);
      then.run();
    };
    if (stopped) {
      closeAndThen.run();
    } else {
      afterDeregistration.add(closeAndThen);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the relay is over; a failing close changes nothing for the peer
    }
  }

  /**
   * From the loop's own thread: adds or removes a member checked at every turn against its
   * deadline (a handshake, a connect).
   *
   * @param member the member
   * @param timed whether to check it
   */
  public void timed(LoopMember member, boolean timed) {
    if (timed) {
      timedMembers.add(member);
    } else {
      timedMembers.remove(member);
    }
  }

  /** Watches the first bytes of a connection until its protocol is decided. */
  void detect(SocketChannel client, SocketChannel server, ProtocolDetection detection,
      long deadline, DetectionWatch.DetectionListener listener) throws IOException {
    client.configureBlocking(false);
    server.configureBlocking(false);
    execute(() -> detectHere(client, server, detection, deadline, listener));
  }

  /** Takes two sockets off this loop; the task runs once they may go back to blocking mode. */
  void release(SocketChannel client, SocketChannel server, Runnable whenReleased) {
    cancel(client);
    cancel(server);
    afterDeregistration.add(whenReleased);
  }

  private void cancel(SocketChannel channel) {
    SelectionKey key = channel.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
  }

  /**
   * Runs a task on the loop's thread.
   *
   * @param task what to run; must not block
   */
  public void execute(Runnable task) {
    tasks.add(task);
    if (stopped) {
      runTasks();
    } else if (wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /**
   * Returns the loop's read buffer, shared by everything on the loop: valid only until the
   * caller returns to the loop.
   *
   * @return the buffer
   */
  public ByteBuffer readBuffer() {
    return readBuffer;
  }

  /**
   * Copies what a target did not take into a buffer the tunnel keeps until it drains: a pooled
   * direct one when it fits (a target that keeps falling behind is read 64 KiB at a time), else
   * one on the heap of the exact size.
   */
  ByteBuffer keep(ByteBuffer rest) {
    if (rest.remaining() > FIRST_READ) {
      ByteBuffer copy = ByteBuffer.allocate(rest.remaining());
      copy.put(rest);
      copy.flip();
      return copy;
    }
    ByteBuffer buffer = pool.poll();
    if (buffer == null) {
      buffer = ByteBuffer.allocateDirect(FIRST_READ);
    }
    buffer.clear();
    buffer.put(rest);
    buffer.flip();
    return buffer;
  }

  void giveBack(ByteBuffer buffer) {
    if (buffer.isDirect() && pool.size() < POOLED_BUFFERS) {
      pool.add(buffer);
    }
  }

  void removed(Tunnel tunnel) {
    tunnels.remove(tunnel);
  }

  void detectionOver(DetectionWatch watch) {
    detections.remove(watch);
  }

  int tunnelCount() {
    return tunnels.size();
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        boolean releasing = !afterDeregistration.isEmpty();
        if (releasing) {
          selector.selectNow();
        } else {
          selector.select(selectTimeoutMillis());
        }
        wakeupPending.set(false);
        if (releasing) {
          runReleasedTasks();
        }
        runTasks();
        long now = System.nanoTime();
        Set<SelectionKey> selected = selector.selectedKeys();
        if (!selected.isEmpty()) {
          Iterator<SelectionKey> keys = selected.iterator();
          while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            ((LoopMember) key.attachment()).ready(key, now);
          }
        }
        tickExpired(detections, now);
        tickExpired(timedMembers, now);
        if (now - lastSweep >= SWEEP_NANOS) {
          lastSweep = now;
          for (LoopMember tunnel : tunnels) {
            tunnel.tick(now);
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      LOG.error("relay loop failed; its tunnels are closed", e);
    } catch (RuntimeException | Error e) {
      LOG.error("relay loop failed; its tunnels are closed", e);
      throw e;
    } finally {
      stopping = true;
      stopped = true;
      runTasks();
      for (DetectionWatch watch : List.copyOf(detections)) {
        watch.shutDown();
      }
      for (LoopMember member : List.copyOf(timedMembers)) {
        member.shutDown();
      }
      for (LoopMember tunnel : tunnels) {
        tunnel.shutDown();
      }
      try {
        selector.close();
      } catch (IOException e) {
        LOG.debug("closing the relay selector: {}", e.toString());
      }
      runReleasedTasks();
    }
  }

  /** Ticks the members whose deadline passed; a tick may remove its member from the list. */
  private static void tickExpired(List<? extends LoopMember> members, long now) {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (i < members.size()) {
        LoopMember member = members.get(i);
        if (now - member.deadline() >= 0) {
          member.tick(now);
        }
      }
    }
  }

  /** Until the nearest deadline of a detection or handshake, or the next idle sweep. */
  private long selectTimeoutMillis() {
    long now = System.nanoTime();
    long wake = nearest(timedMembers, nearest(detections, lastSweep + SWEEP_NANOS));
    return Math.max(1, (wake - now + 999_999) / 1_000_000);
  }

  private static long nearest(List<? extends LoopMember> members, long wake) {
    long nearest = wake;
    for (int i = 0; i < members.size(); i++) {
      long deadline = members.get(i).deadline();
      if (deadline - nearest < 0) {
        nearest = deadline;
      }
    }
    return nearest;
  }

  /** Runs after a select removed the cancelled keys: the sockets are free now. */
  private void runReleasedTasks() {
    List<Runnable> ready = List.copyOf(afterDeregistration);
    afterDeregistration.clear();
    for (Runnable task : ready) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("handing a connection over failed", e);
      }
    }
  }

  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("relay task failed", e);
      }
    }
  }

  /** Stops the loop: its tunnels fail with "relay stopped". */
  void stop() {
    stopping = true;
    selector.wakeup();
  }
}
