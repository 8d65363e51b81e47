package org.sockstap.examples.standalone;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.AccessLogSink;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server's access log: every record a protocol handler writes in its own format
 * (as an {@link AccessLogSink}), and one line per closed connection (as a listener), so that
 * connections no handler interprets are logged too. Connection lines look like this, fields
 * separated by single spaces, a field that may hold spaces in double quotes:
 *
 * <pre>
 * TIME ID CLIENT USER DESTINATION PROTOCOL closed OUTCOME IN OUT MILLIS "DETAIL"
 * </pre>
 *
 * <p>{@code TIME} is ISO-8601 UTC to the millisecond; {@code -} stands for no user, protocol or
 * detail; {@code IN}/{@code OUT} are bytes from the client and from the server. Control characters, backslash, double quote and
 * (outside quotes) space are escaped as {@code \xNN}, {@code \\}, {@code \"}, so one event is
 * always one line. Each line is flushed as it is written. Thread-safe.
 */
final class AccessLogListener implements ConnectionListener, AccessLogSink, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogListener.class);
  private static final int MAX_FIELD_CHARS = 2048;

  private final Writer writer;
  private final boolean ownsWriter;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean failed;
  private boolean closed;

  AccessLogListener(Writer writer, boolean ownsWriter, Clock clock) {
    this.writer = writer;
    this.ownsWriter = ownsWriter;
    this.clock = clock;
  }

  /**
   * Opens the access log.
   *
   * @param file the file to append to, created when missing, or null for {@code stdout}
   * @param stdout standard output, which closing the log leaves open
   * @return the listener
   * @throws IOException when the file cannot be opened
   */
  static AccessLogListener open(@Nullable Path file, PrintStream stdout) throws IOException {
    if (file == null) {
      return new AccessLogListener(
          new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false, Clock.systemUTC());
    }
    Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    return new AccessLogListener(writer, true, Clock.systemUTC());
  }

  /** Writes a protocol's own record (Combined Log Format for HTTP, say) as it is. */
  @Override
  public void write(String protocol, String line) {
    write(new StringBuilder(line));
  }

  @Override
  public void closed(ConnectionInfo connection, ConnectionSummary summary) {
    StringBuilder line = prefix(connection, summary.protocol());
    line.append(" closed ").append(summary.outcome()).append(' ')
        .append(summary.bytesFromClient()).append(' ')
        .append(summary.bytesFromServer()).append(' ')
        .append(millis(summary.duration())).append(" \"")
        .append(summary.detail() == null ? "-" : escape(summary.detail(), false)).append('"');
    write(line);
  }

  /** Flushes and, for a file, closes it; later events are dropped. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (ownsWriter) {
        writer.close();
      } else {
        writer.flush();
      }
    } catch (IOException e) {
      LOG.warn("access log: cannot close: {}", e.toString());
    } finally {
      lock.unlock();
    }
  }

  private StringBuilder prefix(ConnectionInfo connection, @Nullable String protocol) {
    StringBuilder line = new StringBuilder(160);
    line.append(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS))).append(' ')
        .append(escape(connection.id(), true)).append(' ')
        .append(address(connection.client())).append(' ')
        .append(connection.user() == null ? "-" : escape(connection.user(), true)).append(' ')
        .append(escape(connection.destination().toString(), true)).append(' ')
        .append(protocol == null ? "-" : escape(protocol, true));
    return line;
  }

  private static String address(InetSocketAddress address) {
    return escape(Addresses.format(address), true);
  }

  private static long millis(Duration duration) {
    return duration.toMillis();
  }

  private void write(StringBuilder line) {
    line.append('\n');
    lock.lock();
    try {
      if (closed) {
        return;
      }
      writer.write(line.toString());
      writer.flush();
    } catch (IOException e) {
      // warn once, not once per connection: a full disk would otherwise flood the log too
      if (!failed) {
        failed = true;
        LOG.warn("access log: cannot write, events are being lost: {}", e.toString());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes untrusted text safe for one field of one line.
   *
   * @param text the text
   * @param spaces whether to escape spaces too (for unquoted fields)
   * @return the escaped text, at most {@value #MAX_FIELD_CHARS} characters of input
   */
  static String escape(String text, boolean spaces) {
    int length = Math.min(text.length(), MAX_FIELD_CHARS);
    StringBuilder out = new StringBuilder(length + 8);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '"') {
        out.append("\\\"");
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c == ' ' && spaces)) {
        out.append("\\x").append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else if (c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX_FIELD_CHARS) {
      out.append("...");
    }
    return out.toString();
  }
}
