package org.sockstap.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sockstap.core.SocksTapServer;

class CacheDirectoryBuilderTest {

  @TempDir Path tmp;

  @Test
  void cacheDirectoryOpensTheDirectory() {
    Path dir = tmp.resolve("c");
    SocksTapServer.builder().cacheDirectory(dir, 1 << 20);
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void cacheAndCacheDirectoryAreOneOption() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                SocksTapServer.builder()
                    .cacheDirectory(tmp.resolve("a"), 1 << 20)
                    .cache(new MemoryCache(1 << 20)));
    assertEquals("cache was already set", e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () ->
            SocksTapServer.builder()
                .cache(new MemoryCache(1 << 20))
                .cacheDirectory(tmp.resolve("b"), 1 << 20));
    assertFalse(Files.exists(tmp.resolve("b")), "checked before the directory is created");
  }

  @Test
  void tooSmallBoundIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SocksTapServer.builder().cacheDirectory(tmp.resolve("c"), 1000));
    assertEquals("maxBytes: 1000 (expected: >= 1048576)", e.getMessage());
  }
}
