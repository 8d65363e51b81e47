package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheControlTest {

  private static CacheControl parse(String... values) {
    return CacheControl.parse(List.of(values));
  }

  @Test
  void parsesEveryDirective() {
    CacheControl cc = parse("max-age=60, s-maxage=\"120\", no-store, private, public",
        "must-revalidate, proxy-revalidate, only-if-cached, immutable, min-fresh=5, max-stale=7");
    assertEquals(Duration.ofSeconds(60), cc.maxAge());
    assertEquals(Duration.ofSeconds(120), cc.sMaxAge());
    assertTrue(cc.noStore() && cc.isPrivate() && cc.isPublic() && cc.mustRevalidate());
    assertTrue(cc.proxyRevalidate() && cc.onlyIfCached() && cc.immutable());
    assertEquals(Duration.ofSeconds(5), cc.minFresh());
    assertTrue(cc.maxStale());
    assertEquals(Duration.ofSeconds(7), cc.maxStaleLimit());
    assertFalse(cc.noCache());
  }

  @Test
  void namesAreCaseInsensitive() {
    CacheControl cc = parse("MAX-AGE=3, No-Store");
    assertEquals(Duration.ofSeconds(3), cc.maxAge());
    assertTrue(cc.noStore());
  }

  @Test
  void qualifiedNoCacheAndPrivateKeepFieldNamesIncludingQuotedCommas() {
    CacheControl cc = parse("no-cache=\"Set-Cookie, X-A\", private=\"X-B\", max-age=9");
    assertTrue(cc.noCache());
    assertEquals(Set.of("set-cookie", "x-a"), cc.noCacheFields());
    assertTrue(cc.isPrivate());
    assertEquals(Set.of("x-b"), cc.privateFields());
    assertEquals(Duration.ofSeconds(9), cc.maxAge());
  }

  @Test
  void duplicatesTakeTheMostRestrictive() {
    CacheControl cc = parse("max-age=100, max-age=10", "s-maxage=5, s-maxage=50",
        "min-fresh=1, min-fresh=30", "max-stale, max-stale=20, max-stale=40");
    assertEquals(Duration.ofSeconds(10), cc.maxAge());
    assertEquals(Duration.ofSeconds(5), cc.sMaxAge());
    assertEquals(Duration.ofSeconds(30), cc.minFresh());
    assertEquals(Duration.ofSeconds(20), cc.maxStaleLimit());
  }

  @Test
  void bareMaxStaleMeansAnyStaleness() {
    CacheControl cc = parse("max-stale");
    assertTrue(cc.maxStale());
    assertNull(cc.maxStaleLimit());
  }

  @ParameterizedTest
  @ValueSource(strings = {"max-age=abc", "max-age=-1", "max-age=", "max-age", "max-age=1.5"})
  void invalidMaxAgeCountsAsZero(String value) {
    assertEquals(Duration.ZERO, parse(value).maxAge());
  }

  @Test
  void invalidRequestValuesAreIgnored() {
    CacheControl cc = parse("max-stale=x, min-fresh=-3");
    assertFalse(cc.maxStale());
    assertNull(cc.minFresh());
  }

  @Test
  void hugeValuesAreCappedNotThrown() {
    assertEquals(Duration.ofSeconds(2_147_483_648L),
        parse("max-age=99999999999999999999999999").maxAge());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",,,", "=", "\"", "max-age=\"1", "a=\"b,c", " , no-store=\"\" ",
      "\"quoted\"=1", "=\"x\""})
  void garbageNeverThrows(String value) {
    parse(value);
  }

  @Test
  void unknownDirectivesAreKept() {
    CacheControl cc = parse("foo, bar=\"1\", BAR=2, stale-while-revalidate=30");
    assertEquals(Map.of("foo", "", "bar", "1", "stale-while-revalidate", "30"),
        cc.extensions());
  }

  @Test
  void pragmaNoCacheCountsForRequestsWithoutCacheControl() {
    assertTrue(CacheControl.ofRequest(Heads.headers("Pragma: no-cache")).noCache());
    assertFalse(CacheControl.ofRequest(
        Heads.headers("Pragma: no-cache", "Cache-Control: max-age=5")).noCache());
    assertFalse(CacheControl.ofResponse(Heads.headers("Pragma: no-cache")).noCache());
  }

  @Test
  void noneIsEmpty() {
    assertEquals(CacheControl.NONE, CacheControl.ofResponse(Heads.headers()));
    assertNull(CacheControl.NONE.maxAge());
  }
}
