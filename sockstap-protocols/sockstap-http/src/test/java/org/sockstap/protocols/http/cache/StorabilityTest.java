package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

class StorabilityTest {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final String DATE = "Date: Thu, 01 Jan 2026 12:00:00 GMT";
  static final String ETAG = "ETag: \"v1\"";
  static final Duration DEFAULT = Duration.ofHours(1);

  private static String refusal(RequestHead request, ResponseHead response) {
    return Storability.refusal(request, response, true, NOW, DEFAULT);
  }

  static Stream<Arguments> table() {
    RequestHead plain = Heads.get();
    return Stream.of(
        // storable
        Arguments.of(plain, Heads.response(200, DATE, "Cache-Control: max-age=60"), null),
        Arguments.of(plain, Heads.response(200, DATE, ETAG), null),
        Arguments.of(plain, Heads.response(200, DATE,
            "Last-Modified: Wed, 01 Oct 2025 00:00:00 GMT"), null),
        Arguments.of(plain, Heads.response(404, DATE, ETAG), null),
        Arguments.of(plain, Heads.response(301, DATE, "Cache-Control: public"), null),
        Arguments.of(plain, Heads.response(200, DATE,
            "Expires: Thu, 01 Jan 2026 13:00:00 GMT"), null),
        Arguments.of(plain, Heads.response(500, DATE, "Cache-Control: max-age=5"), null),
        // methods and statuses
        Arguments.of(Heads.request("HEAD", "/x"),
            Heads.response(200, DATE, "Cache-Control: max-age=60"), "method HEAD"),
        Arguments.of(Heads.request("POST", "/x"),
            Heads.response(200, DATE, "Cache-Control: max-age=60"), "method POST"),
        Arguments.of(plain, Heads.response(206, DATE, "Cache-Control: max-age=60",
            "Content-Range: bytes 0-9/100"), "partial content"),
        Arguments.of(plain, Heads.response(304, DATE, ETAG), "not modified"),
        Arguments.of(plain, Heads.response(100), "interim response"),
        // C2
        Arguments.of(plain, Heads.response(200, DATE, "Cache-Control: max-age=60, no-store"),
            "no-store"),
        Arguments.of(Heads.get("Cache-Control: no-store"),
            Heads.response(200, DATE, "Cache-Control: max-age=60"), "no-store"),
        Arguments.of(plain, Heads.response(200, DATE, "Cache-Control: private, max-age=60"),
            "private"),
        Arguments.of(plain, Heads.response(200, DATE,
            "Cache-Control: private=\"X-A\", max-age=60"), "private"),
        Arguments.of(Heads.get("Authorization: Bearer t"),
            Heads.response(200, DATE, "Cache-Control: max-age=60"), "authorization"),
        Arguments.of(Heads.get("Authorization: Bearer t"),
            Heads.response(200, DATE, "Cache-Control: public, max-age=60"), null),
        Arguments.of(Heads.get("Authorization: Bearer t"),
            Heads.response(200, DATE, "Cache-Control: s-maxage=60"), null),
        Arguments.of(Heads.get("Authorization: Bearer t"),
            Heads.response(200, DATE, "Cache-Control: must-revalidate, max-age=60"), null),
        Arguments.of(plain, Heads.response(200, DATE, "Cache-Control: max-age=60",
            "Vary: *"), "vary *"),
        // C5
        Arguments.of(plain, Heads.response(200, DATE, "Set-Cookie: sid=1"), "set-cookie"),
        Arguments.of(plain, Heads.response(200, DATE, "Set-Cookie: sid=1",
            "Cache-Control: max-age=60"), "set-cookie"),
        Arguments.of(plain, Heads.response(200, DATE), "no validator and no freshness"),
        Arguments.of(plain, Heads.response(200), "no validator and no freshness"),
        Arguments.of(plain, Heads.response(200, DATE, "Cache-Control: max-age=0"),
            "stale without validator"),
        Arguments.of(plain, Heads.response(200, DATE, "Expires: 0"),
            "stale without validator"),
        Arguments.of(plain, Heads.response(200, "Expires: Thu, 01 Jan 2026 11:00:00 GMT"),
            "stale without validator"),
        Arguments.of(plain, Heads.response(200, "Expires: Thu, 01 Jan 2026 13:00:00 GMT"),
            null));
  }

  @ParameterizedTest
  @MethodSource("table")
  void decides(RequestHead request, ResponseHead response, String expected) {
    assertEquals(expected, refusal(request, response));
  }

  /** C5: error statuses without freshness, even with validators, are never stored. */
  @ParameterizedTest
  @ValueSource(ints = {400, 403, 413, 431, 500, 502, 503, 504, 302, 307})
  void errorAndUncacheableStatusesNeedExplicitFreshness(int status) {
    assertEquals("status " + status + " without explicit freshness",
        refusal(Heads.get(), Heads.response(status, DATE, ETAG,
            "Last-Modified: Wed, 01 Oct 2025 00:00:00 GMT")));
  }

  /** C5: web cache deception — a .css target decides nothing. */
  @Test
  void extensionDecidesNothing() {
    RequestHead css = Heads.request("GET", "/account/settings.css");
    assertEquals("set-cookie", refusal(css, Heads.response(200, DATE, "Set-Cookie: sid=1",
        "Content-Type: text/css")));
    assertEquals("no validator and no freshness",
        refusal(css, Heads.response(200, DATE, "Content-Type: text/css")));
  }

  @Test
  void privateCacheMayStorePrivateAndAuthorized() {
    assertNull(Storability.refusal(Heads.get("Authorization: Basic eDp5"),
        Heads.response(200, DATE, "Cache-Control: private, max-age=60"), false, NOW, DEFAULT));
  }
}
