package org.sockstap.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * The memory copies of small {@link DiskCache} entries, kept on their index entries and
 * counted here against a bound. Thread-safe; no lock is held while anything else happens.
 */
final class HotCopies {
  private final long max;
  private final AtomicLong used = new AtomicLong();
  private final ReentrantLock trimLock = new ReentrantLock();

  /**
   * Creates the count.
   *
   * @param max the bound in bytes; 0 keeps no copies
   */
  HotCopies(long max) {
    this.max = max;
  }

  /**
   * Reads a small entry file whole and checks it: head and body.
   *
   * @param channel the file
   * @param maxSize the largest file read
   * @param hash the file's name
   * @param keyBytes the key looked up
   * @return the copy
   * @throws EntryHead.DamagedException when the file is damaged (or grew past {@code maxSize})
   * @throws IOException when it cannot be read
   */
  static IndexEntry.HotCopy read(FileChannel channel, int maxSize, String hash, byte[] keyBytes)
      throws IOException {
    long size = channel.size();
    if (size > maxSize) {
      throw new EntryHead.DamagedException("file of " + size + " bytes changed size");
    }
    byte[] file = new byte[(int) size];
    ByteBuffer buffer = ByteBuffer.wrap(file);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        throw new EntryHead.DamagedException("entry file ended early");
      }
    }
    EntryHead head = EntryHead.parse(file, hash, keyBytes);
    CRC32C crc = new CRC32C();
    crc.update(file, (int) head.bodyOffset(), (int) head.bodyLength());
    if ((int) crc.getValue() != head.bodyCrc()) {
      throw new EntryHead.DamagedException("body checksum mismatch");
    }
    return new IndexEntry.HotCopy(head, file);
  }

  /** Whether copies are kept at all. */
  boolean enabled() {
    return max > 0;
  }

  /**
   * Keeps a copy on an index entry, unless it has one, then trims the copies to the bound.
   *
   * @param stillIndexed whether the entry is still in the index: if it was replaced while the
   *     copy was made, nobody would find the copy, so it is dropped again
   * @param everyEntry the index entries, scanned when the copies must be trimmed
   */
  void keep(IndexEntry entry, IndexEntry.HotCopy copy, BooleanSupplier stillIndexed,
      Collection<IndexEntry> everyEntry) {
    if (copy.file().length > max || !entry.keepHot(copy)) {
      return;
    }
    used.addAndGet(copy.file().length);
    if (!stillIndexed.getAsBoolean()) {
      drop(entry);
    }
    if (used.get() > max) {
      trim(everyEntry);
    }
  }

  /** Drops an index entry's copy, if it has one: it was replaced, removed or evicted. */
  void drop(IndexEntry entry) {
    IndexEntry.HotCopy copy = entry.takeHot();
    if (copy != null) {
      used.addAndGet(-copy.file().length);
    }
  }

  /** The bytes the copies take now. */
  long bytes() {
    return used.get();
  }

  /**
   * Drops the copies of the least recently used entries until the copies take three quarters
   * of their bound, so that a trim, which scans the index, happens seldom.
   */
  private void trim(Collection<IndexEntry> everyEntry) {
    if (!trimLock.tryLock()) {
      return; // another thread is trimming
    }
    try {
      record Candidate(IndexEntry entry, long lastAccess) {}
      List<Candidate> candidates = new ArrayList<>();
      for (IndexEntry e : everyEntry) {
        if (e.hot() != null) {
          candidates.add(new Candidate(e, e.lastAccess));
        }
      }
      candidates.sort(Comparator.comparingLong(Candidate::lastAccess));
      long target = max / 4 * 3;
      for (Candidate candidate : candidates) {
        if (used.get() <= target) {
          return;
        }
        drop(candidate.entry());
      }
    } finally {
      trimLock.unlock();
    }
  }
}
