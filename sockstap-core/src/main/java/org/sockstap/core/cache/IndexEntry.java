package org.sockstap.core.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One committed entry in {@link DiskCache}'s index: its file's size and last access, and what
 * the cache learned about that file since it opened. Replaced, never changed in size, whenever
 * the file is replaced, so whatever it remembers belongs to one version of the entry.
 */
final class IndexEntry {
  private static final VarHandle HOT;

  static {
    try {
      HOT = MethodHandles.lookup().findVarHandle(IndexEntry.class, "hot", HotCopy.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final long size;
  volatile long lastAccess;
  /** The stamp of the file when its whole body last matched its checksum, or null. */
  volatile @Nullable FileStamp verified;
  /** A small entry's whole file, checked, served without touching the disk; or null. */
  @SuppressWarnings("unused") // through HOT
  private volatile @Nullable HotCopy hot;

  IndexEntry(long size, long lastAccess) {
    this.size = size;
    this.lastAccess = lastAccess;
  }

  @Nullable HotCopy hot() {
    return (HotCopy) HOT.getAcquire(this);
  }

  /** Keeps a copy unless one is kept already; returns whether this one was kept. */
  boolean keepHot(HotCopy copy) {
    return HOT.compareAndSet(this, (HotCopy) null, copy);
  }

  /** Forgets the copy; returns it, so that its bytes are counted out exactly once. */
  @Nullable HotCopy takeHot() {
    return (HotCopy) HOT.getAndSet(this, (HotCopy) null);
  }

  /**
   * What identifies one version of a file as the file system sees it: its identity (inode), its
   * last modification time and its size. A write in place changes the modification time.
   */
  record FileStamp(@Nullable Object fileKey, FileTime modified, long size) {
    FileStamp {
      Objects.requireNonNull(modified, "modified");
    }

    static FileStamp of(BasicFileAttributes attributes) {
      return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
    }
  }

  /**
   * A small entry held whole in memory: its checked head, and the file's bytes with the body
   * checked against its checksum when it was read.
   */
  record HotCopy(EntryHead head, byte[] file) {}
}
