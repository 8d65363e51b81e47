package org.sockstap.core.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Cache;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.CacheWriter;

/**
 * A {@link Cache} in memory, for embedding and tests: the same contract as {@link DiskCache},
 * with each entry held as byte arrays. An entry counts as its key's UTF-16 length plus its
 * metadata and body; the total stays within the size bound by evicting the least recently
 * opened or written entries. A writer buffers its body in memory until it commits; a body that
 * grows beyond the bound is discarded at once and its commit throws. Nothing is ever damaged,
 * so nothing is ever dropped for that. Thread-safe.
 */
public final class MemoryCache implements Cache {

  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private long used;

  private record Stored(byte[] metadata, byte[] body, Instant stored, long size) {}

  /**
   * Creates an empty memory cache.
   *
   * @param maxBytes the size bound in bytes, at least {@link DiskCache#MIN_MAX_BYTES} (1 MiB)
   * @throws IllegalArgumentException when {@code maxBytes} is below 1 MiB
   */
  public MemoryCache(long maxBytes) {
    if (maxBytes < DiskCache.MIN_MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes: " + maxBytes + " (expected: >= " + DiskCache.MIN_MAX_BYTES + ")");
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Returns the bytes the committed entries take now.
   *
   * @return the total size of the entries
   */
  public long size() {
    lock.lock();
    try {
      return used;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public @Nullable CacheEntry open(String key) {
    Objects.requireNonNull(key, "key");
    Stored stored;
    lock.lock();
    try {
      stored = entries.get(key);
    } finally {
      lock.unlock();
    }
    return stored == null ? null : new Entry(stored);
  }

  @Override
  public @Nullable CacheWriter writer(String key, byte[] metadata) {
    Objects.requireNonNull(key, "key");
    byte[] meta = Objects.requireNonNull(metadata, "metadata").clone();
    long headSize = 2L * key.length() + meta.length;
    if (headSize > maxBytes || !busy.add(key)) {
      return null;
    }
    return new Writer(key, meta, maxBytes - headSize);
  }

  @Override
  public boolean updateMetadata(String key, byte[] metadata) {
    Objects.requireNonNull(key, "key");
    byte[] meta = Objects.requireNonNull(metadata, "metadata").clone();
    lock.lock();
    try {
      Stored old = entries.get(key);
      if (old == null) {
        return false;
      }
      put(key, new Stored(meta, old.body(), Instant.now(),
          2L * key.length() + meta.length + old.body().length));
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void remove(String key) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      Stored old = entries.remove(key);
      if (old != null) {
        used -= old.size();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stores an entry and evicts down to the bound; called with the lock held. */
  private void put(String key, Stored stored) {
    Stored old = entries.remove(key);
    if (old != null) {
      used -= old.size();
    }
    entries.put(key, stored);
    used += stored.size();
    Iterator<Map.Entry<String, Stored>> eldest = entries.entrySet().iterator();
    while (used > maxBytes && eldest.hasNext()) {
      used -= eldest.next().getValue().size();
      eldest.remove();
    }
  }

  private static final class Entry implements CacheEntry {
    private final Stored stored;

    Entry(Stored stored) {
      this.stored = stored;
    }

    @Override
    public byte[] metadata() {
      return stored.metadata().clone();
    }

    @Override
    public long bodyLength() {
      return stored.body().length;
    }

    @Override
    public Instant stored() {
      return stored.stored();
    }

    @Override
    public InputStream body() {
      return new ByteArrayInputStream(stored.body());
    }

    /** {@inheritDoc} <p>Writes straight from the stored array. */
    @Override
    public long transferBody(long position, long count, WritableByteChannel target)
        throws IOException {
      Objects.checkFromIndexSize(position, count, stored.body().length);
      Objects.requireNonNull(target, "target");
      if (target instanceof SelectableChannel selectable && !selectable.isBlocking()) {
        throw new IllegalBlockingModeException();
      }
      // read-only: the array is shared by every reader of the entry
      ByteBuffer slice =
          ByteBuffer.wrap(stored.body(), (int) position, (int) count).asReadOnlyBuffer();
      while (slice.hasRemaining()) {
        target.write(slice);
      }
      return count;
    }

    @Override
    public void close() {}
  }

  private final class Writer implements CacheWriter {
    private final String key;
    private final byte[] metadata;
    private final long maxBodyLength;
    private byte[] buffer = new byte[8192];
    private int length;
    private boolean failed;
    private boolean done;

    private final OutputStream body =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (done || failed) {
              return;
            }
            if (length + (long) len > maxBodyLength) {
              failed = true;
              buffer = new byte[0];
              return;
            }
            if (length + len > buffer.length) {
              buffer = Arrays.copyOf(buffer, (int) Math.min(
                  Math.max(length + (long) len, 2L * buffer.length), Integer.MAX_VALUE - 8));
            }
            System.arraycopy(b, off, buffer, length, len);
            length += len;
          }
        };

    Writer(String key, byte[] metadata, long maxBodyLength) {
      this.key = key;
      this.metadata = metadata;
      this.maxBodyLength = Math.min(maxBodyLength, Integer.MAX_VALUE - 8);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never throws: a body too large is discarded, and so is anything written after commit
     * or close.
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
        if (failed) {
          throw new IOException("cache entry not stored: larger than the cache's size bound");
        }
        byte[] bodyBytes = Arrays.copyOf(buffer, length);
        buffer = new byte[0];
        lock.lock();
        try {
          put(key, new Stored(metadata, bodyBytes, Instant.now(),
              2L * key.length() + metadata.length + bodyBytes.length));
        } finally {
          lock.unlock();
        }
      } finally {
        busy.remove(key);
      }
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        buffer = new byte[0];
        busy.remove(key);
      }
    }
  }
}
