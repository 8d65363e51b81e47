package org.sockstap.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sockstap.api.Cache;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.CacheWriter;
import org.sockstap.core.cache.DiskCache;
import org.sockstap.core.cache.MemoryCache;

/**
 * A lookup in the cache stores behind the {@link Cache} SPI, {@link MemoryCache} and {@link
 * DiskCache}, as the HTTP cache makes one per request: a hit opens an entry, copies its metadata
 * and reads its 1 KiB body to the end (for the disk store: hash the key, open the file, check
 * the head's checksum, read and checksum the body); a miss finds nothing.
 *
 * <p>The store holds {@value #ENTRIES} entries with keys shaped like HTTP cache keys and 300
 * bytes of metadata, and lookups go round them, so the memory store's LRU order changes on every
 * hit. The disk store lives in a new directory under {@code java.io.tmpdir}, whose file system
 * (and page cache) the figures depend on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheStoreBenchmark {
  static final int ENTRIES = 16;
  private static final int METADATA = 300;
  private static final int BODY = 1024;

  /** The store: {@code memory} or {@code disk}. */
  @Param({"memory", "disk"})
  public String store;

  private final String[] present = new String[ENTRIES];
  private final String[] absent = new String[ENTRIES];
  private final byte[] scratch = new byte[16 * 1024];
  private @Nullable Path directory;
  private Cache cache;
  private int next;

  /** Fills a new store and checks that a hit reads the whole entry and a miss finds nothing. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (store.equals("memory")) {
      cache = new MemoryCache(64L << 20);
    } else if (store.equals("disk")) {
      directory = Files.createTempDirectory("sockstap-bench-cache-");
      cache = DiskCache.open(directory, 64L << 20);
    } else {
      throw new IllegalArgumentException("store: " + store + " (expected: memory or disk)");
    }
    Random random = new Random(42);
    byte[] metadata = new byte[METADATA];
    byte[] body = new byte[BODY];
    for (int i = 0; i < ENTRIES; i++) {
      present[i] = key("/assets/img/photo-" + i + ".jpg");
      absent[i] = key("/assets/img/missing-" + i + ".jpg");
      random.nextBytes(metadata);
      random.nextBytes(body);
      try (CacheWriter writer = cache.writer(present[i], metadata)) {
        if (writer == null) {
          throw new IllegalStateException("no writer for " + present[i]);
        }
        OutputStream out = writer.body();
        out.write(body);
        writer.commit();
      }
    }
    for (int i = 0; i < ENTRIES; i++) {
      if (hit() != METADATA + BODY || !miss()) {
        throw new IllegalStateException("store " + store + " does not hold what was written");
      }
    }
  }

  /** An HTTP cache key as {@code CacheKey.of} builds it, for a host over port 443. */
  private static String key(String target) {
    return "GET 15:www.example.com 443 15:www.example.com " + target.length() + ":" + target;
  }

  /** Closes and deletes the disk store. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (cache instanceof DiskCache disk) {
      disk.close();
    }
    if (directory != null) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Opens a stored entry and reads its metadata and body; returns the bytes read. */
  @Benchmark
  public int hit() throws IOException {
    String key = present[next++ & (ENTRIES - 1)];
    try (CacheEntry entry = cache.open(key)) {
      if (entry == null) {
        throw new IllegalStateException("miss for stored key " + key);
      }
      int total = entry.metadata().length;
      InputStream body = entry.body();
      for (int n; (n = body.read(scratch)) >= 0; ) {
        total += n;
      }
      return total;
    }
  }

  /** Looks up a key that is not stored. */
  @Benchmark
  public boolean miss() throws IOException {
    CacheEntry entry = cache.open(absent[next++ & (ENTRIES - 1)]);
    if (entry != null) {
      entry.close();
    }
    return entry == null;
  }
}
