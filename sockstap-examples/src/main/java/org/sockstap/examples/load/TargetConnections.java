package org.sockstap.examples.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The raw targets, one blocking connection each, with the C tool's behaviour: echo, echo-line,
 * sink and source. Each method returns when the client has gone (or, echo-line, after echoing a
 * newline); the caller closes the socket.
 */
final class TargetConnections {
  private static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);
  /** The longest {@code N\n} line read before giving up on a connection. */
  private static final int MAX_HEADER = 4096;

  private TargetConnections() {}

  /**
   * Echoes everything; with {@code closeAfterLine}, returns after echoing a chunk that holds a
   * newline, so the server closes first.
   */
  static void echo(Socket socket, byte[] buffer, boolean closeAfterLine) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      if (closeAfterLine && contains(buffer, n, (byte) '\n')) {
        return;
      }
    }
  }

  /**
   * Discards; a stream starting with {@code N\n} is answered {@code OK\n} once N more bytes have
   * come, then discarded to the end.
   */
  static void sink(Socket socket, byte[] buffer) throws IOException {
    InputStream in = socket.getInputStream();
    Header header = header(in, buffer);
    if (header == null) {
      return;
    }
    if (header.length() >= 0) {
      long left = header.length() - Math.min(header.extra(), header.length());
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(left, buffer.length));
        if (n < 0) {
          return;
        }
        left -= n;
      }
      socket.getOutputStream().write(OK);
    }
    drain(in, buffer);
  }

  /**
   * Sends N bytes after a request line {@code N\n}; with {@code 0\n} or no request line, sends
   * until the client goes. Then discards what comes, to the end.
   */
  static void source(Socket socket, byte[] buffer) throws IOException {
    InputStream in = socket.getInputStream();
    Header header = header(in, buffer);
    if (header == null) {
      return;
    }
    // "forever" ends when the client leaves and the write fails
    long left = header.length() > 0 ? header.length() : Long.MAX_VALUE;
    OutputStream out = socket.getOutputStream();
    byte[] digits = Payload.digits();
    while (left > 0) {
      int n = (int) Math.min(left, digits.length);
      out.write(digits, 0, n);
      left -= n;
    }
    drain(in, buffer);
  }

  /**
   * A stream's start.
   *
   * @param length N of a {@code N\n} line, or -1 when the stream does not start with a digit
   * @param extra how many bytes after the line were read with it
   */
  record Header(long length, int extra) {}

  /** Reads the {@code N\n} line; null if the client left or sent an endless line first. */
  static @Nullable Header header(InputStream in, byte[] buffer) throws IOException {
    int have = 0;
    while (true) {
      if (have > 0 && (buffer[0] < '0' || buffer[0] > '9')) {
        return new Header(-1, have);
      }
      for (int i = 0; i < have; i++) {
        if (buffer[i] == '\n') {
          long length = 0;
          for (int d = 0; d < i && buffer[d] >= '0' && buffer[d] <= '9'; d++) {
            length = Math.min(length * 10 + (buffer[d] - '0'), 1L << 62);
          }
          return new Header(length, have - i - 1);
        }
      }
      if (have >= MAX_HEADER) {
        return null;
      }
      int n = in.read(buffer, have, MAX_HEADER - have);
      if (n < 0) {
        return null;
      }
      have += n;
    }
  }

  private static void drain(InputStream in, byte[] buffer) throws IOException {
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  private static boolean contains(byte[] buffer, int length, byte value) {
    for (int i = 0; i < length; i++) {
      if (buffer[i] == value) {
        return true;
      }
    }
    return false;
  }
}
