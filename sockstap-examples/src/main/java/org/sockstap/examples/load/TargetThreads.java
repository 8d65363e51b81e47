package org.sockstap.examples.load;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs each target connection on its own thread: a virtual thread on Java 21 and later (looked
 * up reflectively, since this code compiles for 17), else a platform thread from a cached pool,
 * so that a connection-rate run does not pay for a new platform thread per connection.
 */
final class TargetThreads implements Executor, AutoCloseable {
  private final @Nullable ThreadFactory virtual;
  private final @Nullable ExecutorService pool;

  private TargetThreads(@Nullable ThreadFactory virtual) {
    this.virtual = virtual;
    if (virtual != null) {
      this.pool = null;
    } else {
      AtomicInteger counter = new AtomicInteger();
      this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "target-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
    }
  }

  /** Virtual threads where the JDK has them, else pooled platform daemon threads. */
  static TargetThreads create() {
    return new TargetThreads(lookUpVirtualThreadFactory());
  }

  /** Whether connections run on virtual threads. */
  boolean virtual() {
    return virtual != null;
  }

  @Override
  public void execute(Runnable task) {
    ThreadFactory factory = virtual;
    ExecutorService platform = pool;
    if (factory != null) {
      factory.newThread(task).start();
    } else if (platform != null) {
      platform.execute(task);
    }
  }

  @Override
  public void close() {
    ExecutorService platform = pool;
    if (platform != null) {
      platform.shutdown();
    }
  }

  private static @Nullable ThreadFactory lookUpVirtualThreadFactory() {
    if (Runtime.version().feature() < 21) {
      return null;
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      Class<?> virtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
      MethodHandle ofVirtual =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualType));
      MethodHandle factory =
          lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class));
      return (ThreadFactory) factory.invoke(ofVirtual.invoke());
    } catch (Throwable e) {
      return null; // platform threads work everywhere
    }
  }
}
