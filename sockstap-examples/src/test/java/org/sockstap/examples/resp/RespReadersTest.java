package org.sockstap.examples.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ReplyCopier} and {@link CommandReader} over input split at every point. */
class RespReadersTest {
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Every way of delivering {@code bytes}: split once at each point, and one byte at a time. */
  private static List<RespInput> deliveries(byte[] bytes, int bufferSize) {
    List<RespInput> inputs = new ArrayList<>();
    for (int split = 1; split <= bytes.length; split++) {
      inputs.add(new RespInput(new ChunkedInputStream(bytes, split, Integer.MAX_VALUE), bufferSize));
    }
    inputs.add(new RespInput(new ChunkedInputStream(bytes, 1, 1), bufferSize));
    return inputs;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+OK\\r\\n                                       | +",
      "-WRONGTYPE Operation against a key\\r\\n        | -",
      ":-42\\r\\n                                      | :",
      "$5\\r\\nhello\\r\\n                             | $",
      "$0\\r\\n\\r\\n                                  | $",
      "$-1\\r\\n                                       | $",
      "*-1\\r\\n                                       | *",
      "*0\\r\\n                                        | *",
      "*2\\r\\n$3\\r\\nfoo\\r\\n:7\\r\\n               | *",
      "*3\\r\\n*2\\r\\n:1\\r\\n*1\\r\\n+x\\r\\n$-1\\r\\n*0\\r\\n | *",
      "$6\\r\\nab\\r\\ncd\\r\\n                        | $",
  })
  void copiesExactlyOneReplySplitAnywhere(String escaped, char type) throws IOException {
    byte[] reply = ascii(escaped.replace("\\r\\n", "\r\n"));
    byte[] next = ascii("+NEXT\r\n");
    byte[] both = new byte[reply.length + next.length];
    System.arraycopy(reply, 0, both, 0, reply.length);
    System.arraycopy(next, 0, both, reply.length, next.length);
    for (RespInput in : deliveries(both, 8)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ReplyCopier.Reply copied = ReplyCopier.copy(in, out);
      assertEquals(type, copied.type());
      assertArrayEquals(reply, out.toByteArray(), in.toString());
      assertEquals(reply.length, in.consumed());
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      ReplyCopier.copy(in, second);
      assertArrayEquals(next, second.toByteArray());
      assertTrue(in.atEnd());
    }
  }

  @Test
  void reportsTheErrorCode() throws IOException {
    assertEquals("WRONGTYPE", copy("-WRONGTYPE Operation against a key\r\n").outcome());
    assertEquals("ERR", copy("-\r\n").outcome());
    assertEquals("OK", copy(":1\r\n").outcome());
    assertNull(copy("*1\r\n-ERR inner\r\n").errorCode(), "only the top level counts");
  }

  private static ReplyCopier.Reply copy(String reply) throws IOException {
    return ReplyCopier.copy(new RespInput(new ChunkedInputStream(ascii(reply), 1 << 16, 1 << 16),
        64), new ByteArrayOutputStream());
  }

  @Test
  void stopsBeforeAnUnknownTypeLeavingItToBeDrained() throws IOException {
    byte[] bytes = ascii("*2\r\n:1\r\n%1\r\n+a\r\n:1\r\n");
    RespInput in = new RespInput(new ChunkedInputStream(bytes, bytes.length, 1), 64);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UnknownReplyTypeException e =
        assertThrows(UnknownReplyTypeException.class, () -> ReplyCopier.copy(in, out));
    assertEquals('%', e.type());
    assertEquals("*2\r\n:1\r\n", out.toString(StandardCharsets.ISO_8859_1));
    assertEquals("%1\r\n+a\r\n:1\r\n", new String(in.drain(), StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"$abc\r\n", "$5\r\nhelloXX", "*-2\r\n", "$-5\r\n", "+OK\rX",
      "+OK\n", "*99999999999\r\n", "$\r\n"})
  void rejectsMalformedReplies(String reply) {
    assertThrows(RespProtocolException.class, () -> copy(reply));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "+OK", "$5\r\nhel", "*2\r\n:1\r\n"})
  void aTruncatedReplyIsAnEndOfStream(String reply) {
    assertThrows(EOFException.class, () -> copy(reply));
  }

  @Test
  void readsCommandsSplitAnywhere() throws IOException {
    String set = "*3\r\n$3\r\nset\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";
    String client = "*3\r\n$6\r\nCLIENT\r\n$7\r\nsetname\r\n$1\r\nx\r\n";
    String inline = "ping extra  args\r\n";
    String bareLf = "PING\n";
    byte[] bytes = ascii("\r\n" + "*0\r\n" + set + client + "*-1\r\n" + inline + "  \n" + bareLf);
    for (RespInput in : deliveries(bytes, 16)) {
      CommandReader reader = new CommandReader(in);
      List<String> verbs = new ArrayList<>();
      ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
      for (CommandReader.Command c; (c = reader.next()) != null; ) {
        verbs.add(c.verb() + (c.argument() == null ? "" : " " + c.argument()) + "/" + c.remaining());
        forwarded.write(c.head());
        reader.transferRest(c, forwarded);
      }
      assertEquals(List.of("SET/2", "CLIENT SETNAME/1", "PING/0", "PING/0"), verbs);
      assertEquals(set + client + inline + "PING\r\n",
          forwarded.toString(StandardCharsets.ISO_8859_1));
      assertEquals(bytes.length, in.consumed());
    }
  }

  @Test
  void dropsTheRestOfACommandWhenAsked() throws IOException {
    byte[] bytes = ascii("*3\r\n$3\r\nDEL\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n$4\r\nPING\r\n");
    CommandReader reader = new CommandReader(new RespInput(
        new ChunkedInputStream(bytes, 1, 3), 16));
    CommandReader.Command del = reader.next();
    reader.transferRest(del, null);
    assertEquals("PING", reader.next().verb());
    assertNull(reader.next());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*1025\\r\\n                            | too many arguments: 1025 (expected: at most 1024)",
      "*1\\r\\n$1048577\\r\\n                 | bulk length 1048577 (expected: 0-1048576)",
      "*1\\r\\n$-1\\r\\n                      | bulk length -1 (expected: 0-1048576)",
      "*1\\r\\n:1\\r\\n                       | expected '$', got ':'",
      "*1\\r\\n\u0001x                        | expected '$', got 0x01",
      "*x\\r\\n                               | array length: x (expected: a number)",
      "*1\\r\\n$3\\r\\nGETxx                  | expected CRLF after a bulk string",
      "*1\\n                                  | LF without CR in a line",
  })
  void refusesBrokenOrOversizedCommands(String escaped, String message) {
    byte[] bytes = ascii(escaped.replace("\\r\\n", "\r\n").replace("\\n", "\n"));
    CommandReader reader = new CommandReader(new RespInput(
        new ChunkedInputStream(bytes, bytes.length, bytes.length), 64));
    RespProtocolException e = assertThrows(RespProtocolException.class, reader::next);
    assertEquals(message, e.getMessage());
  }

  @Test
  void refusesAnInlineLineOver64KiB() {
    byte[] bytes = ascii("PING " + "x".repeat(CommandReader.MAX_INLINE) + "\r\n");
    CommandReader reader = new CommandReader(new RespInput(
        new ChunkedInputStream(bytes, 1 << 20, 1 << 20), 1024));
    assertThrows(RespProtocolException.class, reader::next);
  }

  @Test
  void anEndInsideACommandIsAnEndOfStream() {
    byte[] bytes = ascii("*2\r\n$3\r\nGET\r\n$5\r\nab");
    CommandReader reader = new CommandReader(new RespInput(
        new ChunkedInputStream(bytes, 1, 1), 16));
    assertThrows(EOFException.class, () -> reader.transferRest(reader.next(), null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "get            | GET",
      "FlushAll       | FLUSHALL",
      "a'b            | a\\x27b",
      "a\\b           | a\\x5cb",
  })
  void verbTextIsSafeToLogAndQuote(String name, String expected) {
    assertEquals(expected, CommandReader.verbText(ascii(name)));
  }

  @Test
  void verbTextEscapesControlBytesAndBoundsLength() {
    assertEquals("A\\x0d\\x0aB\\x00", CommandReader.verbText(new byte[] {'A', '\r', '\n', 'B', 0}));
    assertEquals("", CommandReader.verbText(new byte[0]));
    String long100 = CommandReader.verbText(ascii("x".repeat(100)));
    assertEquals("x".repeat(64) + "...", long100);
  }
}
