package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sockstap.protocols.http.wire.Headers;

class CacheKeyTest {

  @Test
  void keyNamesDestinationHostAndTarget() {
    assertEquals("GET 11:victim.test 80 11:victim.test 2:/x",
        CacheKey.of("Victim.TEST", 80, "victim.test", "GET", "/x"));
  }

  /** C1: a response fetched from another destination with the same Host is another entry. */
  @Test
  void destinationDifferentFromHostIsAnotherKey() {
    String poisoned = CacheKey.of("127.0.0.2", 8080, "victim.test", "GET", "/x");
    String honest = CacheKey.of("victim.test", 8080, "victim.test", "GET", "/x");
    assertNotEquals(poisoned, honest);
    assertNotEquals(honest, CacheKey.of("victim.test", 8081, "victim.test", "GET", "/x"));
    assertNotEquals(honest, CacheKey.of("victim.test", 8080, "other.test", "GET", "/x"));
  }

  @Test
  void targetCaseAndMethodMatter() {
    assertNotEquals(CacheKey.of("a", 80, "a", "GET", "/X"), CacheKey.of("a", 80, "a", "GET", "/x"));
    assertNotEquals(CacheKey.of("a", 80, "a", "HEAD", "/x"),
        CacheKey.of("a", 80, "a", "GET", "/x"));
  }

  @Test
  void partsCannotBeShiftedIntoEachOther() {
    assertNotEquals(CacheKey.of("a 80 1:b", 80, "c", "GET", "/"),
        CacheKey.of("a", 80, "b 80 1:c", "GET", "/"));
  }

  @Test
  void rejectsBadPort() {
    assertThrows(IllegalArgumentException.class, () -> CacheKey.of("a", 70000, "a", "GET", "/"));
  }

  @Test
  void noVaryGivesEmptyVariant() {
    assertEquals("", CacheKey.variant(Heads.headers(), Heads.headers("Accept: x")));
  }

  /** C2: Vary: * is never a hit. */
  @Test
  void varyStarIsNull() {
    assertNull(CacheKey.variant(Heads.headers("Vary: Accept, *"), Heads.headers()));
    assertNull(CacheKey.variant(Heads.headers("Vary: Accept", "Vary: *"), Heads.headers()));
    assertTrue(CacheKey.varyStar(Heads.headers("Vary: *")));
  }

  /** C2: Vary: Accept-Encoding keeps separate variants. */
  @Test
  void acceptEncodingSeparatesVariants() {
    Headers vary = Heads.headers("Vary: Accept-Encoding");
    String gzip = CacheKey.variant(vary, Heads.headers("Accept-Encoding: gzip"));
    String br = CacheKey.variant(vary, Heads.headers("Accept-Encoding: br"));
    String none = CacheKey.variant(vary, Heads.headers());
    String empty = CacheKey.variant(vary, Heads.headers("Accept-Encoding:"));
    assertNotEquals(gzip, br);
    assertNotEquals(gzip, none);
    assertNotEquals(none, empty);
  }

  @Test
  void variantNormalisesWhitespaceFieldSplittingNameCaseAndOrder() {
    Headers vary1 = Heads.headers("Vary: accept-encoding, Accept-Language");
    Headers vary2 = Heads.headers("Vary: ACCEPT-LANGUAGE", "Vary: Accept-Encoding");
    String a = CacheKey.variant(vary1,
        Heads.headers("Accept-Encoding: gzip,  br", "Accept-Language: de"));
    String b = CacheKey.variant(vary2,
        Heads.headers("accept-language: de", "Accept-Encoding: gzip", "Accept-Encoding: br"));
    assertEquals(a, b);
    String c = CacheKey.variant(vary1,
        Heads.headers("Accept-Encoding: br, gzip", "Accept-Language: de"));
    assertNotEquals(a, c);
  }

  @Test
  void variantIgnoresFieldsNotListed() {
    Headers vary = Heads.headers("Vary: Accept-Encoding");
    assertEquals(CacheKey.variant(vary, Heads.headers("Accept-Encoding: gzip", "Cookie: a")),
        CacheKey.variant(vary, Heads.headers("Accept-Encoding: gzip", "Cookie: b")));
  }
}
