package org.sockstap.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.CacheEntry;

/** An open {@link DiskCache} entry: holds its file open, so it outlives replacement. */
final class DiskCacheEntry implements CacheEntry {

  private final DiskCache cache;
  private final FileChannel channel;
  private final String hash;
  private final @Nullable Object fileKey;
  private final EntryHead head;
  private volatile boolean closed;

  DiskCacheEntry(
      DiskCache cache, FileChannel channel, String hash, @Nullable Object fileKey, EntryHead head) {
    this.cache = cache;
    this.channel = channel;
    this.hash = hash;
    this.fileKey = fileKey;
    this.head = head;
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

  @Override
  public void close() {
    closed = true;
    DiskCache.closeQuietly(channel);
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
        throw damage("body checksum mismatch");
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
        cache.drop(hash, fileKey, "body ended early");
        throw damage("body ended early");
      }
      crc.update(b, off, n);
      position += n;
      if (position == head.bodyLength() && (int) crc.getValue() != head.bodyCrc()) {
        damaged = true;
        cache.drop(hash, fileKey, "body checksum mismatch");
        throw damage("body checksum mismatch");
      }
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, head.bodyLength() - position);
    }

    private IOException damage(String reason) {
      return new IOException("cache entry " + hash + " damaged: " + reason);
    }
  }
}
