package org.sockstap.examples.resp;

import java.io.InputStream;
import java.util.Arrays;

/**
 * Serves bytes the way a socket may: the first read returns at most {@code split} bytes, later
 * reads at most {@code chunk} bytes each.
 */
final class ChunkedInputStream extends InputStream {
  private final byte[] bytes;
  private final int split;
  private final int chunk;
  private int position;
  private boolean first = true;

  ChunkedInputStream(byte[] bytes, int split, int chunk) {
    this.bytes = bytes.clone();
    this.split = split;
    this.chunk = chunk;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position == bytes.length) {
      return -1;
    }
    int most = first ? Math.max(split, 1) : chunk;
    first = false;
    int n = Math.min(Math.min(len, most), bytes.length - position);
    System.arraycopy(bytes, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public String toString() {
    return "ChunkedInputStream[split=" + split + ", chunk=" + chunk + ", "
        + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 16))) + "...]";
  }
}
