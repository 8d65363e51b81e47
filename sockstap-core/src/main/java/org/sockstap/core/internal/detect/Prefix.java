package org.sockstap.core.internal.detect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/** The bytes one side has sent during detection: grows on demand up to a fixed cap. */
final class Prefix {
  private static final byte[] EMPTY = new byte[0];

  private final int cap;
  private byte[] bytes;
  private int length;
  private boolean ended;

  Prefix(byte[] initial, int cap) {
    this.cap = Math.max(cap, initial.length);
    this.bytes = initial.length == 0 ? EMPTY : initial.clone();
    this.length = initial.length;
  }

  /**
   * Reads what the non-blocking channel has, up to the cap, through a scratch buffer: the prefix
   * itself grows only by what arrived, so a connection decided after a few bytes holds a few
   * bytes, not a preallocated array.
   *
   * @param scratch where to read first; any capacity
   * @return the number of bytes read, 0 when none were ready, -1 at end of stream
   */
  int readFrom(SocketChannel channel, ByteBuffer scratch) throws IOException {
    if (length >= cap) {
      return 0;
    }
    scratch.clear();
    scratch.limit(Math.min(scratch.capacity(), cap - length));
    int n = channel.read(scratch);
    if (n < 0) {
      ended = true;
      return n;
    }
    if (n > 0) {
      if (length + n > bytes.length) {
        int grown = bytes.length == 0 ? n : Math.max(length + n, bytes.length * 2);
        bytes = Arrays.copyOf(bytes, Math.min(cap, grown));
      }
      scratch.flip();
      scratch.get(bytes, length, n);
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
