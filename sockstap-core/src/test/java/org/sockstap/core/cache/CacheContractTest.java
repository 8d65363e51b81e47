package org.sockstap.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sockstap.api.Cache;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.CacheWriter;
import org.sockstap.core.internal.Threads;

/** The {@link Cache} contract, run against each implementation by a subclass. */
abstract class CacheContractTest {

  static final long MIB = 1024 * 1024;

  /** Creates an empty cache with the given bound. */
  abstract Cache newCache(long maxBytes) throws IOException;

  /** The bytes the cache's committed entries take now. */
  abstract long usedBytes(Cache cache) throws IOException;

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void put(Cache cache, String key, byte[] meta, byte[] body) throws IOException {
    try (CacheWriter w = cache.writer(key, meta)) {
      assertNotNull(w, "writer for " + key);
      // in pieces, as a relay would
      for (int off = 0; off < body.length; off += 7000) {
        w.body().write(body, off, Math.min(7000, body.length - off));
      }
      w.commit();
    }
  }

  static byte[] readBody(Cache cache, String key) throws IOException {
    try (CacheEntry e = cache.open(key)) {
      assertNotNull(e, "entry for " + key);
      try (InputStream in = e.body()) {
        return in.readAllBytes();
      }
    }
  }

  /**
   * A channel that collects what it is given, taking at most {@code stride} bytes a write and,
   * every other write, nothing at all (as a socket that cannot take bytes now would).
   */
  static final class Sink implements WritableByteChannel {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int stride;
    private int writes;

    Sink(int stride) {
      this.stride = stride;
    }

    @Override
    public int write(ByteBuffer src) {
      if (writes++ % 2 == 1) {
        return 0;
      }
      int n = Math.min(stride, src.remaining());
      byte[] chunk = new byte[n];
      src.get(chunk);
      bytes.write(chunk, 0, n);
      return n;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  static byte[] slice(byte[] body, int from, int count) {
    return java.util.Arrays.copyOfRange(body, from, from + count);
  }

  /**
   * Sends a one-byte head and then a slice of an entry's body to a real loopback socket from a
   * thread of the given factory, with small socket buffers and a reader that starts late, so
   * that the socket is full for a while; returns the slice the reader got.
   */
  static byte[] throughSocket(CacheEntry entry, long position, int count, ThreadFactory threads)
      throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel reader = SocketChannel.open(listener.getLocalAddress());
          SocketChannel writer = listener.accept()) {
        reader.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        writer.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
        writer.setOption(StandardSocketOptions.TCP_NODELAY, true);
        CompletableFuture<Long> sent = new CompletableFuture<>();
        threads.newThread(() -> {
          try {
            // a head first, as a handler writes: on a virtual thread that leaves the socket
            // non-blocking under the hood, so sendfile finds it full instead of waiting
            writer.write(ByteBuffer.wrap(new byte[] {'H'}));
            sent.complete(entry.transferBody(position, count, writer));
          } catch (Throwable e) {
            sent.completeExceptionally(e);
          }
        }).start();
        Thread.sleep(50);
        ByteBuffer head = ByteBuffer.allocate(1);
        while (head.hasRemaining() && reader.read(head) >= 0) {
          // the head
        }
        assertEquals('H', head.get(0));
        ByteBuffer got = ByteBuffer.allocate(count);
        while (got.hasRemaining() && reader.read(got) >= 0) {
          // until all of it came
        }
        try {
          assertEquals(count, sent.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw (Exception) e.getCause();
        } catch (TimeoutException e) {
          throw new AssertionError("transferBody did not finish", e);
        }
        return got.array();
      }
    }
  }

  static boolean present(Cache cache, String key) throws IOException {
    try (CacheEntry e = cache.open(key)) {
      return e != null;
    }
  }

  @Test
  void writeCommitReadBack() throws IOException {
    Cache cache = newCache(4 * MIB);
    byte[] body = random(200_000, 1);
    Instant before = Instant.now().minusSeconds(1);
    put(cache, "http://example.test/a", bytes("HTTP/1.1 200 OK"), body);
    try (CacheEntry e = cache.open("http://example.test/a")) {
      assertNotNull(e);
      assertArrayEquals(bytes("HTTP/1.1 200 OK"), e.metadata());
      assertEquals(body.length, e.bodyLength());
      assertFalse(e.stored().isBefore(before));
      assertArrayEquals(body, e.body().readAllBytes());
      assertArrayEquals(body, e.body().readAllBytes(), "body() again starts from the first byte");
    }
    assertNull(cache.open("http://example.test/b"));
  }

  @Test
  void transferBodyWritesTheWholeBodyOrAnySliceOfIt() throws IOException {
    Cache cache = newCache(4 * MIB);
    byte[] body = random(300_000, 40);
    put(cache, "k", bytes("m"), body);
    for (int pass = 0; pass < 2; pass++) { // a disk store checks the first time only
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        Sink all = new Sink(10_000);
        assertEquals(body.length, e.transferBody(0, body.length, all));
        assertArrayEquals(body, all.bytes());
        int[][] slices = {{0, 1}, {1, 1000}, {299_999, 1}, {12_345, 200_000}, {0, 0}, {300_000, 0}};
        for (int[] s : slices) {
          Sink part = new Sink(7000);
          assertEquals(s[1], e.transferBody(s[0], s[1], part));
          assertArrayEquals(slice(body, s[0], s[1]), part.bytes(), s[0] + "+" + s[1]);
        }
        Sink none = new Sink(1);
        assertThrows(IndexOutOfBoundsException.class, () -> e.transferBody(299_999, 2, none));
        assertThrows(IndexOutOfBoundsException.class, () -> e.transferBody(-1, 1, none));
        assertThrows(IndexOutOfBoundsException.class, () -> e.transferBody(0, -1, none));
        assertEquals(0, none.bytes().length);
      }
    }
  }

  @Test
  void transferBodyOfASmallAndOfAnEmptyBody() throws IOException {
    Cache cache = newCache(MIB);
    byte[] body = random(1000, 41);
    put(cache, "small", bytes("m"), body);
    put(cache, "empty", bytes("m"), new byte[0]);
    for (int pass = 0; pass < 2; pass++) {
      try (CacheEntry small = cache.open("small"); CacheEntry empty = cache.open("empty")) {
        assertNotNull(small);
        assertNotNull(empty);
        Sink all = new Sink(100);
        small.transferBody(0, 1000, all);
        assertArrayEquals(body, all.bytes());
        Sink part = new Sink(100);
        small.transferBody(10, 500, part);
        assertArrayEquals(slice(body, 10, 500), part.bytes());
        Sink nothing = new Sink(100);
        assertEquals(0, empty.transferBody(0, 0, nothing));
        assertEquals(0, nothing.bytes().length);
      }
    }
  }

  @Test
  void transferBodyToASocketThatIsFullAtTimes() throws Exception {
    Cache cache = newCache(4 * MIB);
    byte[] body = random((int) MIB, 42);
    put(cache, "k", bytes("m"), body);
    ThreadFactory platform = Threads.platformDaemonThreads("transfer-test");
    // the connection threads: virtual ones on 21+, where sendfile can find the socket full
    ThreadFactory connection = Threads.defaultConnectionThreads();
    for (ThreadFactory threads : new ThreadFactory[] {platform, connection, connection}) {
      try (CacheEntry e = cache.open("k")) {
        assertNotNull(e);
        assertArrayEquals(body, throughSocket(e, 0, body.length, threads));
        assertArrayEquals(slice(body, 777, 500_000), throughSocket(e, 777, 500_000, threads));
      }
    }
  }

  @Test
  void emptyBodyAndEmptyMetadata() throws IOException {
    Cache cache = newCache(MIB);
    put(cache, "", new byte[0], new byte[0]);
    try (CacheEntry e = cache.open("")) {
      assertNotNull(e);
      assertEquals(0, e.metadata().length);
      assertEquals(0, e.bodyLength());
      assertEquals(-1, e.body().read());
    }
  }

  @Test
  void nothingVisibleBeforeCommit() throws IOException {
    Cache cache = newCache(MIB);
    try (CacheWriter w = cache.writer("k", bytes("m"))) {
      assertNotNull(w);
      w.body().write(random(10_000, 2));
      assertNull(cache.open("k"));
      w.commit();
    }
    assertEquals(10_000, readBody(cache, "k").length);
  }

  @Test
  void closeWithoutCommitLeavesNothing() throws IOException {
    Cache cache = newCache(MIB);
    try (CacheWriter w = cache.writer("k", bytes("m"))) {
      assertNotNull(w);
      w.body().write(random(100_000, 3));
    }
    assertNull(cache.open("k"));
    assertEquals(0, usedBytes(cache));
    try (CacheWriter again = cache.writer("k", bytes("m"))) {
      assertNotNull(again, "the key is free again");
    }
  }

  @Test
  void secondWriterForABusyKeyGetsNull() throws IOException {
    Cache cache = newCache(MIB);
    try (CacheWriter first = cache.writer("k", bytes("1"))) {
      assertNotNull(first);
      assertNull(cache.writer("k", bytes("2")));
      try (CacheWriter other = cache.writer("other", bytes("3"))) {
        assertNotNull(other, "other keys are not held");
      }
      first.body().write(bytes("one"));
      first.commit();
    }
    try (CacheWriter again = cache.writer("k", bytes("2"))) {
      assertNotNull(again, "free after commit");
    }
  }

  @Test
  void replaceKeepsOldReadersWorking() throws IOException {
    Cache cache = newCache(4 * MIB);
    byte[] oldBody = random(300_000, 4);
    byte[] newBody = random(100_000, 5);
    put(cache, "k", bytes("old"), oldBody);
    try (CacheEntry old = cache.open("k")) {
      assertNotNull(old);
      InputStream in = old.body();
      byte[] start = in.readNBytes(1000);
      put(cache, "k", bytes("new"), newBody);
      byte[] rest = in.readAllBytes();
      byte[] all = new byte[start.length + rest.length];
      System.arraycopy(start, 0, all, 0, start.length);
      System.arraycopy(rest, 0, all, start.length, rest.length);
      assertArrayEquals(oldBody, all);
      assertArrayEquals(bytes("old"), old.metadata());
    }
    try (CacheEntry e = cache.open("k")) {
      assertNotNull(e);
      assertArrayEquals(bytes("new"), e.metadata());
      assertArrayEquals(newBody, e.body().readAllBytes());
    }
  }

  @Test
  void removedEntryStaysReadableByOpenReaders() throws IOException {
    Cache cache = newCache(MIB);
    byte[] body = random(50_000, 6);
    put(cache, "k", bytes("m"), body);
    try (CacheEntry e = cache.open("k")) {
      assertNotNull(e);
      cache.remove("k");
      assertNull(cache.open("k"));
      assertArrayEquals(body, e.body().readAllBytes());
    }
    assertEquals(0, usedBytes(cache));
    assertDoesNotThrow(() -> cache.remove("k"), "removing an absent key");
  }

  @Test
  void updateMetadataKeepsTheBody() throws IOException {
    Cache cache = newCache(MIB);
    byte[] body = random(70_000, 7);
    put(cache, "k", bytes("first"), body);
    try (CacheEntry old = cache.open("k")) {
      assertNotNull(old);
      assertTrue(cache.updateMetadata("k", bytes("second, and longer")));
      assertArrayEquals(bytes("first"), old.metadata(), "readers see the old or the new");
      assertArrayEquals(body, old.body().readAllBytes());
    }
    try (CacheEntry e = cache.open("k")) {
      assertNotNull(e);
      assertArrayEquals(bytes("second, and longer"), e.metadata());
      assertArrayEquals(body, e.body().readAllBytes());
    }
    assertFalse(cache.updateMetadata("absent", bytes("x")));
    assertNull(cache.open("absent"));
  }

  @Test
  void lruEvictionKeepsUsageWithinTheBoundAndEvictsTheLeastRecentlyRead() throws IOException {
    long max = MIB;
    Cache cache = newCache(max);
    int size = 300 * 1024;
    put(cache, "a", bytes("m"), random(size, 10));
    put(cache, "b", bytes("m"), random(size, 11));
    put(cache, "c", bytes("m"), random(size, 12));
    assertArrayEquals(random(size, 10), readBody(cache, "a")); // a is now more recent than b
    put(cache, "d", bytes("m"), random(size, 13));
    assertTrue(usedBytes(cache) <= max, "used " + usedBytes(cache));
    assertFalse(present(cache, "b"), "b was the least recently used");
    assertArrayEquals(random(size, 10), readBody(cache, "a"));
    assertArrayEquals(random(size, 12), readBody(cache, "c"));
    assertArrayEquals(random(size, 13), readBody(cache, "d"));
    for (int i = 0; i < 10; i++) {
      put(cache, "e" + i, bytes("m"), random(size, 20 + i));
      assertTrue(usedBytes(cache) <= max, "used " + usedBytes(cache));
    }
    assertTrue(present(cache, "e9"));
  }

  @Test
  void entryLargerThanTheBoundIsNotStored() throws IOException {
    Cache cache = newCache(MIB);
    put(cache, "small", bytes("m"), random(1000, 30));
    try (CacheWriter w = cache.writer("big", bytes("m"))) {
      assertNotNull(w);
      byte[] chunk = random(64 * 1024, 31);
      for (int i = 0; i < 20; i++) {
        w.body().write(chunk); // never throws
      }
      assertThrows(IOException.class, w::commit);
    }
    assertNull(cache.open("big"));
    assertTrue(present(cache, "small"), "a refused entry evicts nothing");
    try (CacheWriter again = cache.writer("big", bytes("m"))) {
      assertNotNull(again, "the key is free again");
    }
  }

  @Test
  void maxBytesBelowOneMebibyteIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> newCache(MIB - 1));
    assertEquals("maxBytes: 1048575 (expected: >= 1048576)", e.getMessage());
  }
}
