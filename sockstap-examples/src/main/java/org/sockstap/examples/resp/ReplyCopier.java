package org.sockstap.examples.resp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Copies exactly one RESP2 reply from the server to the client, so the handler knows where each
 * reply ends: simple strings ({@code +}), errors ({@code -}), integers ({@code :}), bulk strings
 * ({@code $}, {@code $-1} for nil) and arrays ({@code *}, {@code *-1} for nil), nested to any
 * depth without recursion. Bulk strings stream through; only one line is held at a time.
 */
final class ReplyCopier {
  /** Longest line of a reply (a simple string or error); Redis's own are far shorter. */
  static final int MAX_LINE = 1 << 20;

  private static final byte[] CRLF = {'\r', '\n'};

  private ReplyCopier() {}

  /**
   * What kind of reply was copied.
   *
   * @param type the type byte of the reply ({@code +}, {@code -}, ...)
   * @param errorCode for an error, its first word ({@code ERR}, {@code WRONGTYPE}, ...)
   */
  record Reply(char type, @Nullable String errorCode) {
    /** Returns the outcome to log: the error code, or {@code OK}. */
    String outcome() {
      return errorCode != null ? errorCode : "OK";
    }
  }

  /**
   * Copies one reply.
   *
   * @param in the server's side
   * @param out the client's side; not flushed
   * @return what the reply was
   * @throws UnknownReplyTypeException at a type byte that is not RESP2, left unread; what came
   *     before it (an array header, say) has been copied
   * @throws RespProtocolException for a malformed length or line
   * @throws java.io.EOFException when the server closes inside the reply
   */
  static Reply copy(RespInput in, OutputStream out) throws IOException {
    Reply first = null;
    long pending = 1;
    while (pending > 0) {
      int type = in.peek();
      if (type != '+' && type != '-' && type != ':' && type != '$' && type != '*') {
        throw new UnknownReplyTypeException(type);
      }
      in.read();
      String line = in.readLine(MAX_LINE, false);
      out.write(type);
      out.write(line.getBytes(StandardCharsets.ISO_8859_1));
      out.write(CRLF);
      pending--;
      if (first == null) {
        first = new Reply((char) type, type == '-' ? errorCode(line) : null);
      }
      if (type == '$') {
        long length = length(line, "bulk length");
        if (length >= 0) {
          in.transfer(length, out);
          in.expectCrlf();
          out.write(CRLF);
        }
      } else if (type == '*') {
        long count = length(line, "array length");
        if (count > 0) {
          pending += count;
        }
      }
    }
    return first;
  }

  private static long length(String line, String what) throws RespProtocolException {
    long value = RespInput.parseLength(line, what);
    if (value < -1 || value > Integer.MAX_VALUE) {
      throw new RespProtocolException(what + ": " + value + " (expected: -1 to 2^31-1)");
    }
    return value;
  }

  private static String errorCode(String line) {
    int end = 0;
    while (end < line.length() && end < 32 && line.charAt(end) > ' ' && line.charAt(end) < 0x7f) {
      end++;
    }
    return end == 0 ? "ERR" : line.substring(0, end);
  }
}
