package org.sockstap.examples.resp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads client commands, one at a time, in the two forms Redis accepts: an array of bulk strings
 * ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and an inline line ({@code PING\r\n}).
 *
 * <p>Only the start of a command is held in memory (its name, and the second element for the
 * commands whose meaning it changes); the other elements are streamed on with
 * {@link #transferRest} so a large value never sits whole in memory. Limits: {@value #MAX_ARGS}
 * elements, {@value #MAX_BULK} bytes per element, {@value #MAX_INLINE} bytes per inline line.
 */
final class CommandReader {
  static final int MAX_ARGS = RespDetector.MAX_ARGS;
  static final int MAX_BULK = 1 << 20;
  static final int MAX_INLINE = 64 * 1024;

  /** Commands whose second element is read too: it decides how replies are framed. */
  private static final Set<String> WITH_ARGUMENT = Set.of("CLIENT", "HELLO");

  private static final byte[] CRLF = {'\r', '\n'};

  private final RespInput in;

  CommandReader(RespInput in) {
    this.in = in;
  }

  /**
   * The start of one command.
   *
   * @param verb the command name, upper case when it is printable ASCII, escaped otherwise; safe
   *     to log and to quote in a reply
   * @param argument the second element upper-cased, for {@code CLIENT} and {@code HELLO} only
   * @param head the bytes read so far, to forward as they are
   * @param remaining how many elements are still to be read
   */
  record Command(String verb, @Nullable String argument, byte[] head, int remaining) {}

  /**
   * Reads the start of the next command, skipping what Redis ignores (empty inline lines, empty
   * arrays).
   *
   * @return the command, or null when the client has closed between commands
   * @throws RespProtocolException for broken framing or a limit exceeded
   * @throws EOFException when the client closes inside a command
   */
  @Nullable Command next() throws IOException {
    while (true) {
      if (in.atEnd()) {
        return null;
      }
      Command command = in.peek() == '*' ? array() : inline();
      if (command != null) {
        return command;
      }
    }
  }

  /**
   * Reads the elements of a command after its head, copying them to {@code out} (or dropping them
   * when it is null).
   *
   * @param command the command whose head {@link #next()} returned
   * @param out where to copy, or null
   */
  void transferRest(Command command, @Nullable OutputStream out) throws IOException {
    for (int i = 0; i < command.remaining(); i++) {
      long length = bulkHeader();
      if (out != null) {
        out.write('$');
        out.write(Long.toString(length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
      }
      in.transfer(length, out);
      in.expectCrlf();
      if (out != null) {
        out.write(CRLF);
      }
    }
  }

  private @Nullable Command array() throws IOException {
    in.read();
    long count = RespInput.parseLength(in.readLine(20, false), "array length");
    if (count <= 0) {
      return null;
    }
    if (count > MAX_ARGS) {
      throw new RespProtocolException(
          "too many arguments: " + count + " (expected: at most " + MAX_ARGS + ")");
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write('*');
    head.writeBytes(Long.toString(count).getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(CRLF);
    byte[] name = bulk(head);
    String verb = verbText(name);
    String argument = null;
    int read = 1;
    if (count > 1 && WITH_ARGUMENT.contains(verb)) {
      argument = RespInput.latin1(bulk(head)).toUpperCase(Locale.ROOT);
      read = 2;
    }
    return new Command(verb, argument, head.toByteArray(), (int) count - read);
  }

  private @Nullable Command inline() throws IOException {
    String line = in.readLine(MAX_INLINE, true);
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    int space = 0;
    while (space < trimmed.length() && trimmed.charAt(space) > ' ') {
      space++;
    }
    byte[] name = trimmed.substring(0, space).getBytes(StandardCharsets.ISO_8859_1);
    byte[] head = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    return new Command(verbText(name), null, head, 0);
  }

  /** Reads one bulk string into memory, appending its raw bytes to {@code head}. */
  private byte[] bulk(ByteArrayOutputStream head) throws IOException {
    long length = bulkHeader();
    byte[] value = in.readExactly((int) length);
    in.expectCrlf();
    head.write('$');
    head.writeBytes(Long.toString(length).getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(CRLF);
    head.writeBytes(value);
    head.writeBytes(CRLF);
    return value;
  }

  private long bulkHeader() throws IOException {
    int marker = in.read();
    if (marker != '$') {
      throw new RespProtocolException("expected '$', got " + describe(marker));
    }
    long length = RespInput.parseLength(in.readLine(20, false), "bulk length");
    if (length < 0 || length > MAX_BULK) {
      throw new RespProtocolException(
          "bulk length " + length + " (expected: 0-" + MAX_BULK + ")");
    }
    return length;
  }

  /**
   * Returns a command name as text safe for logs and replies: upper case when it is 1 to 64
   * printable ASCII characters, otherwise its first 64 bytes with the others as {@code \xNN}.
   */
  static String verbText(byte[] name) {
    boolean plain = name.length > 0 && name.length <= 64;
    for (int i = 0; plain && i < name.length; i++) {
      plain = name[i] > 0x20 && name[i] < 0x7f && name[i] != '\\' && name[i] != '\'';
    }
    if (plain) {
      return RespInput.latin1(name).toUpperCase(Locale.ROOT);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < name.length && i < 64; i++) {
      int b = name[i] & 0xff;
      if (b > 0x20 && b < 0x7f && b != '\\' && b != '\'') {
        text.append((char) b);
      } else {
        text.append(String.format(Locale.ROOT, "\\x%02x", b));
      }
    }
    return name.length > 64 ? text + "..." : text.toString();
  }

  private static String describe(int b) {
    return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format(Locale.ROOT, "0x%02x", b);
  }
}
