package org.sockstap.protocols.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures what the SLF4J simple logger prints (to System.err) while it is open, optionally with
 * every logger that exists turned up to TRACE, and puts everything back on close.
 */
final class LogCapture implements AutoCloseable {
  private static final int TRACE = 0;

  private final PrintStream saved = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final Map<Logger, Integer> levels = new HashMap<>();

  private LogCapture(boolean trace, String... alsoCreate) {
    for (String name : alsoCreate) {
      LoggerFactory.getLogger(name);
    }
    if (trace) {
      raiseAll();
    }
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** Captures at the configured levels (WARN in the build). */
  static LogCapture start() {
    return new LogCapture(false);
  }

  /** Captures with every logger, and the named ones created first, at TRACE. */
  static LogCapture atTrace(String... loggers) {
    return new LogCapture(true, loggers);
  }

  /** Returns whether the levels could be raised (the simple logger is the binding). */
  boolean tracing() {
    return !levels.isEmpty();
  }

  String text() {
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private void raiseAll() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    try {
      Field map = factory.getClass().getDeclaredField("loggerMap");
      map.setAccessible(true);
      for (Logger logger : ((Map<String, Logger>) map.get(factory)).values()) {
        Field level = levelField(logger.getClass());
        level.setAccessible(true);
        levels.put(logger, level.getInt(logger));
        level.setInt(logger, TRACE);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      levels.clear();
    }
  }

  private static Field levelField(Class<?> type) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField("currentLogLevel");
      } catch (NoSuchFieldException e) {
        // look further up
      }
    }
    throw new NoSuchFieldException("currentLogLevel");
  }

  @Override
  public void close() {
    System.setErr(saved);
    for (Map.Entry<Logger, Integer> entry : levels.entrySet()) {
      try {
        Field level = levelField(entry.getKey().getClass());
        level.setAccessible(true);
        level.setInt(entry.getKey(), entry.getValue());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
