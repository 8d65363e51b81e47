package org.sockstap.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.api.Endpoint;
import org.sockstap.api.Transaction;

class AccessLogListenerTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

  private final StringWriter text = new StringWriter();
  private final AccessLogListener log =
      new AccessLogListener(text, true, Clock.fixed(NOW, ZoneOffset.UTC));

  private static ConnectionInfo info(String user, String host) throws Exception {
    return new ConnectionInfo("c7", new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5555),
        user, new Endpoint(host, 21), 5, NOW);
  }

  @Test
  void writesTheRecordsOfProtocolsAsTheyAre() throws Exception {
    log.write("http", "127.0.0.1 - alice [02/Jan/2026:03:04:05 +0000] \"GET / HTTP/1.1\" 200 5");
    assertEquals("127.0.0.1 - alice [02/Jan/2026:03:04:05 +0000] \"GET / HTTP/1.1\" 200 5\n",
        text.toString());
  }

  @Test
  void writesOneLinePerClosedConnection() throws Exception {
    log.closed(info(null, "::1"), new ConnectionSummary(null, ConnectionSummary.Outcome.UNREACHABLE,
        0, 0, Duration.ofSeconds(2), "connection refused"));
    log.closed(info(null, "::1"), new ConnectionSummary("ftp",
        ConnectionSummary.Outcome.COMPLETED, 10, 20, Duration.ofMillis(5), null));
    assertEquals("2026-01-02T03:04:05.678Z c7 127.0.0.1:5555 - [::1]:21 - closed UNREACHABLE"
        + " 0 0 2000 \"connection refused\"\n"
        + "2026-01-02T03:04:05.678Z c7 127.0.0.1:5555 - [::1]:21 ftp closed COMPLETED"
        + " 10 20 5 \"-\"\n", text.toString());
  }

  @Test
  void escapesEverythingThatCouldForgeALine() throws Exception {
    log.closed(info("eve\r\nc8 fake", "a\u2028b"), new ConnectionSummary("ftp",
        ConnectionSummary.Outcome.FAILED, 0, 0, Duration.ZERO, "RETR \"x\"\\\n\u001b[31m"));
    String line = text.toString();
    assertEquals(1, line.split("\n", -1).length - 1, line);
    assertEquals("2026-01-02T03:04:05.678Z c7 127.0.0.1:5555 eve\\x0d\\x0ac8\\x20fake"
        + " a\\u2028b:21 ftp closed FAILED 0 0 0 \"RETR \\\"x\\\"\\\\\\x0a\\x1b[31m\"\n", line);
  }

  @Test
  void boundsHugeFields() {
    String escaped = AccessLogListener.escape("x".repeat(100_000), false);
    assertTrue(escaped.length() < 3000, "length " + escaped.length());
    assertTrue(escaped.endsWith("..."));
  }

  @Test
  void dropsEventsAfterClose() throws Exception {
    log.close();
    log.write("ftp", "NOOP");
    assertEquals("", text.toString());
    log.close();
  }

  @Test
  void appendsToAFileAndLeavesStandardOutputOpen(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("access.log");
    Files.writeString(file, "earlier\n");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    try (AccessLogListener toFile = AccessLogListener.open(file, out);
        AccessLogListener toStdout = AccessLogListener.open(null, out)) {
      toFile.write("ftp", "a h:21 ftp NOOP 200");
      toStdout.write("ftp", "é h:21 ftp NOOP 200");
      // flushed per line: visible before close
      List<String> lines = Files.readAllLines(file);
      assertEquals(2, lines.size());
      assertEquals("a h:21 ftp NOOP 200", lines.get(1));
      assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("é h:21 ftp NOOP"));
    }
    out.println("still open");
    assertTrue(stdout.toString(StandardCharsets.UTF_8).endsWith("still open\n"));
  }
}
