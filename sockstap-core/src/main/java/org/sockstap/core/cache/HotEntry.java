package org.sockstap.core.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.Objects;
import org.sockstap.api.CacheEntry;

/**
 * A {@link DiskCache} entry served from the copy in memory its index keeps of a small file:
 * no file is opened, and the body was checked against its checksum when the copy was made.
 */
final class HotEntry implements CacheEntry {
  private final IndexEntry.HotCopy copy;

  HotEntry(IndexEntry.HotCopy copy) {
    this.copy = copy;
  }

  @Override
  public byte[] metadata() {
    return copy.head().metadata().clone();
  }

  @Override
  public long bodyLength() {
    return copy.head().bodyLength();
  }

  @Override
  public Instant stored() {
    return Instant.ofEpochMilli(copy.head().storedMillis());
  }

  @Override
  public InputStream body() {
    return new ByteArrayInputStream(
        copy.file(), (int) copy.head().bodyOffset(), (int) copy.head().bodyLength());
  }

  /** {@inheritDoc} <p>Writes straight from the copy in memory. */
  @Override
  public long transferBody(long position, long count, WritableByteChannel target)
      throws IOException {
    Objects.checkFromIndexSize(position, count, bodyLength());
    Objects.requireNonNull(target, "target");
    if (target instanceof SelectableChannel selectable && !selectable.isBlocking()) {
      throw new IllegalBlockingModeException();
    }
    // read-only: the copy is shared by every reader of the entry
    ByteBuffer slice = ByteBuffer.wrap(
        copy.file(), (int) (copy.head().bodyOffset() + position), (int) count).asReadOnlyBuffer();
    while (slice.hasRemaining()) {
      target.write(slice);
    }
    return count;
  }

  @Override
  public void close() {}
}
