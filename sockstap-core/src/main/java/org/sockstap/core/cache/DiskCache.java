package org.sockstap.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Cache;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.CacheWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Cache} that keeps one file per entry in a directory, bounded in size by evicting the
 * least recently used entries.
 *
 * <p>An entry's file is named by the hex SHA-256 of its key and lies in one of 256
 * sub-directories named by the hash's first byte ({@code ab/ab12...}), so no key text ever
 * reaches the file system. The file holds a header, the key, the metadata and the body, with a
 * CRC32C of the header, key and metadata and another of the body (the layout is documented on
 * the package-private {@code EntryFormat}). A writer writes to a {@code *.tmp} file beside the
 * entry and, on commit, forces it to disk and renames it over the entry atomically; a writer that
 * fails or is closed without committing deletes its temporary file.
 *
 * <p>A damaged entry (short file, bad header, another key under the same hash, checksum
 * mismatch) reads as absent, is deleted and is logged once at WARN with its hash; a body checksum
 * mismatch in a large entry is only found while the body is read, and then the body stream
 * throws an {@link IOException} instead of returning its last bytes. An open {@link CacheEntry}
 * holds its file open and stays readable after the entry is replaced, updated, removed or
 * evicted (POSIX file systems keep an unlinked open file).
 *
 * <p><b>Serving without copies, and what is checked.</b> {@link CacheEntry#transferBody} sends
 * a body with {@link FileChannel#transferTo} ({@code sendfile} to a socket), so the bytes never
 * reach the JVM and their checksum cannot be checked on the way. The policy: a body is sent that
 * way only once it has been <em>verified</em>, that is read whole and found to match its
 * checksum since this cache was opened (the first {@code transferBody} of a whole body streams
 * it and checks it as it goes, a slice first reads the whole body, and reading {@link
 * CacheEntry#body()} to its end counts too). The cache remembers a verification in its index
 * together with the file's stamp: its identity (inode), modification time and size. A file
 * replaced by the cache gets a new index entry and is verified again; a file written in place
 * by anything else gets a new modification time and is verified again, so that damage is
 * found before it is served. What is not found is damage that leaves the stamp alone: bits
 * that rot on the medium under the file system, or a write that restores the modification
 * time. Such a body is served as it is until the cache is reopened (a restart verifies
 * everything again). The trade-off is deliberate: checking every hit would read each body
 * through the heap, which is what zero-copy avoids, and the checksums are there to catch torn
 * writes, truncation and tampering, which change the stamp, not to replace a file system that
 * checks its own blocks. Writing and committing do not verify: an entry is verified when it is
 * first served.
 *
 * <p><b>Small entries in memory.</b> An entry whose file has at most 32 KiB
 * is read whole the first time it is opened, checked (head and body; found damaged, it
 * reads as absent at once), and kept in memory with its index entry, so later hits open no
 * file. The copies take at most a sixteenth of the size bound and at most 32 MiB; past that,
 * the copies of the least recently used entries are dropped (those entries are read from
 * their files again when next opened). A copy goes when its entry is replaced, updated,
 * removed or evicted. A copy is what was checked, so it never serves damage, whatever happens
 * to the file later.
 *
 * <p>The size bound counts whole files. An in-memory index of entry sizes and last access is
 * rebuilt by {@link #open(Path, long)} from the directory, which also deletes leftover temporary
 * files and entries whose head is damaged (bodies are checked when read), so entries survive a
 * restart. After each commit or metadata update, least recently opened or written entries are
 * deleted until the total is within the bound. An entry larger than the bound is never stored:
 * its writer discards the body as soon as it grows too large, and its commit throws.
 *
 * <p>Thread-safe. Methods block on disk I/O; no lock is held by a monitor ({@code synchronized}),
 * and file I/O under a lock is limited to opening, renaming and deleting files. One {@code
 * DiskCache} per directory: two instances, in one process or two, sharing a directory do not
 * see each other's index.
 */
public final class DiskCache implements Cache, AutoCloseable {

  /** The smallest size bound accepted: 1 MiB. */
  public static final long MIN_MAX_BYTES = 1024 * 1024;

  /** The largest entry file kept whole in memory once read: 32 KiB. */
  static final int HOT_FILE_MAX = 32 * 1024;
  /** The bound of the memory copies: a sixteenth of the size bound, at most 32 MiB. */
  static final long HOT_BYTES_MAX = 32L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
  private static final int STRIPES = 64;

  private final Path directory;
  private final long maxBytes;
  private final UnaryOperator<WritableByteChannel> bodyChannelHook;
  private final ConcurrentHashMap<String, IndexEntry> index = new ConcurrentHashMap<>();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong clock = new AtomicLong();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final ReentrantLock evictLock = new ReentrantLock();
  private final HotCopies hot;
  private volatile boolean closed;

  private DiskCache(
      Path directory, long maxBytes, UnaryOperator<WritableByteChannel> bodyChannelHook) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.bodyChannelHook = bodyChannelHook;
    this.hot = new HotCopies(Math.min(HOT_BYTES_MAX, maxBytes / 16));
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Opens a disk cache in a directory, creating the directory if needed, and indexes the
   * entries already there (deleting leftover temporary files and damaged entries, and evicting
   * down to {@code maxBytes}).
   *
   * @param directory the cache directory; only this cache should write in it
   * @param maxBytes the size bound in bytes, at least {@link #MIN_MAX_BYTES}
   * @return the cache
   * @throws IOException when the directory cannot be created or read
   * @throws IllegalArgumentException when {@code maxBytes} is below 1 MiB
   */
  public static DiskCache open(Path directory, long maxBytes) throws IOException {
    return open(directory, maxBytes, UnaryOperator.identity());
  }

  /** As {@link #open(Path, long)}, with a hook that wraps the channel writers write bodies to. */
  static DiskCache open(
      Path directory, long maxBytes, UnaryOperator<WritableByteChannel> bodyChannelHook)
      throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(bodyChannelHook, "bodyChannelHook");
    if (maxBytes < MIN_MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes: " + maxBytes + " (expected: >= " + MIN_MAX_BYTES + ")");
    }
    Path dir = directory.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    DiskCache cache = new DiskCache(dir, maxBytes, bodyChannelHook);
    cache.rebuildIndex();
    return cache;
  }

  /**
   * Returns the cache directory.
   *
   * @return the absolute, normalized directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the size bound.
   *
   * @return the bound in bytes
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Returns the bytes the committed entries take now, as counted by the index.
   *
   * @return the total size of the entry files
   */
  public long size() {
    return used.get();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A small entry (a file of at most 32 KiB) is read whole the first
   * time it is opened, its body checked, and then served from memory (see the class comment);
   * such an entry found damaged reads as absent at once.
   */
  @Override
  public @Nullable CacheEntry open(String key) throws IOException {
    checkOpen();
    byte[] keyBytes = EntryFormat.keyBytes(Objects.requireNonNull(key, "key"));
    String hash = EntryFormat.hash(keyBytes);
    IndexEntry known = index.get(hash);
    IndexEntry.HotCopy copy = known == null ? null : known.hot();
    if (copy != null && Arrays.equals(copy.head().keyBytes(), keyBytes)) {
      known.lastAccess = clock.incrementAndGet();
      return new HotEntry(copy);
    }
    Path path = pathOf(hash);
    FileChannel channel;
    BasicFileAttributes attributes;
    IndexEntry indexed;
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      try {
        channel = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return null;
      }
      try {
        attributes = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
      // under the lock, the index entry belongs to the file just opened
      indexed = index.get(hash);
    } finally {
      lock.unlock();
    }
    IndexEntry.FileStamp stamp = IndexEntry.FileStamp.of(attributes);
    if (indexed != null) {
      indexed.lastAccess = clock.incrementAndGet();
    }
    if (attributes.size() <= HOT_FILE_MAX && hot.enabled()) {
      try (channel) {
        return openSmall(channel, hash, keyBytes, stamp, indexed);
      }
    }
    EntryHead head;
    try {
      head = EntryHead.read(channel, hash, keyBytes);
    } catch (EntryHead.DamagedException e) {
      closeQuietly(channel);
      drop(hash, stamp.fileKey(), e.getMessage());
      return null;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    return new DiskCacheEntry(this, channel, hash, stamp, indexed, head);
  }

  /** Reads a small entry whole, checks it, and keeps it in memory when the bound allows. */
  private @Nullable CacheEntry openSmall(FileChannel channel, String hash, byte[] keyBytes,
      IndexEntry.FileStamp stamp, @Nullable IndexEntry indexed) throws IOException {
    IndexEntry.HotCopy copy;
    try {
      copy = HotCopies.read(channel, HOT_FILE_MAX, hash, keyBytes);
    } catch (EntryHead.DamagedException e) {
      drop(hash, stamp.fileKey(), e.getMessage());
      return null;
    }
    if (indexed != null) {
      indexed.verified = stamp;
      hot.keep(indexed, copy, () -> index.get(hash) == indexed, index.values());
    }
    return new HotEntry(copy);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns {@code null} also when the key and metadata alone exceed the size bound. The key
   * stays held until the writer is committed or closed. If writing the body fails (a full disk),
   * the failure is logged at WARN, the temporary file is deleted, the body stream goes on
   * accepting and discarding bytes so that a tee to a client never breaks, and {@link
   * CacheWriter#commit()} throws. The same happens when the body grows beyond the size bound.
   */
  @Override
  public @Nullable CacheWriter writer(String key, byte[] metadata) throws IOException {
    checkOpen();
    byte[] keyBytes = EntryFormat.keyBytes(Objects.requireNonNull(key, "key"));
    byte[] meta = Objects.requireNonNull(metadata, "metadata").clone();
    long headSize = (long) EntryFormat.HEADER_SIZE + keyBytes.length + meta.length;
    if ((long) keyBytes.length + meta.length > EntryHead.MAX_KEY_AND_METADATA
        || headSize > maxBytes) {
      return null;
    }
    String hash = EntryFormat.hash(keyBytes);
    if (!busy.add(hash)) {
      return null;
    }
    Path tmp = null;
    try {
      Path sub = directory.resolve(hash.substring(0, 2));
      Files.createDirectories(sub);
      tmp = Files.createTempFile(sub, hash + ".", ".tmp");
      FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
      try {
        channel.position(headSize);
        return new DiskCacheWriter(
            this, hash, keyBytes, meta, tmp, channel, bodyChannelHook.apply(channel),
            maxBytes - headSize);
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      busy.remove(hash);
      if (tmp != null) {
        deleteQuietly(tmp);
      }
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rewrites the entry into a temporary file, copying the body without reading it into
   * memory, and renames it over the entry. Returns {@code false} also when the entry is damaged
   * (it is then dropped) or was replaced while the update was being written (the newer entry
   * wins).
   */
  @Override
  public boolean updateMetadata(String key, byte[] metadata) throws IOException {
    checkOpen();
    byte[] keyBytes = EntryFormat.keyBytes(Objects.requireNonNull(key, "key"));
    byte[] meta = Objects.requireNonNull(metadata, "metadata").clone();
    if ((long) keyBytes.length + meta.length > EntryHead.MAX_KEY_AND_METADATA) {
      return false;
    }
    String hash = EntryFormat.hash(keyBytes);
    Path path = pathOf(hash);
    FileChannel in;
    Object fileKey;
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      try {
        in = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return false;
      }
      try {
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      } catch (IOException | RuntimeException e) {
        closeQuietly(in);
        throw e;
      }
    } finally {
      lock.unlock();
    }
    Path tmp = null;
    try (in) {
      EntryHead head = EntryHead.read(in, hash, keyBytes);
      tmp = Files.createTempFile(path.getParent(), hash + ".", ".tmp");
      long size;
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf =
            EntryFormat.head(
                keyBytes, meta, head.bodyLength(), System.currentTimeMillis(), head.bodyCrc());
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        long position = head.bodyOffset();
        long remaining = head.bodyLength();
        while (remaining > 0) {
          long n = in.transferTo(position, remaining, out);
          if (n <= 0) {
            throw new EntryHead.DamagedException("entry file ended early");
          }
          position += n;
          remaining -= n;
        }
        out.force(true);
        size = out.size();
      }
      lock.lock();
      try {
        BasicFileAttributes now;
        try {
          now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          return false;
        }
        if (fileKey != null && !fileKey.equals(now.fileKey())) {
          return false;
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        tmp = null;
        account(hash, size);
      } finally {
        lock.unlock();
      }
    } catch (EntryHead.DamagedException e) {
      drop(hash, fileKey, e.getMessage());
      return false;
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
    syncDirectory(path.getParent());
    evictIfNeeded();
    return true;
  }

  @Override
  public void remove(String key) throws IOException {
    checkOpen();
    String hash = EntryFormat.hash(EntryFormat.keyBytes(Objects.requireNonNull(key, "key")));
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      Files.deleteIfExists(pathOf(hash));
      forget(index.remove(hash));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the cache: later calls of the {@link Cache} methods throw {@link
   * IllegalStateException}, and the memory copies of small entries are let go. Entries and
   * writers already open go on working. The cache holds no file open between operations, so
   * closing is optional. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (IndexEntry entry : index.values()) {
      hot.drop(entry);
    }
  }

  // --- called by DiskCacheWriter and DiskCacheEntry ---

  /** Renames a complete temporary file over the entry of a hash, then evicts if needed. */
  void commitFile(String hash, Path tmp, long size) throws IOException {
    Path path = pathOf(hash);
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      account(hash, size);
    } finally {
      lock.unlock();
    }
    syncDirectory(path.getParent());
    evictIfNeeded();
  }

  /** Lets another writer take the key. */
  void release(String hash) {
    busy.remove(hash);
  }

  /**
   * Deletes a damaged entry, unless the file was replaced since it was opened, and logs it.
   *
   * @param fileKey the identity of the file found damaged, or null when the platform has none
   */
  void drop(String hash, @Nullable Object fileKey, @Nullable String reason) {
    log.warn("Cache entry {} is damaged ({}); dropping it", hash, reason);
    Path path = pathOf(hash);
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (fileKey == null || fileKey.equals(attributes.fileKey())) {
        Files.delete(path);
        forget(index.remove(hash));
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      log.warn("Cannot delete damaged cache entry {}: {}", hash, e.toString());
    } finally {
      lock.unlock();
    }
  }

  // --- internals ---

  private void account(String hash, long size) {
    used.addAndGet(size);
    forget(index.put(hash, new IndexEntry(size, clock.incrementAndGet())));
  }

  /** Counts out an index entry that was replaced or removed, with its memory copy. */
  private void forget(@Nullable IndexEntry old) {
    if (old != null) {
      used.addAndGet(-old.size);
      hot.drop(old);
    }
  }

  /** The bytes the memory copies of small entries take now; for tests. */
  long hotBytes() {
    return hot.bytes();
  }

  private void evictIfNeeded() {
    if (used.get() <= maxBytes) {
      return;
    }
    evictLock.lock();
    try {
      record Candidate(String hash, IndexEntry entry, long lastAccess) {}
      List<Candidate> candidates = new ArrayList<>();
      for (Map.Entry<String, IndexEntry> e : index.entrySet()) {
        candidates.add(new Candidate(e.getKey(), e.getValue(), e.getValue().lastAccess));
      }
      candidates.sort(Comparator.comparingLong(Candidate::lastAccess));
      for (Candidate candidate : candidates) {
        if (used.get() <= maxBytes) {
          return;
        }
        ReentrantLock lock = stripe(candidate.hash());
        lock.lock();
        try {
          if (index.get(candidate.hash()) == candidate.entry()) {
            Files.deleteIfExists(pathOf(candidate.hash()));
            forget(index.remove(candidate.hash()));
            log.debug("Evicted cache entry {}", candidate.hash());
          }
        } catch (IOException e) {
          log.warn("Cannot evict cache entry {}: {}", candidate.hash(), e.toString());
        } finally {
          lock.unlock();
        }
      }
    } finally {
      evictLock.unlock();
    }
  }

  private void rebuildIndex() throws IOException {
    record Found(String hash, long size, long modified) {}
    List<Found> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory, 2)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      Path parent = file.getParent();
      if (name.endsWith(".tmp")) {
        log.debug("Deleting leftover cache file {}", file);
        deleteQuietly(file);
        continue;
      }
      if (!EntryFormat.isHash(name)
          || !directory.equals(parent.getParent())
          || !parent.getFileName().toString().equals(name.substring(0, 2))) {
        continue;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        EntryHead.read(channel, name, null);
        found.add(
            new Found(
                name, channel.size(), Files.getLastModifiedTime(file).toMillis()));
      } catch (EntryHead.DamagedException e) {
        log.warn("Cache entry {} is damaged ({}); dropping it", name, e.getMessage());
        deleteQuietly(file);
      }
    }
    found.sort(Comparator.comparingLong(Found::modified));
    for (Found f : found) {
      account(f.hash(), f.size());
    }
    evictIfNeeded();
  }

  private Path pathOf(String hash) {
    return directory.resolve(hash.substring(0, 2)).resolve(hash);
  }

  private ReentrantLock stripe(String hash) {
    return stripes[Integer.parseInt(hash.substring(0, 2), 16) % STRIPES];
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache closed: " + directory);
    }
  }

  /** Makes a rename durable where the platform allows opening a directory; best effort. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // not supported everywhere (Windows); the rename itself is atomic anyway
    }
  }

  static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Cannot delete cache file {}: {}", file.getFileName(), e.toString());
    }
  }
}
