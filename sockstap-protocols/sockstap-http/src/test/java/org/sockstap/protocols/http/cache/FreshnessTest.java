package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.protocols.http.cache.Freshness.Decision;
import org.sockstap.protocols.http.wire.ResponseHead;

class FreshnessTest {

  static final String DATE = "Date: Thu, 01 Jan 2026 12:00:00 GMT";
  static final Duration DEFAULT = Duration.ofHours(1);

  static Stream<Arguments> lifetimes() {
    return Stream.of(
        Arguments.of(Heads.response(200, DATE, "Cache-Control: max-age=60, s-maxage=600"), 600),
        Arguments.of(Heads.response(200, DATE, "Cache-Control: max-age=60",
            "Expires: Thu, 01 Jan 2026 13:00:00 GMT"), 60),
        Arguments.of(Heads.response(200, DATE, "Expires: Thu, 01 Jan 2026 13:00:00 GMT"), 3600),
        Arguments.of(Heads.response(200, DATE, "Expires: Thu, 01 Jan 2026 11:00:00 GMT"), 0),
        Arguments.of(Heads.response(200, DATE, "Expires: 0"), 0),
        Arguments.of(Heads.response(200, "Expires: Thu, 01 Jan 2026 13:00:00 GMT"), 0),
        // RFC 850 and asctime dates
        Arguments.of(Heads.response(200, "Date: Thursday, 01-Jan-26 12:00:00 GMT",
            "Expires: Thu Jan  1 12:00:10 2026"), 10),
        // heuristic: 10% of 10 days = 1 day, capped at 1 hour
        Arguments.of(Heads.response(200, DATE,
            "Last-Modified: Mon, 22 Dec 2025 12:00:00 GMT"), 3600),
        // heuristic: 10% of 1000 s
        Arguments.of(Heads.response(200, DATE,
            "Last-Modified: Thu, 01 Jan 2026 11:43:20 GMT"), 100),
        Arguments.of(Heads.response(200, DATE,
            "Last-Modified: Thu, 01 Jan 2026 13:00:00 GMT"), 0),
        Arguments.of(Heads.response(500, DATE,
            "Last-Modified: Thu, 01 Jan 2026 11:43:20 GMT"), 0),
        Arguments.of(Heads.response(200, DATE, "ETag: \"a\""), 0),
        Arguments.of(Heads.response(200, DATE, "Cache-Control: public"), 3600),
        Arguments.of(Heads.response(500, DATE, "Cache-Control: public",
            "Last-Modified: Thu, 01 Jan 2026 11:43:20 GMT"), 100));
  }

  @ParameterizedTest
  @MethodSource("lifetimes")
  void lifetime(ResponseHead response, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Freshness.lifetime(response, DEFAULT, 0.1));
  }

  @Test
  void privateCacheIgnoresSMaxAge() {
    assertEquals(Duration.ofSeconds(60), Freshness.lifetime(
        Heads.response(200, DATE, "Cache-Control: max-age=60, s-maxage=600"), false, DEFAULT,
        0.1));
  }

  @Test
  void rejectsBadParameters() {
    ResponseHead r = Heads.response(200);
    assertThrows(IllegalArgumentException.class,
        () -> Freshness.lifetime(r, Duration.ofSeconds(-1), 0.1));
    assertThrows(IllegalArgumentException.class, () -> Freshness.lifetime(r, DEFAULT, 1.5));
    assertThrows(IllegalArgumentException.class,
        () -> Freshness.lifetime(r, DEFAULT, Double.NaN));
  }

  static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

  static Stream<Arguments> ages() {
    return Stream.of(
        // no Age, Date == response time, no delay, 30 s resident
        Arguments.of(Heads.response(200, DATE), T, T, T.plusSeconds(30), 30),
        // Age 100 plus 2 s response delay plus 10 s resident
        Arguments.of(Heads.response(200, DATE, "Age: 100"), T.minusSeconds(2), T,
            T.plusSeconds(10), 112),
        // Date 50 s before the response arrived: apparent age wins over Age 20
        Arguments.of(Heads.response(200, "Date: Thu, 01 Jan 2026 11:59:10 GMT", "Age: 20"),
            T.minusSeconds(1), T, T, 50),
        // Date in the future: apparent age 0
        Arguments.of(Heads.response(200, "Date: Thu, 01 Jan 2026 12:10:00 GMT"), T, T,
            T.plusSeconds(5), 5),
        // invalid Age ignored, first valid one used
        Arguments.of(Heads.response(200, DATE, "Age: x", "Age: 7", "Age: 9"), T, T, T, 7),
        // no Date
        Arguments.of(Heads.response(200, "Age: 3"), T, T, T.plusSeconds(1), 4),
        // clock went backwards
        Arguments.of(Heads.response(200, DATE), T, T, T.minusSeconds(100), 0));
  }

  @ParameterizedTest
  @MethodSource("ages")
  void currentAge(ResponseHead stored, Instant requestTime, Instant responseTime, Instant now,
      long seconds) {
    assertEquals(Duration.ofSeconds(seconds),
        Freshness.currentAge(stored, requestTime, responseTime, now));
  }

  static Stream<Arguments> decisions() {
    String none = "X-None: 1";
    return Stream.of(
        Arguments.of(none, none, 10, 60, Decision.FRESH),
        Arguments.of(none, none, 60, 60, Decision.STALE_REVALIDATE),
        Arguments.of(none, none, 61, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: no-cache", none, 0, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Pragma: no-cache", none, 0, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: max-age=0", none, 0, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: max-age=20", none, 10, 60, Decision.FRESH),
        Arguments.of("Cache-Control: max-age=20", none, 21, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: min-fresh=50", none, 10, 60, Decision.FRESH),
        Arguments.of("Cache-Control: min-fresh=51", none, 10, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: max-stale", none, 1000, 60,
            Decision.STALE_SERVE_ALLOWED),
        Arguments.of("Cache-Control: max-stale=30", none, 90, 60,
            Decision.STALE_SERVE_ALLOWED),
        Arguments.of("Cache-Control: max-stale=30", none, 91, 60, Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: max-stale", "Cache-Control: must-revalidate", 61, 60,
            Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: max-stale", "Cache-Control: proxy-revalidate", 61, 60,
            Decision.STALE_REVALIDATE),
        Arguments.of("Cache-Control: max-stale", "Cache-Control: s-maxage=60", 61, 60,
            Decision.STALE_REVALIDATE),
        Arguments.of(none, "Cache-Control: must-revalidate", 10, 60, Decision.FRESH),
        Arguments.of(none, "Cache-Control: no-cache", 0, 60, Decision.STALE_REVALIDATE),
        Arguments.of(none, "Cache-Control: no-cache=\"X-A\"", 0, 60,
            Decision.STALE_REVALIDATE));
  }

  @ParameterizedTest
  @MethodSource("decisions")
  void decide(String requestField, String responseField, long age, long lifetime,
      Decision expected) {
    assertEquals(expected, Freshness.decide(Heads.get(requestField),
        Heads.response(200, DATE, responseField), Duration.ofSeconds(age),
        Duration.ofSeconds(lifetime)));
  }

  static Stream<Arguments> staleIfError() {
    Duration sixty = Duration.ofSeconds(60);
    return Stream.of(
        Arguments.of(Heads.get(), "max-age=10", sixty, 70, true),
        Arguments.of(Heads.get(), "max-age=10", sixty, 71, false),
        Arguments.of(Heads.get(), "max-age=10", Duration.ZERO, 11, false),
        Arguments.of(Heads.get(), "max-age=10, stale-if-error=100", Duration.ZERO, 110, true),
        Arguments.of(Heads.get(), "max-age=10, stale-if-error=5", sixty, 70, true),
        Arguments.of(Heads.get(), "max-age=10, must-revalidate", sixty, 11, false),
        Arguments.of(Heads.get(), "max-age=10, proxy-revalidate", sixty, 11, false),
        Arguments.of(Heads.get(), "s-maxage=10", sixty, 11, false),
        Arguments.of(Heads.get(), "max-age=10, no-cache", sixty, 11, false),
        Arguments.of(Heads.get("Cache-Control: no-cache"), "max-age=10", sixty, 11, false),
        Arguments.of(Heads.get("Pragma: no-cache"), "max-age=10", sixty, 11, false));
  }

  @ParameterizedTest
  @MethodSource("staleIfError")
  void staleIfError(org.sockstap.protocols.http.wire.RequestHead request, String cacheControl,
      Duration configured, long age, boolean allowed) {
    ResponseHead stored = Heads.response(200, DATE, "Cache-Control: " + cacheControl);
    assertEquals(allowed, Freshness.staleIfError(request, stored, Duration.ofSeconds(age),
        Freshness.lifetime(stored, DEFAULT, 0.1), configured));
  }
}
