package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sockstap.protocols.http.cache.CacheStatus.Forward;

class CacheStatusTest {

  @Test
  void values() {
    assertEquals("SocksTap; hit", CacheStatus.hit());
    assertEquals("SocksTap; hit; ttl=-5", CacheStatus.hit(Duration.ofSeconds(-5)));
    assertEquals("SocksTap; fwd=miss; stored", CacheStatus.forward(Forward.MISS, true));
    assertEquals("SocksTap; fwd=uri-miss", CacheStatus.forward(Forward.URI_MISS, false));
    assertEquals("SocksTap; fwd=stale; fwd-status=304; stored",
        CacheStatus.forward(Forward.STALE, 304, true, null));
    assertEquals("SocksTap; fwd=uri-miss; detail=\"set-\\\"cookie\\\\?\"",
        CacheStatus.forward(Forward.URI_MISS, null, false, "set-\"cookie\\\u00e9"));
  }

  @Test
  void ageIsWholeNonNegativeCappedSeconds() {
    assertEquals("42", CacheStatus.ageValue(Duration.ofMillis(42_999)));
    assertEquals("0", CacheStatus.ageValue(Duration.ofSeconds(-3)));
    assertEquals("2147483648", CacheStatus.ageValue(Duration.ofDays(100_000)));
  }
}
