package org.sockstap.core.internal.detect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/** The bytes one side has sent during detection: grows on demand up to a fixed cap. */
final class Prefix {
  private final int cap;
  private byte[] bytes;
  private int length;
  private boolean ended;

  Prefix(byte[] initial, int cap) {
    this.cap = Math.max(cap, initial.length);
    this.bytes = initial.length == 0 ? new byte[Math.min(2048, this.cap)] : initial.clone();
    this.length = initial.length;
  }

  /**
   * Reads what the non-blocking channel has, up to the cap.
   *
   * @return the number of bytes read, 0 when none were ready, -1 at end of stream
   */
  int readFrom(SocketChannel channel) throws IOException {
    if (length == bytes.length) {
      if (length >= cap) {
        return 0;
      }
      bytes = Arrays.copyOf(bytes, Math.min(cap, bytes.length * 2));
    }
    int n = channel.read(ByteBuffer.wrap(bytes, length, bytes.length - length));
    if (n < 0) {
      ended = true;
    } else {
      length += n;
    }
    return n;
  }

  ByteBuffer view() {
    return ByteBuffer.wrap(bytes, 0, length).slice();
  }

  byte[] copy() {
    return Arrays.copyOf(bytes, length);
  }

  int length() {
    return length;
  }

  boolean isFull() {
    return length >= cap;
  }

  boolean ended() {
    return ended;
  }

  byte[] array() {
    return bytes;
  }
}
