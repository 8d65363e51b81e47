package org.sockstap.core.testing.jmh;

import java.io.OutputStream;
import java.util.Objects;

/**
 * Output that copies what it is given into a fixed buffer, overwriting it round and round, and
 * counts the bytes: about what handing bytes to a socket costs the caller, and enough that the
 * JIT cannot drop the writes as unused, as it could with {@link OutputStream#nullOutputStream()}.
 * Takes no lock.
 */
public final class SinkOutput extends OutputStream {
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private long count;

  @Override
  public void write(int b) {
    if (position == buffer.length) {
      position = 0;
    }
    buffer[position++] = (byte) b;
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    count += len;
    while (len > 0) {
      if (position == buffer.length) {
        position = 0;
      }
      int n = Math.min(len, buffer.length - position);
      System.arraycopy(b, off, buffer, position, n);
      position += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Returns how many bytes were written.
   *
   * @return the count since creation
   */
  public long count() {
    return count;
  }
}
