package org.sockstap.core.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.internal.relay.RelayLoop;
import org.sockstap.core.internal.relay.RelayLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: one platform thread accepts; each connection runs on its own thread from the
 * configured factory until it is relayed opaquely, when it moves to the relay loops (a few
 * selector threads shared by all tunnels) and its thread ends. Every thread started here and
 * every open connection is counted until it ends, so {@link #close()} can wait for all of them.
 *
 * <p>The accept loop takes a connection permit for every connection; when none is left the new
 * connection is closed at once rather than queued, and a failing {@code accept} (out of file
 * descriptors, say) backs off instead of spinning.
 */
public final class ServerRuntime implements TaskStarter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
  private static final int BACKLOG = 1024;

  private final ServerConfig config;
  private final ServerSocketChannel listener;
  private final InetSocketAddress localAddress;
  private final Semaphore permits;
  private final Set<ConnectionTask> live = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threads = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition threadsDone = lock.newCondition();
  /** The accepting thread, when handshakes need threads; otherwise the relay loops accept. */
  private final @Nullable Thread acceptor;
  private final RelayLoops relays;
  private final Finisher finisher;
  /** Whether a relay loop starts each handshake (it needs no thread for the common case). */
  private final boolean handshakesOnLoops;
  /** How many connections at a time get platform threads before virtual ones (see runConnection). */
  static final int PLATFORM_THREADS_FIRST = 256;
  /** Whether connections get platform threads first, then virtual ones. */
  private final boolean platformFirst;
  private final Semaphore platformSlots = new Semaphore(PLATFORM_THREADS_FIRST);
  /** Platform threads are costly to start: they are kept for the next connection. */
  private final @Nullable ThreadPoolExecutor connectionPool;
  private volatile boolean closing;
  private long lastRejectLog;

  /**
   * Binds the listener and starts accepting.
   *
   * @param config the configuration
   * @throws IOException when the address cannot be bound
   */
  public ServerRuntime(ServerConfig config) throws IOException {
    this.config = config;
    this.permits = new Semaphore(config.maxConnections());
    this.listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(config.listen(), BACKLOG);
      this.localAddress = (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      listener.close();
      throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
    }
    String port = String.valueOf(localAddress.getPort());
    this.relays = new RelayLoops(RelayLoops.defaultCount(), "sockstap-relay-" + port + "-");
    this.finisher = new Finisher("sockstap-finish-" + port);
    this.handshakesOnLoops = config.socks().socks5() && config.socks().authenticator() == null;
    ThreadFactory factory = config.threadFactory();
    this.platformFirst = factory == Threads.defaultConnectionThreads()
        && Threads.virtualThreadsAvailable();
    this.connectionPool = platformFirst
        ? newPool(Threads.platformDaemonThreads("sockstap-conn-" + port))
        : Threads.makesVirtualThreads(factory) ? null : newPool(factory);
    if (handshakesOnLoops) {
      this.acceptor = null;
      relays.acceptFrom(listener, this::acceptedOnLoop);
    } else {
      Thread thread = new Thread(this::acceptLoop, "sockstap-accept-" + port);
      thread.setDaemon(true);
      thread.start();
      this.acceptor = thread;
    }
  }

  /**
   * Returns the bound address.
   *
   * @return the listener's address, with the real port when port 0 was asked for
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration
   */
  public ServerConfig config() {
    return config;
  }

  /**
   * Returns how many connections are open.
   *
   * @return the count
   */
  public int activeConnections() {
    return live.size();
  }

  /**
   * Returns how many connection and relay threads are running.
   *
   * @return the count
   */
  public int activeThreads() {
    return threads.get();
  }

  @Override
  public Thread start(String name, Runnable task) {
    threads.incrementAndGet();
    Runnable counted =
        () -> {
          try {
            task.run();
          } finally {
            if (threads.decrementAndGet() == 0) {
              signalThreadsDone();
            }
          }
        };
    Thread thread;
    try {
      thread = config.threadFactory().newThread(counted);
      if (thread == null) {
        throw new IllegalStateException("thread factory returned null");
      }
      thread.setName(name);
      thread.start();
    } catch (RuntimeException | Error e) {
      if (threads.decrementAndGet() == 0) {
        signalThreadsDone();
      }
      throw e;
    }
    return thread;
  }

  private void acceptLoop() {
    long backoffMillis = 10;
    while (!closing) {
      SocketChannel channel;
      try {
        channel = listener.accept();
        backoffMillis = 10;
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (closing) {
          break;
        }
        LOG.warn("accept failed on {}: {}; retrying in {} ms", localAddress, e.getMessage(),
            backoffMillis);
        sleep(backoffMillis);
        backoffMillis = Math.min(1000, backoffMillis * 2);
        continue;
      }
      if (!permits.tryAcquire()) {
        refuse(channel);
        continue;
      }
      ConnectionTask task = new ConnectionTask(this, channel, "c" + ids.incrementAndGet());
      live.add(task);
      try {
        runConnection("sockstap-" + task.id(), task);
      } catch (RuntimeException | Error e) {
        LOG.error("cannot start a thread for connection {}", task.id(), e);
        live.remove(task);
        permits.release();
        task.closeSockets();
      }
    }
  }

  /** A relay loop accepted a connection: its handshake starts right there. */
  private void acceptedOnLoop(SocketChannel channel, RelayLoop loop) {
    if (closing) {
      refuse(channel);
      return;
    }
    if (!permits.tryAcquire()) {
      refuse(channel);
      return;
    }
    ConnectionTask task = new ConnectionTask(this, channel, "c" + ids.incrementAndGet());
    live.add(task);
    task.negotiateHere(loop);
  }

  /**
   * Says which threads connections get, for the start-up log line.
   *
   * @return for example "relay loops: 2; connection threads: pooled platform, then virtual"
   */
  public String threadsDescription() {
    String connections = platformFirst
        ? "pooled platform (" + PLATFORM_THREADS_FIRST + " at a time), then virtual"
        : connectionPool != null ? "pooled platform" : "virtual";
    return "relay loops: " + RelayLoops.defaultCount() + "; connection threads: " + connections;
  }

  private static ThreadPoolExecutor newPool(ThreadFactory factory) {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), factory);
  }

  /**
   * Runs a part of a connection on a connection thread: pooled platform threads, or a new
   * thread of the factory when it makes virtual threads. With the default factory on Java 21+,
   * the first {@link #PLATFORM_THREADS_FIRST} connections at a time get pooled platform threads
   * and the rest virtual ones: a blocking exchange costs half the CPU on a platform thread, and
   * a connection that waits (an idle keep-alive client) costs a few KB on a virtual one.
   */
  void runConnection(String name, Runnable task) {
    if (connectionPool == null) {
      start(name, task);
    } else if (!platformFirst) {
      submitPooled(name, task);
    } else if (platformSlots.tryAcquire()) {
      try {
        submitPooled(name, () -> {
          try {
            task.run();
          } finally {
            platformSlots.release();
          }
        });
      } catch (RuntimeException e) {
        platformSlots.release();
        throw e;
      }
    } else {
      start(name, task);
    }
  }

  private void submitPooled(String name, Runnable task) {
    threads.incrementAndGet();
    try {
      connectionPool.execute(() -> {
        Thread.currentThread().setName(name);
        try {
          task.run();
        } finally {
          if (threads.decrementAndGet() == 0) {
            signalThreadsDone();
          }
        }
      });
    } catch (RuntimeException e) {
      if (threads.decrementAndGet() == 0) {
        signalThreadsDone();
      }
      throw e;
    }
  }

  private void refuse(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to do for a connection we refuse
    }
    long now = System.nanoTime();
    if (now - lastRejectLog > 1_000_000_000L) {
      lastRejectLog = now;
      LOG.warn("refusing connections: {} are open (maxConnections)", config.maxConnections());
    }
  }

  /** Called once per connection when it is done. */
  void finished(ConnectionTask task) {
    if (live.remove(task)) {
      permits.release();
      if (live.isEmpty() && closing) {
        signalThreadsDone();
      }
    }
  }

  /**
   * Returns the relay loops.
   *
   * @return the loops shared by the server's tunnels
   */
  RelayLoops relays() {
    return relays;
  }

  /** Finishes a connection off the relay loops' threads. */
  void finishLater(Runnable finish) {
    finisher.execute(finish);
  }

  /**
   * Runs a connection's next step on the finishing thread, after what is queued there for it
   * (its listeners' events), without the finishing thread's nap.
   */
  void continueSoon(Runnable step) {
    finisher.executeSoon(step);
  }

  /**
   * Returns whether close() has begun.
   *
   * @return true once closing
   */
  boolean isClosing() {
    return closing;
  }

  /**
   * Stops accepting, lets live connections finish for the grace period, then closes them and
   * waits (bounded) for their threads to end.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the listener: {}", e.toString());
    }
    relays.wakeUp();
    Thread accepting = acceptor;
    if (accepting != null) {
      try {
        accepting.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    awaitThreads(config.shutdownGrace());
    for (ConnectionTask task : live) {
      task.shutDown();
    }
    if (!awaitThreads(Duration.ofSeconds(5))) {
      LOG.warn("{} threads and {} connections still open 5 s after closing {}", threads.get(),
          live.size(), localAddress);
    }
    relays.close();
    finisher.close();
    if (connectionPool != null) {
      connectionPool.shutdown();
    }
    LOG.info("SocksTap on {} closed", localAddress);
  }

  private boolean awaitThreads(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (threads.get() > 0 || !live.isEmpty()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        threadsDone.awaitNanos(remaining);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void signalThreadsDone() {
    lock.lock();
    try {
      threadsDone.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
