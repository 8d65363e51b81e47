package org.sockstap.protocols.http.wire;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Returns its bytes in fixed slices, one slice (or less) per read and never across a slice
 * boundary, the way a socket returns what arrived in separate segments.
 */
final class SlicedInputStream extends InputStream {

  private final byte[] data;
  private final int[] ends;
  private int slice;
  private int position;
  private int reads;

  /**
   * @param data the bytes
   * @param cuts increasing positions at which a read must stop
   */
  SlicedInputStream(byte[] data, int... cuts) {
    this.data = data.clone();
    int[] all = Arrays.copyOf(cuts, cuts.length + 1);
    all[cuts.length] = data.length;
    this.ends = all;
  }

  /** One byte per read. */
  static SlicedInputStream oneByteAtATime(byte[] data) {
    int[] cuts = new int[Math.max(0, data.length - 1)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    return new SlicedInputStream(data, cuts);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (slice < ends.length && position >= ends[slice]) {
      slice++;
    }
    if (slice == ends.length) {
      return -1;
    }
    int n = Math.min(len, ends[slice] - position);
    System.arraycopy(data, position, b, off, n);
    position += n;
    reads++;
    return n;
  }

  @Override
  public int available() {
    return slice < ends.length ? Math.max(0, ends[slice] - position) : 0;
  }

  /** How many bytes have been handed out. */
  int position() {
    return position;
  }

  /** How many reads returned data. */
  int reads() {
    return reads;
  }
}
