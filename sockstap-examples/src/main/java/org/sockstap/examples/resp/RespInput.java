package org.sockstap.examples.resp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A buffered reader of RESP framing over one side of a connection. Unlike a
 * {@link java.io.BufferedInputStream} it can give back what it has buffered but not parsed
 * ({@link #drain()}), so nothing is lost when the handler hands the connection to the opaque
 * relay. Counts the bytes it has consumed. Not thread-safe.
 */
final class RespInput {
  private final InputStream in;
  private final byte[] buffer;
  private int position;
  private int limit;
  private long consumed;

  RespInput(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[bufferSize];
  }

  /**
   * Returns whether the stream has ended before another byte, waiting for one if needed.
   *
   * @return true at end of stream
   * @throws IOException when the read fails
   */
  boolean atEnd() throws IOException {
    return position == limit && !fill();
  }

  /**
   * Returns the next byte without consuming it, waiting for it if needed.
   *
   * @return the byte, 0-255
   * @throws EOFException at end of stream
   */
  int peek() throws IOException {
    if (atEnd()) {
      throw new EOFException("end of stream");
    }
    return buffer[position] & 0xff;
  }

  /**
   * Consumes the next byte.
   *
   * @return the byte, 0-255
   * @throws EOFException at end of stream
   */
  int read() throws IOException {
    int b = peek();
    position++;
    consumed++;
    return b;
  }

  /**
   * Reads a line ended by {@code \r\n} (or, when {@code bareLf} is allowed, by {@code \n}),
   * without its end, as ISO-8859-1 text.
   *
   * @param max the most characters the line may have
   * @param bareLf whether a {@code \n} without {@code \r} ends a line
   * @return the line
   * @throws RespProtocolException when the line is longer than {@code max}, or has a {@code \r}
   *     not followed by {@code \n}, or a bare {@code \n} where it is not allowed
   * @throws EOFException at end of stream before the end of the line
   */
  String readLine(int max, boolean bareLf) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = read();
      if (b == '\r') {
        if (read() != '\n') {
          throw new RespProtocolException("CR without LF in a line");
        }
        return line.toString();
      }
      if (b == '\n') {
        if (!bareLf) {
          throw new RespProtocolException("LF without CR in a line");
        }
        return line.toString();
      }
      if (line.length() == max) {
        throw new RespProtocolException("line longer than " + max + " bytes");
      }
      line.append((char) b);
    }
  }

  /**
   * Reads exactly {@code n} bytes.
   *
   * @param n how many, small enough to hold in memory
   * @return the bytes
   * @throws EOFException when the stream ends first
   */
  byte[] readExactly(int n) throws IOException {
    byte[] bytes = new byte[n];
    int done = 0;
    while (done < n) {
      if (atEnd()) {
        throw new EOFException("end of stream");
      }
      int chunk = Math.min(n - done, limit - position);
      System.arraycopy(buffer, position, bytes, done, chunk);
      position += chunk;
      consumed += chunk;
      done += chunk;
    }
    return bytes;
  }

  /**
   * Copies {@code n} bytes to {@code out}, or skips them when {@code out} is null, holding no more
   * than the buffer in memory.
   *
   * @param n how many bytes
   * @param out where to copy them, or null
   * @throws EOFException when the stream ends first
   */
  void transfer(long n, @Nullable OutputStream out) throws IOException {
    long left = n;
    while (left > 0) {
      if (atEnd()) {
        throw new EOFException("end of stream");
      }
      int chunk = (int) Math.min(left, limit - position);
      if (out != null) {
        out.write(buffer, position, chunk);
      }
      position += chunk;
      consumed += chunk;
      left -= chunk;
    }
  }

  /**
   * Consumes {@code \r\n}.
   *
   * @throws RespProtocolException when the next bytes are something else
   */
  void expectCrlf() throws IOException {
    if (read() != '\r' || read() != '\n') {
      throw new RespProtocolException("expected CRLF after a bulk string");
    }
  }

  /**
   * Consumes and returns every byte already buffered; the underlying stream is left where it is.
   *
   * @return the buffered bytes, possibly none
   */
  byte[] drain() {
    byte[] rest = Arrays.copyOfRange(buffer, position, limit);
    consumed += rest.length;
    position = limit;
    return rest;
  }

  /** Returns how many bytes have been consumed so far. */
  long consumed() {
    return consumed;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  /**
   * Parses a RESP length or count: an optional {@code -}, then decimal digits.
   *
   * @param text the text after the type byte
   * @param what what it counts, for the message
   * @return the value
   * @throws RespProtocolException when it is not a number in range
   */
  static long parseLength(String text, String what) throws RespProtocolException {
    boolean negative = text.startsWith("-");
    String digits = negative ? text.substring(1) : text;
    if (digits.isEmpty() || digits.length() > 18) {
      throw new RespProtocolException(what + ": " + printable(text) + " (expected: a number)");
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new RespProtocolException(what + ": " + printable(text) + " (expected: a number)");
      }
      value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
  }

  /** Text safe to quote in a one-line message: printable ASCII, at most 32 characters. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 32; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > 32 ? out + "..." : out.toString();
  }

  /** Bytes as ISO-8859-1 text. */
  static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
