package org.sockstap.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the threads connections run on: virtual threads where the running JDK has them (21 and
 * later), platform daemon threads otherwise. The lookup is reflective so one jar, compiled for
 * Java 17, serves both.
 */
public final class Threads {
  private static final Logger LOG = LoggerFactory.getLogger(Threads.class);
  private static final @Nullable ThreadFactory VIRTUAL = lookUpVirtualThreadFactory();
  private static final @Nullable MethodHandle IS_VIRTUAL = lookUpIsVirtual();

  private Threads() {}

  /**
   * Returns the default factory for connection threads.
   *
   * @return a virtual-thread factory on Java 21+, else a platform daemon-thread factory
   */
  public static ThreadFactory defaultConnectionThreads() {
    ThreadFactory virtual = VIRTUAL;
    return virtual != null ? virtual : platformDaemonThreads("sockstap-conn");
  }

  /**
   * Returns whether this JDK runs connections on virtual threads by default.
   *
   * @return true on Java 21 and later
   */
  public static boolean virtualThreadsAvailable() {
    return VIRTUAL != null;
  }

  /**
   * Returns a factory of platform daemon threads named {@code prefix-N}.
   *
   * @param prefix the name prefix
   * @return the factory
   */
  public static ThreadFactory platformDaemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Returns whether a factory makes virtual threads (it is asked for one thread, not started).
   *
   * @param factory the factory
   * @return true for virtual threads
   */
  public static boolean makesVirtualThreads(ThreadFactory factory) {
    Thread probe = factory.newThread(() -> { });
    if (probe == null || IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invoke(probe);
    } catch (Throwable e) {
      return false;
    }
  }

  private static @Nullable MethodHandle lookUpIsVirtual() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
          MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static @Nullable ThreadFactory lookUpVirtualThreadFactory() {
    if (Runtime.version().feature() < 21) {
      return null;
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      Class<?> virtualBuilderType = Class.forName("java.lang.Thread$Builder$OfVirtual");
      MethodHandle ofVirtual =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualBuilderType));
      MethodHandle factory =
          lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class));
      return (ThreadFactory) factory.invoke(ofVirtual.invoke());
    } catch (Throwable e) {
      LOG.warn("virtual threads not available on Java {}, using platform threads: {}",
          Runtime.version(), e.toString());
      return null;
    }
  }
}
