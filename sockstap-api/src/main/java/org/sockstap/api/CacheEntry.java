package org.sockstap.api;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;

/**
 * A committed cache entry being read. Its body stays readable until it is closed, even if the
 * entry is replaced or evicted meanwhile. Not thread-safe: one reader per instance.
 */
public interface CacheEntry extends Closeable {

  /**
   * Returns the metadata written with the entry (or by the last metadata update).
   *
   * @return a copy of the metadata
   */
  byte[] metadata();

  /**
   * Returns the body's length in bytes.
   *
   * @return the length
   */
  long bodyLength();

  /**
   * Returns when the entry was committed or its metadata last updated.
   *
   * @return the time
   */
  Instant stored();

  /**
   * Returns the body, from its first byte. A body that turns out damaged while it is read (a
   * checksum mismatch) throws an {@link IOException} at its end instead of ending normally, and
   * the entry is dropped.
   *
   * @return the body stream; closing the entry closes it
   * @throws IOException when the body cannot be opened
   */
  InputStream body() throws IOException;

  /**
   * Writes {@code count} bytes of the body, from byte {@code position} on, to a channel: the
   * whole body, or the slice a range request asks for. Called by a handler on its connection's
   * thread; blocks until every byte is written, or throws.
   *
   * <p>A store may send the bytes without copying them through the Java heap (a disk store with
   * {@link java.nio.channels.FileChannel#transferTo}, which the kernel turns into {@code
   * sendfile} when the target is a socket). The default copies from {@link #body()}: it skips
   * to {@code position} and writes through a buffer, and when the slice reaches the body's end
   * it reads to the end, so a body found damaged there throws, as {@link #body()} does. A store
   * that checks its bodies says in its own documentation what it checks when it does not copy.
   *
   * <p>The channel must be in blocking mode; it is neither flushed nor closed. Anything the
   * caller buffered for the same destination must be written out first: the bytes go straight
   * to the channel.
   *
   * <pre>{@code
   * clientOut.flush(); // the head, buffered
   * entry.transferBody(0, entry.bodyLength(), clientChannel);
   * }</pre>
   *
   * @param position the first byte, 0 to {@link #bodyLength()}
   * @param count how many bytes, 0 to {@code bodyLength() - position}
   * @param target where the bytes go, in blocking mode
   * @return {@code count}
   * @throws IOException when the channel fails, or the body is damaged (then, as with {@link
   *     #body()}, the entry is dropped and the caller must not present what was written as
   *     complete)
   * @throws IndexOutOfBoundsException when the slice is not within the body
   * @throws IllegalBlockingModeException when the target is a non-blocking selectable channel
   */
  default long transferBody(long position, long count, WritableByteChannel target)
      throws IOException {
    long length = bodyLength();
    if (position < 0 || count < 0 || position > length - count) {
      throw new IndexOutOfBoundsException("slice " + position + "+" + count
          + " (expected: within the body's " + length + " bytes)");
    }
    if (target instanceof SelectableChannel selectable && !selectable.isBlocking()) {
      throw new IllegalBlockingModeException();
    }
    InputStream in = body();
    in.skipNBytes(position);
    byte[] buffer = new byte[(int) Math.max(1, Math.min(count, 16 * 1024))];
    ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    for (long left = count; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("body ended " + left + " bytes early");
      }
      wrapped.clear().limit(n);
      while (wrapped.hasRemaining()) {
        target.write(wrapped);
      }
      left -= n;
    }
    if (position + count == length && in.read() >= 0) {
      throw new IOException("body longer than its length " + length);
    }
    return count;
  }

  /** Releases the entry; never throws. */
  @Override
  void close();
}
