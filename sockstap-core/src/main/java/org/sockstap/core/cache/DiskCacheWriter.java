package org.sockstap.core.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.CacheWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one {@link DiskCache} entry to a temporary file; see {@link DiskCache#writer}. */
final class DiskCacheWriter implements CacheWriter {

  private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
  private static final int BUFFER_SIZE = 64 * 1024;

  private final DiskCache cache;
  private final String hash;
  private final byte[] keyBytes;
  private final byte[] metadata;
  private final Path tmp;
  private final FileChannel channel;
  private final WritableByteChannel sink;
  private final long maxBodyLength;
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private final OutputStream body = new Body();
  private long bodyLength;
  private @Nullable IOException failure;
  private boolean done;

  DiskCacheWriter(
      DiskCache cache,
      String hash,
      byte[] keyBytes,
      byte[] metadata,
      Path tmp,
      FileChannel channel,
      WritableByteChannel sink,
      long maxBodyLength) {
    this.cache = cache;
    this.hash = hash;
    this.keyBytes = keyBytes;
    this.metadata = metadata;
    this.tmp = tmp;
    this.channel = channel;
    this.sink = sink;
    this.maxBodyLength = maxBodyLength;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The stream never throws on write: after a failure, or after the writer is committed or
   * closed, it discards what it is given. Closing or flushing it does nothing.
   */
  @Override
  public OutputStream body() {
    return body;
  }

  @Override
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("cache writer already committed or closed");
    }
    done = true;
    try {
      IOException failed = failure;
      if (failed != null) {
        throw new IOException("cache entry " + hash + " not stored: " + failed.getMessage(), failed);
      }
      drain();
      ByteBuffer head =
          EntryFormat.head(
              keyBytes, metadata, bodyLength, System.currentTimeMillis(), (int) crc.getValue());
      long position = 0;
      while (head.hasRemaining()) {
        position += channel.write(head, position);
      }
      channel.force(true);
      channel.close();
      cache.commitFile(hash, tmp, position + bodyLength);
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    } finally {
      cache.release(hash);
    }
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    discard();
    cache.release(hash);
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      sink.write(buffer);
    }
    buffer.clear();
  }

  private void fail(IOException e) {
    failure = e;
    log.warn("Cache entry {} not stored: {}", hash, e.toString());
    discard();
  }

  private void discard() {
    DiskCache.closeQuietly(channel);
    DiskCache.deleteQuietly(tmp);
  }

  /** The body stream: checksums, counts and buffers, and swallows everything after a failure. */
  private final class Body extends OutputStream {

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (done || failure != null || len == 0) {
        return;
      }
      if (bodyLength + len > maxBodyLength) {
        failure = new IOException("entry larger than the cache's size bound");
        log.debug("Cache entry {} not stored: larger than the size bound", hash);
        discard();
        return;
      }
      crc.update(b, off, len);
      bodyLength += len;
      try {
        int offset = off;
        int remaining = len;
        while (remaining > 0) {
          int n = Math.min(remaining, buffer.remaining());
          buffer.put(b, offset, n);
          offset += n;
          remaining -= n;
          if (!buffer.hasRemaining()) {
            drain();
          }
        }
      } catch (IOException e) {
        fail(e);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
