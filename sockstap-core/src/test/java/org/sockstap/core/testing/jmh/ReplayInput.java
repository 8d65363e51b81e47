package org.sockstap.core.testing.jmh;

import java.io.InputStream;
import java.util.Objects;

/**
 * Input that replays fixed segments, each {@code read} returning at most the rest of the current
 * segment, as a socket returns one segment the peer wrote. Unlike {@link
 * java.io.ByteArrayInputStream} it takes no lock, so a benchmark measures the parser and not the
 * stream; {@link #rewind()} starts over without allocating. A cyclic input starts over by
 * itself, like a keep-alive connection that never ends.
 */
public final class ReplayInput extends InputStream {
  private final byte[][] segments;
  private final boolean cyclic;
  private int segment;
  private int offset;

  private ReplayInput(boolean cyclic, byte[][] segments) {
    if (segments.length == 0) {
      throw new IllegalArgumentException("segments: none (expected: at least one)");
    }
    for (byte[] s : segments) {
      if (Objects.requireNonNull(s, "segment").length == 0) {
        throw new IllegalArgumentException("segment: empty (expected: at least one byte)");
      }
    }
    this.segments = segments.clone();
    this.cyclic = cyclic;
  }

  /**
   * Returns input that ends after the last segment.
   *
   * @param segments what each read returns at most, in order
   * @return the input
   */
  public static ReplayInput of(byte[]... segments) {
    return new ReplayInput(false, segments);
  }

  /**
   * Returns input that starts over after the last segment, and never ends.
   *
   * @param segments what each read returns at most, in order
   * @return the input
   */
  public static ReplayInput cyclic(byte[]... segments) {
    return new ReplayInput(true, segments);
  }

  /** Starts over at the first byte of the first segment. */
  public void rewind() {
    segment = 0;
    offset = 0;
  }

  @Override
  public int read() {
    if (!next()) {
      return -1;
    }
    return segments[segment][offset++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!next()) {
      return -1;
    }
    byte[] current = segments[segment];
    int n = Math.min(len, current.length - offset);
    System.arraycopy(current, offset, b, off, n);
    offset += n;
    return n;
  }

  @Override
  public int available() {
    return segment < segments.length ? segments[segment].length - offset : 0;
  }

  /** Moves past a finished segment; false at the end of a non-cyclic input. */
  private boolean next() {
    if (segment < segments.length && offset == segments[segment].length) {
      segment++;
      offset = 0;
      if (segment == segments.length && cyclic) {
        segment = 0;
      }
    }
    return segment < segments.length;
  }
}
