package org.sockstap.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sockstap.core.cache.CacheContractTest.MIB;
import static org.sockstap.core.cache.CacheContractTest.bytes;
import static org.sockstap.core.cache.CacheContractTest.put;
import static org.sockstap.core.cache.CacheContractTest.random;
import static org.sockstap.core.cache.CacheContractTest.readBody;
import static org.sockstap.core.cache.CacheContractTest.slice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.CacheWriter;

/** What only the disk store promises: restarts, file names, damage and write failures (C7). */
class DiskCacheTest {

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("cache");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(dir())) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private Path onlyFile() throws IOException {
    List<Path> files = files();
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, position);
    }
  }

  @Test
  void entriesSurviveReopening() throws IOException {
    byte[] body = random(150_000, 1);
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      put(cache, "k", bytes("meta"), body);
    }
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      assertEquals(Files.size(onlyFile()), cache.size());
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        assertArrayEquals(bytes("meta"), e.metadata());
        assertArrayEquals(body, e.body().readAllBytes());
      }
    }
  }

  @Test
  void reopeningWithASmallerBoundEvicts() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), 4 * MIB)) {
      for (int i = 0; i < 6; i++) {
        put(cache, "k" + i, bytes("m"), random(500_000, i));
      }
    }
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      assertTrue(cache.size() <= MIB);
      assertEquals(cache.size(), files().stream().mapToLong(p -> p.toFile().length()).sum());
    }
  }

  @Test
  void hostileKeysNeverLeaveTheDirectory() throws IOException {
    List<String> keys =
        List.of(
            "/../../../../etc/passwd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..",
            "../../escape",
            "a/b\\c:d",
            "nul\0byte",
            "\0",
            "x".repeat(64 * 1024),
            "\uD800",
            "\uDC00");
    try (DiskCache cache = DiskCache.open(dir(), 4 * MIB)) {
      for (int i = 0; i < keys.size(); i++) {
        put(cache, keys.get(i), bytes("m" + i), bytes("body " + i));
      }
      for (int i = 0; i < keys.size(); i++) {
        assertArrayEquals(bytes("body " + i), readBody(cache, keys.get(i)), "key " + i);
      }
      Path root = dir().toRealPath();
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.toList()) {
          assertTrue(p.toRealPath().startsWith(root), p.toString());
          if (!p.equals(root)) {
            assertTrue(
                p.getFileName().toString().matches("[0-9a-f]{2}|[0-9a-f]{64}"), p.toString());
          }
        }
      }
      assertEquals(keys.size(), files().size());
      assertFalse(Files.exists(tmp.resolve("etc")));
    }
  }

  @Test
  void truncatedEntryIsAMissAndDeleted() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "k", bytes("m"), random(10_000, 2));
      Path file = onlyFile();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() - 10);
      }
      assertNull(assertDoesNotThrow(() -> cache.open("k")));
      assertFalse(Files.exists(file));
      assertEquals(0, cache.size());
    }
  }

  @Test
  void emptyAndShortFilesAreMisses() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "k", bytes("m"), bytes("body"));
      Path file = onlyFile();
      Files.write(file, new byte[0]);
      assertNull(cache.open("k"));
      assertFalse(Files.exists(file));
      put(cache, "k", bytes("m"), bytes("body"));
      Files.write(file, new byte[] {'S', 'T', 'C'});
      assertNull(cache.open("k"));
      assertFalse(Files.exists(file));
    }
  }

  @Test
  void badMagicOrFlippedMetadataIsAMissAndDeleted() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "k", bytes("metadata"), bytes("body"));
      flipByte(onlyFile(), 0);
      assertNull(cache.open("k"));
      assertTrue(files().isEmpty());
      put(cache, "k", bytes("metadata"), bytes("body"));
      Path file = onlyFile();
      flipByte(file, Files.size(file) - 6); // in the metadata
      assertNull(cache.open("k"));
      assertTrue(files().isEmpty());
    }
  }

  @Test
  void flippedBodyThrowsAtItsEndAndIsDeleted() throws IOException {
    byte[] body = random(200_000, 3);
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "k", bytes("m"), body);
      Path file = onlyFile();
      flipByte(file, Files.size(file) - 1000);
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e, "the body is only checked while it is read");
        InputStream in = e.body();
        IOException thrown = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(thrown.getMessage().contains("checksum"), thrown.getMessage());
        assertThrows(IOException.class, in::read, "and it stays damaged");
      }
      assertFalse(Files.exists(file));
      assertNull(cache.open("k"));
      assertEquals(0, cache.size());
    }
  }

  /** Opens an entry that is a file, not a memory copy, and says whether it is verified. */
  private static boolean verified(DiskCache cache, String key) throws IOException {
    try (CacheEntry e = cache.open(key)) {
      assertNotNull(e);
      return ((DiskCacheEntry) e).verified();
    }
  }

  /** Makes the entry file look a minute old, as a stored entry usually is. */
  private static void ageOneMinute(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
  }

  @Test
  void aBodyIsVerifiedOnceAfterTheCacheOpensAndThenSentWithoutChecking() throws IOException {
    byte[] body = random(200_000, 20);
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      put(cache, "k", bytes("m"), body);
      assertFalse(verified(cache, "k"), "writing does not verify");
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        CacheContractTest.Sink sink = new CacheContractTest.Sink(50_000);
        e.transferBody(0, body.length, sink); // streams, checking as it goes
        assertArrayEquals(body, sink.bytes());
        assertTrue(((DiskCacheEntry) e).verified());
      }
      assertTrue(verified(cache, "k"), "remembered for the next readers");
      cache.updateMetadata("k", bytes("m2"));
      assertFalse(verified(cache, "k"), "a new file is verified again");
      readBody(cache, "k");
      assertTrue(verified(cache, "k"), "reading the body to its end verifies too");
    }
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      assertFalse(verified(cache, "k"), "a reopened cache verifies again");
    }
  }

  @Test
  void aSliceOfAnUnverifiedBodyIsSentOnlyAfterTheWholeBodyWasChecked() throws IOException {
    byte[] body = random(200_000, 21);
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      put(cache, "good", bytes("m"), body);
      try (CacheEntry e = cache.open("good")) {
        assertNotNull(e);
        CacheContractTest.Sink sink = new CacheContractTest.Sink(4096);
        e.transferBody(100, 10, sink);
        assertArrayEquals(slice(body, 100, 10), sink.bytes());
        assertTrue(((DiskCacheEntry) e).verified());
      }
      put(cache, "bad", bytes("m"), body);
      Path bad = fileOf("bad");
      flipByte(bad, Files.size(bad) - 1);
      try (CacheEntry e = cache.open("bad")) {
        assertNotNull(e);
        CacheContractTest.Sink sink = new CacheContractTest.Sink(4096);
        IOException thrown = assertThrows(IOException.class, () -> e.transferBody(0, 10, sink));
        assertTrue(thrown.getMessage().contains("checksum"), thrown.getMessage());
        assertEquals(0, sink.bytes().length, "not one byte of a damaged body");
      }
      assertFalse(Files.exists(bad));
      assertNull(cache.open("bad"));
    }
  }

  private Path fileOf(String key) {
    String hash = EntryFormat.hash(EntryFormat.keyBytes(key));
    return dir().resolve(hash.substring(0, 2)).resolve(hash);
  }

  @Test
  void damageWrittenInPlaceAfterVerificationIsFoundBeforeTheBodyIsComplete() throws IOException {
    byte[] body = random(200_000, 22);
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      put(cache, "k", bytes("m"), body);
      Path file = onlyFile();
      ageOneMinute(file);
      readBody(cache, "k");
      assertTrue(verified(cache, "k"));
      flipByte(file, Files.size(file) - 1000); // a write: the modification time moves
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        assertFalse(((DiskCacheEntry) e).verified(), "the file's stamp changed");
        CacheContractTest.Sink whole = new CacheContractTest.Sink(64 * 1024);
        IOException thrown =
            assertThrows(IOException.class, () -> e.transferBody(0, body.length, whole));
        assertTrue(thrown.getMessage().contains("checksum"), thrown.getMessage());
        assertTrue(whole.bytes().length < body.length, "the body never arrives whole");
      }
      assertFalse(Files.exists(file));
      assertNull(cache.open("k"));
    }
  }

  /**
   * The documented trade-off of sending verified bodies without reading them: damage that
   * leaves the file's stamp alone (bits rotting under the file system; here, a write that puts
   * the modification time back) is sent as it is until the cache is reopened.
   */
  @Test
  void damageThatKeepsTheFileStampIsOnlyFoundOnceTheCacheIsReopened() throws IOException {
    byte[] body = random(200_000, 23);
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB)) {
      put(cache, "k", bytes("m"), body);
      Path file = onlyFile();
      readBody(cache, "k");
      FileTime modified = Files.getLastModifiedTime(file);
      flipByte(file, Files.size(file) - 1000);
      Files.setLastModifiedTime(file, modified);
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        assertTrue(((DiskCacheEntry) e).verified());
        CacheContractTest.Sink sink = new CacheContractTest.Sink(64 * 1024);
        e.transferBody(0, body.length, sink);
        assertEquals(body.length, sink.bytes().length);
        assertFalse(java.util.Arrays.equals(body, sink.bytes()), "sent unchecked");
      }
    }
    try (DiskCache cache = DiskCache.open(dir(), 2 * MIB);
        CacheEntry e = cache.open("k")) {
      assertNotNull(e);
      CacheContractTest.Sink sink = new CacheContractTest.Sink(64 * 1024);
      assertThrows(IOException.class, () -> e.transferBody(0, body.length, sink));
      assertNull(cache.open("k"));
    }
  }

  @Test
  void aSmallEntryIsCheckedWhenFirstOpenedAndThenServedFromMemory() throws IOException {
    byte[] body = random(1000, 24);
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "k", bytes("m"), body);
      assertEquals(0, cache.hotBytes());
      assertArrayEquals(body, readBody(cache, "k"));
      Path file = onlyFile();
      assertEquals(Files.size(file), cache.hotBytes());
      flipByte(file, Files.size(file) - 10);
      assertArrayEquals(body, readBody(cache, "k"), "the checked copy, not the file");
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        CacheContractTest.Sink sink = new CacheContractTest.Sink(100);
        e.transferBody(0, body.length, sink);
        assertArrayEquals(body, sink.bytes());
      }
      cache.remove("k");
      assertEquals(0, cache.hotBytes());
      assertNull(cache.open("k"));
      put(cache, "k", bytes("m"), body);
      flipByte(onlyFile(), Files.size(onlyFile()) - 10);
      assertNull(cache.open("k"), "damaged small entries are a miss at once");
      assertTrue(files().isEmpty());
      assertEquals(0, cache.hotBytes());
    }
  }

  @Test
  void memoryCopiesStayWithinTheirBound() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) { // copies: at most 64 KiB
      for (int i = 0; i < 10; i++) {
        put(cache, "k" + i, bytes("m"), random(20_000, 30 + i));
      }
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 10; i++) {
          assertArrayEquals(random(20_000, 30 + i), readBody(cache, "k" + i));
          assertTrue(cache.hotBytes() <= MIB / 16, "copies " + cache.hotBytes());
        }
      }
      assertTrue(cache.hotBytes() > 0);
      put(cache, "k9", bytes("m"), random(20_000, 99));
      assertArrayEquals(random(20_000, 99), readBody(cache, "k9"), "a replaced copy is gone");
    }
  }

  @Test
  void anotherKeysFileUnderAHashIsAMissAndDeleted() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "b", bytes("m"), bytes("bee"));
      Path bFile = onlyFile();
      put(cache, "a", bytes("m"), bytes("ay"));
      Path aFile = files().stream().filter(p -> !p.equals(bFile)).findFirst().orElseThrow();
      Files.copy(aFile, bFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertNull(cache.open("b"));
      assertFalse(Files.exists(bFile));
      assertArrayEquals(bytes("ay"), readBody(cache, "a"));
    }
  }

  @Test
  void damagedEntriesAndLeftoverTempFilesAreRemovedOnReopen() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      put(cache, "good", bytes("m"), bytes("good body"));
      put(cache, "bad", bytes("m"), random(5000, 4));
      CacheWriter killed = cache.writer("killed", bytes("m"));
      assertNotNull(killed);
      killed.body().write(random(100_000, 5)); // the process dies here: never closed
      Path bad =
          files().stream()
              .filter(p -> !p.toString().endsWith(".tmp"))
              .filter(p -> p.toFile().length() > 5000)
              .findFirst()
              .orElseThrow();
      try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.WRITE)) {
        ch.truncate(100);
      }
      Files.createDirectories(dir().resolve("ab"));
      Files.write(dir().resolve("ab").resolve("ab12.3456.tmp"), random(100, 6));
    }
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      assertTrue(files().stream().noneMatch(p -> p.toString().endsWith(".tmp")), files().toString());
      assertNull(cache.open("killed"));
      assertNull(cache.open("bad"));
      assertArrayEquals(bytes("good body"), readBody(cache, "good"));
      assertEquals(1, files().size());
      assertEquals(Files.size(onlyFile()), cache.size());
    }
  }

  /** Wraps the body channel so that it fails like a full disk after {@code limit} bytes. */
  private static UnaryOperator<WritableByteChannel> diskFullAfter(long limit) {
    return channel ->
        new WritableByteChannel() {
          private long written;

          @Override
          public int write(ByteBuffer src) throws IOException {
            if (written + src.remaining() > limit) {
              throw new IOException("No space left on device");
            }
            int n = channel.write(src);
            written += n;
            return n;
          }

          @Override
          public boolean isOpen() {
            return channel.isOpen();
          }

          @Override
          public void close() throws IOException {
            channel.close();
          }
        };
  }

  @Test
  void writeFailureMidBodyDropsTheEntryButNeverThrowsOnWrite() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), 4 * MIB, diskFullAfter(10_000))) {
      try (CacheWriter w = cache.writer("k", bytes("m"))) {
        assertNotNull(w);
        byte[] chunk = random(16 * 1024, 7);
        for (int i = 0; i < 20; i++) {
          w.body().write(chunk); // the first buffer flush fails; the tee goes on
        }
        assertTrue(files().isEmpty(), "the temporary file is gone at once");
        IOException e = assertThrows(IOException.class, w::commit);
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertDoesNotThrow(() -> w.body().write(chunk));
      }
      assertNull(cache.open("k"));
      assertTrue(files().isEmpty());
      assertEquals(0, cache.size());
    }
  }

  @Test
  void writeFailureAtCommitDropsTheEntry() throws IOException {
    try (DiskCache cache = DiskCache.open(dir(), 4 * MIB, diskFullAfter(10))) {
      put(cache, "empty", bytes("m"), new byte[0]);
      try (CacheWriter w = cache.writer("k", bytes("m"))) {
        assertNotNull(w);
        w.body().write(random(1000, 8)); // still in the buffer
        assertThrows(IOException.class, w::commit);
      }
      assertNull(cache.open("k"));
      assertEquals(1, files().size(), "only the empty entry");
      try (CacheWriter again = cache.writer("k", bytes("m"))) {
        assertNotNull(again, "the key is free again");
      }
    }
  }

  @Test
  void closedCacheRefusesCallsButOpenEntriesGoOn() throws IOException {
    DiskCache cache = DiskCache.open(dir(), MIB);
    put(cache, "k", bytes("m"), bytes("body"));
    try (CacheEntry e = cache.open("k")) {
      assertNotNull(e);
      cache.close();
      assertThrows(IllegalStateException.class, () -> cache.open("k"));
      assertArrayEquals(bytes("body"), e.body().readAllBytes());
    }
  }

  @Test
  void concurrentWritersAndReadersStayConsistent() throws Exception {
    try (DiskCache cache = DiskCache.open(dir(), MIB)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    int k = ThreadLocalRandom.current().nextInt(12);
                    String key = "k" + k;
                    byte[] body = random(20_000 + k * 10_000, k);
                    switch (ThreadLocalRandom.current().nextInt(4)) {
                      case 0 -> {
                        try (CacheWriter w = cache.writer(key, bytes("m" + k))) {
                          if (w != null) {
                            w.body().write(body);
                            w.commit();
                          }
                        }
                      }
                      case 1 -> cache.remove(key);
                      case 2 -> cache.updateMetadata(key, bytes("m" + k));
                      default -> {
                        try (CacheEntry e = cache.open(key)) {
                          if (e != null) {
                            assertArrayEquals(body, e.body().readAllBytes());
                            assertArrayEquals(bytes("m" + k), e.metadata());
                          }
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertTrue(cache.size() <= MIB);
      assertEquals(cache.size(), files().stream().mapToLong(p -> p.toFile().length()).sum());
    }
  }
}
