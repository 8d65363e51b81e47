package org.sockstap.examples.load;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reuses the targets' 64 KiB connection buffers, so a connection-rate run does not allocate and
 * zero one per connection. Works the same for virtual threads, where a thread-local would not.
 */
final class BufferPool {
  static final int BUFFER_BYTES = 1 << 16;

  private final ArrayBlockingQueue<byte[]> free;

  /**
   * @param keep how many free buffers to keep at most
   */
  BufferPool(int keep) {
    this.free = new ArrayBlockingQueue<>(keep);
  }

  byte[] take() {
    byte[] buffer = free.poll();
    return buffer != null ? buffer : new byte[BUFFER_BYTES];
  }

  void give(byte[] buffer) {
    free.offer(buffer);
  }
}
