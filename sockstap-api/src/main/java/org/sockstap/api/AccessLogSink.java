package org.sockstap.api;

/**
 * Receives access-log records: one line per protocol transaction, in the format people already
 * parse for that protocol (Combined Log Format for HTTP, say), as handlers write them through
 * {@link TappedConnection#accessLog(String)}.
 *
 * <p>Every record also goes to the SLF4J logger {@code sockstap.access.<protocol>}; a sink is for
 * applications that want the records elsewhere (a file, a queue). Called on connection threads,
 * concurrently: implementations must be thread-safe and quick. The line has no line break and no
 * control characters (SocksTap escapes them); an exception is logged and otherwise ignored.
 *
 * <pre>{@code
 * SocksTapServer.builder().accessLog((protocol, line) -> file.println(line));
 * }</pre>
 */
@FunctionalInterface
public interface AccessLogSink {

  /**
   * Writes one record.
   *
   * @param protocol the protocol whose handler wrote it
   * @param line the record, one line without its line break
   */
  void write(String protocol, String line);
}
