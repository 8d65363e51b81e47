package org.sockstap.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.CacheEntry;

/** An open {@link DiskCache} entry: holds its file open, so it outlives replacement. */
final class DiskCacheEntry implements CacheEntry {

  /** What is read at a time when the body passes through the heap. */
  private static final int CHUNK = 64 * 1024;
  /** What is copied at a time when a socket cannot take bytes now (see {@link #send}). */
  private static final int WAIT_CHUNK = 16 * 1024;

  private final DiskCache cache;
  private final FileChannel channel;
  private final String hash;
  private final IndexEntry.@Nullable FileStamp stamp;
  private final @Nullable IndexEntry indexed;
  private final EntryHead head;
  /** Whether the body matched its checksum: before this entry was opened, or since. */
  private boolean verified;
  private volatile boolean closed;

  /**
   * Creates the entry.
   *
   * @param stamp the file's stamp when it was opened, or null when unknown
   * @param indexed the index entry of that file, where a verification is remembered, or null
   */
  DiskCacheEntry(DiskCache cache, FileChannel channel, String hash,
      IndexEntry.@Nullable FileStamp stamp, @Nullable IndexEntry indexed, EntryHead head) {
    this.cache = cache;
    this.channel = channel;
    this.hash = hash;
    this.stamp = stamp;
    this.indexed = indexed;
    this.head = head;
    this.verified = indexed != null && stamp != null && stamp.equals(indexed.verified);
  }

  @Override
  public byte[] metadata() {
    return head.metadata().clone();
  }

  @Override
  public long bodyLength() {
    return head.bodyLength();
  }

  @Override
  public Instant stored() {
    return Instant.ofEpochMilli(head.storedMillis());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each call returns a new stream from the first byte. The checksum is checked when the
   * last byte is read; on a mismatch that read throws instead of returning the last bytes.
   */
  @Override
  public InputStream body() throws IOException {
    if (closed) {
      throw new IOException("cache entry closed");
    }
    return new Body();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A body verified since the cache opened (see {@link DiskCache}) goes with {@link
   * FileChannel#transferTo}, which the kernel sends with {@code sendfile} when the target is a
   * socket channel, without reading it into the heap and so without checking its checksum. A
   * body not verified yet is checked first: the whole body streams through {@link #body()}
   * (the checksum is checked as it goes, and the last bytes are held back on a mismatch), and
   * a part is only sent after the whole body was read and found intact. Either way a body
   * that matches is remembered as verified.
   */
  @Override
  public long transferBody(long position, long count, WritableByteChannel target)
      throws IOException {
    Objects.checkFromIndexSize(position, count, head.bodyLength());
    Objects.requireNonNull(target, "target");
    if (target instanceof SelectableChannel selectable && !selectable.isBlocking()) {
      throw new IllegalBlockingModeException();
    }
    if (closed) {
      throw new IOException("cache entry closed");
    }
    if (!verified) {
      if (position == 0 && count == head.bodyLength()) {
        return CacheEntry.super.transferBody(position, count, target);
      }
      verify();
    }
    send(head.bodyOffset() + position, count, target);
    return count;
  }

  @Override
  public void close() {
    closed = true;
    DiskCache.closeQuietly(channel);
  }

  /** Whether the body is known to match its checksum; for tests. */
  boolean verified() {
    return verified;
  }

  /** Reads the whole body and checks its checksum, without sending anything. */
  private void verify() throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, head.bodyLength())));
    long position = head.bodyOffset();
    long end = position + head.bodyLength();
    while (position < end) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw damaged("body ended early");
      }
      buffer.flip();
      crc.update(buffer);
      position += n;
    }
    if ((int) crc.getValue() != head.bodyCrc()) {
      throw damaged("body checksum mismatch");
    }
    markVerified();
  }

  /**
   * Sends file bytes with {@link FileChannel#transferTo} until all are written. A transfer may
   * be short, and it may be nothing at all: a socket whose descriptor is non-blocking under the
   * hood (a virtual thread's, JDK 21+) makes {@code sendfile} report "would block" as zero
   * bytes. Then one chunk is written the ordinary way, which waits (parks) until the socket
   * takes bytes, and the zero-copy transfer goes on.
   */
  private void send(long from, long count, WritableByteChannel target) throws IOException {
    long position = from;
    long left = count;
    ByteBuffer waitChunk = null;
    while (left > 0) {
      long n = channel.transferTo(position, left, target);
      if (n > 0) {
        position += n;
        left -= n;
        continue;
      }
      if (position >= channel.size()) {
        throw damaged("body ended early");
      }
      if (waitChunk == null) {
        waitChunk = ByteBuffer.allocate((int) Math.min(WAIT_CHUNK, left));
      }
      waitChunk.clear().limit((int) Math.min(waitChunk.capacity(), left));
      int read = channel.read(waitChunk, position);
      if (read < 0) {
        throw damaged("body ended early");
      }
      waitChunk.flip();
      while (waitChunk.hasRemaining()) {
        target.write(waitChunk);
      }
      position += read;
      left -= read;
    }
  }

  private void markVerified() {
    verified = true;
    IndexEntry entry = indexed;
    if (entry != null && stamp != null) {
      entry.verified = stamp;
    }
  }

  private IOException damaged(String reason) {
    cache.drop(hash, stamp == null ? null : stamp.fileKey(), reason);
    return new IOException("cache entry " + hash + " damaged: " + reason);
  }

  private final class Body extends InputStream {
    private final CRC32C crc = new CRC32C();
    private long position;
    private boolean damaged;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (damaged) {
        throw new IOException("cache entry " + hash + " damaged: body checksum mismatch");
      }
      long remaining = head.bodyLength() - position;
      if (remaining == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = channel.read(
          ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), head.bodyOffset() + position);
      if (n < 0) {
        damaged = true;
        throw damaged("body ended early");
      }
      crc.update(b, off, n);
      position += n;
      if (position == head.bodyLength()) {
        if ((int) crc.getValue() != head.bodyCrc()) {
          damaged = true;
          throw damaged("body checksum mismatch");
        }
        markVerified();
      }
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, head.bodyLength() - position);
    }
  }
}
