package org.sockstap.core.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sockstap.api.AccessLogSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where access-log records go: the SLF4J logger {@code sockstap.access.<protocol>} and every sink
 * registered on the builder. Records are made safe for one line here, whatever the handler wrote.
 */
public final class AccessLogs {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogs.class);
  private static final int MAX_RECORD_CHARS = 16 * 1024;

  private final List<AccessLogSink> sinks;
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

  /**
   * Creates the access logs.
   *
   * @param sinks the sinks, called in order
   */
  public AccessLogs(List<AccessLogSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  /**
   * Writes one record.
   *
   * @param protocol the protocol
   * @param line the record as the handler wrote it
   */
  public void write(String protocol, String line) {
    String safe = oneLine(line);
    Logger logger = loggers.computeIfAbsent(protocol,
        p -> LoggerFactory.getLogger("sockstap.access." + p.toLowerCase(Locale.ROOT)));
    logger.info("{}", safe);
    for (AccessLogSink sink : sinks) {
      try {
        sink.write(protocol, safe);
      } catch (RuntimeException e) {
        LOG.warn("access-log sink {} failed", sink.getClass().getName(), e);
      }
    }
  }

  /** Escapes control characters only: handlers already quote and escape their own fields. */
  static String oneLine(String line) {
    StringBuilder out = null;
    int length = Math.min(line.length(), MAX_RECORD_CHARS);
    for (int i = 0; i < length; i++) {
      char c = line.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(length + 16).append(line, 0, i);
      }
      if (out != null) {
        if (control) {
          out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    String result = out != null ? out.toString() : line.substring(0, length);
    return line.length() > MAX_RECORD_CHARS ? result + "..." : result;
  }
}
