package org.sockstap.examples.load;

import java.nio.ByteBuffer;

/**
 * The bytes the load carries: ASCII digits, as in the C tool, so that interpreting proxies see
 * neither HTTP nor TLS in a raw tunnel and relay it opaquely.
 */
final class Payload {
  /** The largest single read or write of bulk data. */
  static final int CHUNK = 1 << 18;

  private static final byte[] DIGITS = new byte[CHUNK];

  static {
    for (int i = 0; i < DIGITS.length; i++) {
      DIGITS[i] = (byte) ('0' + i % 10);
    }
  }

  private Payload() {}

  /**
   * Returns the shared digits; callers only read them.
   *
   * @return {@link #CHUNK} bytes
   */
  static byte[] digits() {
    return DIGITS;
  }

  /**
   * Returns a direct buffer of {@link #CHUNK} digits for one writer: its own position and limit
   * over fresh memory.
   *
   * @return the buffer, position 0, limit {@link #CHUNK}
   */
  static ByteBuffer directDigits() {
    return ByteBuffer.allocateDirect(CHUNK).put(DIGITS).clear();
  }

  /**
   * Returns the echo payload: digits ending in a newline, which makes an echo-line target close.
   *
   * @param size 1 to 4096
   * @return a new array of that many bytes
   */
  static byte[] line(int size) {
    byte[] line = new byte[size];
    System.arraycopy(DIGITS, 0, line, 0, size - 1);
    line[size - 1] = '\n';
    return line;
  }
}
