package org.sockstap.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.api.Cache;

class DiskCacheContractTest extends CacheContractTest {

  @TempDir Path dir;

  @Override
  Cache newCache(long maxBytes) throws IOException {
    return DiskCache.open(dir.resolve("cache"), maxBytes);
  }

  /** Sums the files on disk, and checks the index agrees. */
  @Override
  long usedBytes(Cache cache) throws IOException {
    long onDisk;
    try (Stream<Path> walk = Files.walk(((DiskCache) cache).directory())) {
      onDisk = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertEquals(onDisk, ((DiskCache) cache).size(), "index and disk agree");
    return onDisk;
  }
}
