package org.sockstap.protocols.http.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * Freshness lifetime, current age and the serve-or-revalidate decision of a shared cache (RFC
 * 9111 §4.2 and §4.3).
 *
 * <p>The functions assume the stored response has a Date field: RFC 9110 §6.6.1 asks a cache
 * that receives a response without one to add the time it was received before storing it. An
 * {@code Expires} without a Date gives a lifetime of zero.
 */
public final class Freshness {

  /**
   * The status codes that are heuristically cacheable (RFC 9110 §15.1), so that a cache may
   * store them without explicit freshness. 206 is listed there too, but SocksTap never stores
   * a partial response as a complete one, so it is left out.
   */
  static final Set<Integer> DEFAULT_CACHEABLE =
      Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

  /** What a cache may do with a stored response for a request. */
  public enum Decision {
    /** The stored response is fresh enough for this request: serve it. */
    FRESH,
    /**
     * The stored response must not be served without validating it with the origin first: send
     * the request with {@link Validation#conditionalHeaders} and merge a 304.
     */
    STALE_REVALIDATE,
    /** The stored response is stale, but the request's {@code max-stale} accepts it. */
    STALE_SERVE_ALLOWED
  }

  private Freshness() {}

  /**
   * Returns the freshness lifetime a shared cache gives a response; same as {@link
   * #lifetime(ResponseHead, boolean, Duration, double)} with {@code sharedCache = true}.
   *
   * @param response the response
   * @param heuristicDefault the cap of heuristic lifetimes and the lifetime of a {@code public}
   *     response without other freshness information
   * @param heuristicFraction the fraction of {@code Date - Last-Modified} used heuristically,
   *     typically 0.1
   * @return the lifetime, zero or more
   */
  public static Duration lifetime(ResponseHead response, Duration heuristicDefault,
      double heuristicFraction) {
    return lifetime(response, true, heuristicDefault, heuristicFraction);
  }

  /**
   * Returns the freshness lifetime of a response (RFC 9111 §4.2.1), from the first that
   * applies:
   *
   * <ol>
   *   <li>{@code s-maxage}, in a shared cache;
   *   <li>{@code max-age};
   *   <li>{@code Expires - Date}: an Expires that is not a valid date (such as {@code 0}) or a
   *       missing Date gives zero;
   *   <li>a heuristic (RFC 9111 §4.2.2), only for a status that is cacheable by default or a
   *       response marked {@code public}: {@code heuristicFraction × (Date - Last-Modified)},
   *       capped at {@code heuristicDefault}, when both dates are present;
   *   <li>{@code heuristicDefault} for a {@code public} response without Last-Modified (the
   *       origin said it may be stored, and gave nothing better — DeleGate's EXPIRE);
   *   <li>zero otherwise: a cache never invents freshness for a response with no information
   *       (such a response is only useful with a validator).
   * </ol>
   *
   * @param response the response
   * @param sharedCache whether {@code s-maxage} applies
   * @param heuristicDefault the cap of heuristic lifetimes, and the lifetime of a {@code
   *     public} response with no other information; zero disables heuristics
   * @param heuristicFraction the fraction of {@code Date - Last-Modified}, 0 to 1
   * @return the lifetime, zero or more
   * @throws IllegalArgumentException if {@code heuristicDefault} is negative or the fraction is
   *     outside 0 to 1
   */
  public static Duration lifetime(ResponseHead response, boolean sharedCache,
      Duration heuristicDefault, double heuristicFraction) {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(heuristicDefault, "heuristicDefault");
    if (heuristicDefault.isNegative()) {
      throw new IllegalArgumentException(
          "heuristicDefault: " + heuristicDefault + " (expected: zero or more)");
    }
    if (!(heuristicFraction >= 0 && heuristicFraction <= 1)) {
      throw new IllegalArgumentException(
          "heuristicFraction: " + heuristicFraction + " (expected: 0-1)");
    }
    Headers headers = response.headers();
    CacheControl cc = CacheControl.ofResponse(headers);
    if (sharedCache && cc.sMaxAge() != null) {
      return cc.sMaxAge();
    }
    if (cc.maxAge() != null) {
      return cc.maxAge();
    }
    String expires = headers.first("Expires");
    if (expires != null) {
      Instant expiresAt = Ascii.httpDate(expires);
      Instant date = Ascii.httpDate(headers.first("Date"));
      if (expiresAt == null || date == null || !expiresAt.isAfter(date)) {
        return Duration.ZERO;
      }
      return Duration.between(date, expiresAt);
    }
    if (!cc.isPublic() && !DEFAULT_CACHEABLE.contains(response.status())) {
      return Duration.ZERO;
    }
    Instant lastModified = Ascii.httpDate(headers.first("Last-Modified"));
    Instant date = Ascii.httpDate(headers.first("Date"));
    if (lastModified != null && date != null) {
      if (!date.isAfter(lastModified)) {
        return Duration.ZERO;
      }
      long millis = (long) (Duration.between(lastModified, date).toMillis() * heuristicFraction);
      Duration heuristic = Duration.ofMillis(millis);
      return heuristic.compareTo(heuristicDefault) > 0 ? heuristicDefault : heuristic;
    }
    return cc.isPublic() ? heuristicDefault : Duration.ZERO;
  }

  /**
   * Returns whether a response carries explicit freshness information: {@code max-age}, {@code
   * s-maxage} (shared caches), {@code Expires} or {@code public}.
   *
   * @param response the response
   * @param sharedCache whether {@code s-maxage} counts
   * @return true if the origin said how long, or that, the response may be stored
   */
  public static boolean hasExplicitFreshness(ResponseHead response, boolean sharedCache) {
    CacheControl cc = CacheControl.ofResponse(response.headers());
    return cc.maxAge() != null || (sharedCache && cc.sMaxAge() != null) || cc.isPublic()
        || response.headers().contains("Expires");
  }

  /**
   * Returns the current age of a stored response (RFC 9111 §4.2.3):
   *
   * <pre>
   * apparent_age          = max(0, response_time - date_value)
   * response_delay        = response_time - request_time
   * corrected_age_value   = age_value + response_delay
   * corrected_initial_age = max(apparent_age, corrected_age_value)
   * resident_time         = now - response_time
   * current_age           = corrected_initial_age + resident_time
   * </pre>
   *
   * <p>age_value is the first valid Age field (0 without one); without a valid Date the
   * apparent age is 0. Negative delays and resident times, from a clock that went backwards,
   * count as 0.
   *
   * @param stored the stored response
   * @param requestTime when the request that got it was sent
   * @param responseTime when its head was received
   * @param now the current time
   * @return the current age, zero or more
   */
  public static Duration currentAge(ResponseHead stored, Instant requestTime,
      Instant responseTime, Instant now) {
    Duration ageValue = Duration.ZERO;
    for (String age : stored.headers().all("Age")) {
      Duration parsed = Ascii.deltaSeconds(Ascii.trim(age));
      if (parsed != null) {
        ageValue = parsed;
        break;
      }
    }
    Instant date = Ascii.httpDate(stored.headers().first("Date"));
    Duration apparentAge = date == null ? Duration.ZERO : nonNegative(date, responseTime);
    Duration correctedAgeValue = ageValue.plus(nonNegative(requestTime, responseTime));
    Duration correctedInitialAge =
        apparentAge.compareTo(correctedAgeValue) > 0 ? apparentAge : correctedAgeValue;
    return correctedInitialAge.plus(nonNegative(responseTime, now));
  }

  private static Duration nonNegative(Instant from, Instant to) {
    Duration between = Duration.between(from, to);
    return between.isNegative() ? Duration.ZERO : between;
  }

  /**
   * Decides whether a stored response may be served for a request (RFC 9111 §4.2, §4.3,
   * §5.2), in a shared cache:
   *
   * <ul>
   *   <li>request {@code no-cache} (or {@code Pragma: no-cache} without Cache-Control), request
   *       {@code max-age=0}, or response {@code no-cache} (bare or qualified): revalidate;
   *   <li>request {@code max-age=n} with an age above n, or {@code min-fresh=n} with less than
   *       n of freshness left: revalidate;
   *   <li>fresh ({@code lifetime > age}): serve;
   *   <li>stale with response {@code must-revalidate}, {@code proxy-revalidate} or {@code
   *       s-maxage} (which implies proxy-revalidate, §5.2.2.10): revalidate;
   *   <li>stale within the request's {@code max-stale}: may be served stale;
   *   <li>otherwise: revalidate.
   * </ul>
   *
   * @param request the new request
   * @param stored the stored response
   * @param age its current age, from {@link #currentAge}
   * @param lifetime its freshness lifetime, from {@link #lifetime}
   * @return the decision
   */
  public static Decision decide(RequestHead request, ResponseHead stored, Duration age,
      Duration lifetime) {
    CacheControl req = CacheControl.ofRequest(request.headers());
    CacheControl res = CacheControl.ofResponse(stored.headers());
    if (req.noCache() || res.noCache()) {
      return Decision.STALE_REVALIDATE;
    }
    @Nullable Duration maxAge = req.maxAge();
    if (maxAge != null && (maxAge.isZero() || age.compareTo(maxAge) > 0)) {
      return Decision.STALE_REVALIDATE;
    }
    boolean fresh = lifetime.compareTo(age) > 0;
    if (fresh) {
      @Nullable Duration minFresh = req.minFresh();
      if (minFresh != null && lifetime.minus(age).compareTo(minFresh) < 0) {
        return Decision.STALE_REVALIDATE;
      }
      return Decision.FRESH;
    }
    if (res.mustRevalidate() || res.proxyRevalidate() || res.sMaxAge() != null) {
      return Decision.STALE_REVALIDATE;
    }
    if (req.maxStale()) {
      @Nullable Duration limit = req.maxStaleLimit();
      if (limit == null || age.minus(lifetime).compareTo(limit) <= 0) {
        return Decision.STALE_SERVE_ALLOWED;
      }
    }
    return Decision.STALE_REVALIDATE;
  }

  /**
   * Returns whether a stored response may stand in for an error of the server (RFC 5861 §4,
   * {@code stale-if-error}): when the server cannot be reached or answers 500, 502, 503 or 504.
   *
   * <p>Never when the request says {@code no-cache} (or {@code Pragma: no-cache}), nor when the
   * stored response says {@code no-cache}, {@code must-revalidate}, {@code proxy-revalidate} or
   * {@code s-maxage} (which implies proxy-revalidate in a shared cache). Otherwise allowed while
   * the response is no more than the larger of {@code configured} and its own {@code
   * stale-if-error=N} directive past its lifetime.
   *
   * @param request the new request
   * @param stored the stored response
   * @param age its current age, from {@link #currentAge}
   * @param lifetime its freshness lifetime, from {@link #lifetime}
   * @param configured the bound the cache is configured with; zero when only the response's
   *     directive counts
   * @return true if the stored response may be served instead of the error
   */
  public static boolean staleIfError(RequestHead request, ResponseHead stored, Duration age,
      Duration lifetime, Duration configured) {
    CacheControl req = CacheControl.ofRequest(request.headers());
    CacheControl res = CacheControl.ofResponse(stored.headers());
    if (req.noCache() || res.noCache() || res.mustRevalidate() || res.proxyRevalidate()
        || res.sMaxAge() != null) {
      return false;
    }
    Duration bound = configured;
    String directive = res.extensions().get("stale-if-error");
    Duration own = directive == null ? null : Ascii.deltaSeconds(directive);
    if (own != null && own.compareTo(bound) > 0) {
      bound = own;
    }
    return !bound.isZero() && age.minus(lifetime).compareTo(bound) <= 0;
  }
}
