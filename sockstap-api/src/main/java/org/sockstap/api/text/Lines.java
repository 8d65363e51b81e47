package org.sockstap.api.text;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;

/**
 * Bounded scanning of the text lines that open a server-first conversation.
 *
 * <p>Every method looks at a fixed, small number of bytes, however much input there is, so a
 * detector stays cheap when a peer sends a megabyte without a line end. Indexes are absolute
 * positions in a buffer whose first byte is at index 0 (callers pass a {@code slice()}).
 */
public final class Lines {

  /** The input ended before the answer was known. */
  public static final int NEED_MORE = -1;

  /** The input cannot be the start of such a line. */
  public static final int MALFORMED = -2;

  private Lines() {}

  /**
   * Returns what a server-first protocol's detector answers before the server has spoken: not
   * this protocol when the client spoke first or the server closed silently, otherwise wait for
   * the server.
   *
   * @param input the bytes from both sides
   * @return the verdict, or {@code null} once the server has sent something to examine
   */
  public static @Nullable Detection beforeGreeting(DetectionInput input) {
    if (input.server().hasRemaining()) {
      return null;
    }
    return input.client().hasRemaining() || input.serverEnded()
        ? Detection.NOT_RECOGNISED
        : Detection.NEED_SERVER_BYTES;
  }

  /**
   * Finds the end of the line that starts at {@code from}.
   *
   * <p>A line ends with CRLF or a bare LF (real servers send both). A CR anywhere else, or a
   * control character other than TAB, makes the line {@link #MALFORMED}: greetings and commands are
   * text. Bytes 0x80 to 0xFF are allowed, since some servers localise their banners.
   *
   * @param in the bytes, first byte at index 0
   * @param from where the line starts
   * @param limit the index to stop looking at (exclusive), at most {@code in.limit()}
   * @return the index just past the line's LF, {@link #NEED_MORE} when no line end occurs before
   *     {@code limit}, or {@link #MALFORMED}
   */
  public static int end(ByteBuffer in, int from, int limit) {
    for (int i = from; i < limit; i++) {
      int c = in.get(i) & 0xFF;
      if (c == '\n') {
        return i + 1;
      }
      if (c == '\r') {
        if (i + 1 >= limit) {
          return NEED_MORE;
        }
        return in.get(i + 1) == '\n' ? i + 2 : MALFORMED;
      }
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return MALFORMED;
      }
    }
    return NEED_MORE;
  }

  /**
   * Reads the reply code that opens a line: exactly three digits followed by a space or a hyphen.
   *
   * @param in the bytes, first byte at index 0
   * @param from where the line starts
   * @return the code (0 to 999), {@link #NEED_MORE} while the bytes so far could still start one,
   *     or {@link #MALFORMED}
   */
  public static int replyCode(ByteBuffer in, int from) {
    int available = in.limit() - from;
    int code = 0;
    for (int i = 0; i < 3; i++) {
      if (i >= available) {
        return NEED_MORE;
      }
      int c = in.get(from + i);
      if (c < '0' || c > '9') {
        return MALFORMED;
      }
      code = code * 10 + (c - '0');
    }
    if (available < 4) {
      return NEED_MORE;
    }
    int separator = in.get(from + 3);
    return separator == ' ' || separator == '-' ? code : MALFORMED;
  }

  /**
   * Returns whether the line at {@code from} continues a multi-line reply, that is whether its
   * code is followed by a hyphen. Only meaningful after {@link #replyCode} returned a code.
   *
   * @param in the bytes, first byte at index 0
   * @param from where the line starts
   * @return true for {@code ddd-}
   */
  public static boolean continues(ByteBuffer in, int from) {
    return in.get(from + 3) == '-';
  }

  /**
   * Compares the bytes at {@code from} with an ASCII word, ignoring case.
   *
   * @param in the bytes, first byte at index 0
   * @param from the first byte to compare
   * @param to the index after the last byte to compare
   * @param lowerWord the word in lower case
   * @return true when the range holds exactly the word
   */
  public static boolean equalsIgnoreCase(ByteBuffer in, int from, int to, String lowerWord) {
    int length = lowerWord.length();
    if (to - from != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (toLower(in.get(from + i)) != lowerWord.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether the bytes before {@code to} end with an ASCII word, ignoring case.
   *
   * @param in the bytes, first byte at index 0
   * @param from the first byte of the range
   * @param to the index after the last byte of the range
   * @param lowerWord the word in lower case
   * @return true when the range ends with the word
   */
  public static boolean endsWithIgnoreCase(ByteBuffer in, int from, int to, String lowerWord) {
    return to - from >= lowerWord.length()
        && equalsIgnoreCase(in, to - lowerWord.length(), to, lowerWord);
  }

  /**
   * Returns whether the bytes at {@code from} start with an ASCII word, ignoring case.
   *
   * @param in the bytes, first byte at index 0
   * @param from the first byte of the range
   * @param to the index after the last byte of the range
   * @param lowerWord the word in lower case
   * @return true when the range starts with the word
   */
  public static boolean startsWithIgnoreCase(ByteBuffer in, int from, int to, String lowerWord) {
    return to - from >= lowerWord.length()
        && equalsIgnoreCase(in, from, from + lowerWord.length(), lowerWord);
  }

  /**
   * Lower-cases an ASCII letter and leaves every other byte alone (the {@code Locale.ROOT} rule,
   * without making a string).
   *
   * @param b a byte
   * @return the byte as an unsigned value, lower-cased when it is an ASCII capital
   */
  public static int toLower(byte b) {
    int c = b & 0xFF;
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /**
   * Returns whether the byte is an ASCII letter or digit.
   *
   * @param b a byte
   * @return true for {@code [A-Za-z0-9]}
   */
  public static boolean isAlphanumeric(byte b) {
    int c = toLower(b);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
