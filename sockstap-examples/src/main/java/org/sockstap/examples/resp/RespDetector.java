package org.sockstap.examples.resp;

import java.nio.ByteBuffer;
import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;

/**
 * Recognises a Redis client (RESP) from its first command: an array of bulk strings whose first
 * element is a command name, {@code *<n>\r\n$<len>\r\n<NAME>\r\n}, or the inline {@code PING}
 * that {@code redis-cli} and health checks send.
 *
 * <p>Redis clients speak first, so a server that speaks first is not Redis. Examines at most the
 * first {@value #MAX_EXAMINED} bytes; stateless.
 */
public final class RespDetector implements ProtocolDetector {
  /** The protocol name, as tap rules write it. */
  public static final String PROTOCOL = "resp";

  /** Most elements in a command array this detector accepts; the handler's limit. */
  static final int MAX_ARGS = 1024;

  /** Longest command name accepted; Redis's longest are about 20 characters. */
  static final int MAX_VERB = 32;

  private static final int MAX_EXAMINED = 1 + 4 + 2 + 1 + 2 + 2 + MAX_VERB + 2;
  private static final byte[] INLINE_PING = {'P', 'I', 'N', 'G'};

  /** Creates the detector; ServiceLoader calls this. */
  public RespDetector() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public Set<Integer> wellKnownPorts() {
    return Set.of(6379);
  }

  @Override
  public Detection detect(DetectionInput input) {
    ByteBuffer client = input.client();
    if (!client.hasRemaining()) {
      return input.server().hasRemaining() || input.clientEnded()
          ? Detection.NOT_RECOGNISED : Detection.NEED_CLIENT_BYTES;
    }
    Detection verdict = client.get(client.position()) == '*' ? array(client) : inlinePing(client);
    if (verdict == Detection.NEED_CLIENT_BYTES && input.clientEnded()) {
      return Detection.NOT_RECOGNISED;
    }
    return verdict;
  }

  /** {@code *<1-1024>\r\n$<1-32>\r\n<name>\r\n}; a name is a letter, then letters, digits, - _ | */
  private static Detection array(ByteBuffer in) {
    Cursor c = new Cursor(in);
    c.next(); // '*'
    int count = c.number(4);
    if (count < 0) {
      return c.verdict(count);
    }
    if (count < 1 || count > MAX_ARGS) {
      return Detection.NOT_RECOGNISED;
    }
    int crlf = c.crlf();
    if (crlf < 0) {
      return c.verdict(crlf);
    }
    int dollar = c.next();
    if (dollar != '$') {
      return c.verdict(dollar == Cursor.MORE ? Cursor.MORE : Cursor.BAD);
    }
    int length = c.number(2);
    if (length < 0) {
      return c.verdict(length);
    }
    if (length < 1 || length > MAX_VERB) {
      return Detection.NOT_RECOGNISED;
    }
    crlf = c.crlf();
    if (crlf < 0) {
      return c.verdict(crlf);
    }
    for (int i = 0; i < length; i++) {
      int b = c.next();
      if (b == Cursor.MORE) {
        return Detection.NEED_CLIENT_BYTES;
      }
      boolean letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
      boolean other = (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '|';
      if (!(letter || (i > 0 && other))) {
        return Detection.NOT_RECOGNISED;
      }
    }
    crlf = c.crlf();
    return crlf < 0 ? c.verdict(crlf) : Detection.RECOGNISED;
  }

  /** {@code PING\r\n} or {@code PING\n}, in any case. */
  private static Detection inlinePing(ByteBuffer in) {
    Cursor c = new Cursor(in);
    for (byte expected : INLINE_PING) {
      int b = c.next();
      if (b == Cursor.MORE) {
        return Detection.NEED_CLIENT_BYTES;
      }
      if ((b & ~0x20) != expected) {
        return Detection.NOT_RECOGNISED;
      }
    }
    int b = c.next();
    if (b == '\n') {
      return Detection.RECOGNISED;
    }
    if (b != '\r') {
      return b == Cursor.MORE ? Detection.NEED_CLIENT_BYTES : Detection.NOT_RECOGNISED;
    }
    b = c.next();
    return b == '\n' ? Detection.RECOGNISED
        : b == Cursor.MORE ? Detection.NEED_CLIENT_BYTES : Detection.NOT_RECOGNISED;
  }

  /** Reads a buffer with absolute gets, never past {@link #MAX_EXAMINED} bytes. */
  private static final class Cursor {
    static final int MORE = -1;
    static final int BAD = -2;

    private final ByteBuffer in;
    private final int end;
    private int at;

    Cursor(ByteBuffer in) {
      this.in = in;
      this.at = in.position();
      this.end = Math.min(in.limit(), in.position() + MAX_EXAMINED);
    }

    /** The next byte, or {@link #MORE} when the client has not sent it yet. */
    int next() {
      if (at >= end) {
        // past the examined window the command cannot be one this detector accepts
        return at >= in.limit() ? MORE : BAD;
      }
      return in.get(at++) & 0xff;
    }

    /**
     * A decimal number of 1 to {@code maxDigits} digits without a leading zero, ended by the
     * {@code \r} it leaves unread; {@link #MORE} or {@link #BAD} otherwise.
     */
    int number(int maxDigits) {
      int value = 0;
      for (int digits = 0; ; digits++) {
        int b = next();
        if (b == MORE || b == BAD) {
          return b;
        }
        if (b == '\r' && digits > 0) {
          at--;
          return value;
        }
        if (b < '0' || b > '9' || digits == maxDigits || (digits == 1 && value == 0)) {
          return BAD;
        }
        value = value * 10 + (b - '0');
      }
    }

    /** 0 after {@code \r\n}, or {@link #MORE} or {@link #BAD}. */
    int crlf() {
      int b = next();
      if (b != '\r') {
        return b == MORE ? MORE : BAD;
      }
      b = next();
      return b == '\n' ? 0 : b == MORE ? MORE : BAD;
    }

    Detection verdict(int code) {
      return code == MORE ? Detection.NEED_CLIENT_BYTES : Detection.NOT_RECOGNISED;
    }
  }
}
