package org.sockstap.protocols.http.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * Decides whether a response may be stored (RFC 9111 §3), with SocksTap's stricter defaults
 * against cache poisoning and deception (tests C2 and C5). The decision looks at methods,
 * status codes and fields only — never at the file extension of the target.
 */
public final class Storability {

  private Storability() {}

  /**
   * Returns why a response must not be stored, or null if it may be. The rules, in order:
   *
   * <ol>
   *   <li>only responses to GET ({@code method HEAD}, {@code method POST}, ...); HEAD responses
   *       have no body to store;
   *   <li>only final responses ({@code interim response}); a 304 is merged into a stored
   *       response, never stored itself ({@code not modified}); a 206 is never stored as a
   *       complete response ({@code partial content});
   *   <li>{@code no-store} in the request or the response ({@code no-store});
   *   <li>{@code private} in a shared cache, bare or qualified ({@code private});
   *   <li>a request with Authorization, in a shared cache, unless the response has {@code
   *       public}, {@code s-maxage} or {@code must-revalidate} (RFC 9111 §3.5; {@code
   *       authorization});
   *   <li>a response with Set-Cookie ({@code set-cookie}): personal data must not be served to
   *       other clients;
   *   <li>{@code Vary: *} ({@code vary *}): it could never be a hit;
   *   <li>a status that is not cacheable by default (RFC 9110 §15.1) without explicit freshness:
   *       {@code max-age}, {@code s-maxage}, {@code Expires} or {@code public} ({@code status
   *       500 without explicit freshness}); this keeps 400, 413, 431, 500 and 502 out;
   *   <li>no explicit freshness and no validator — neither ETag nor Last-Modified, which is also
   *       what a heuristic lifetime needs ({@code no validator and no freshness});
   *   <li>explicit freshness that is already used up, and no validator ({@code stale without
   *       validator}): it could never be served, except with {@code max-stale}.
   * </ol>
   *
   * @param request the request that was forwarded
   * @param response the response head received for it
   * @param sharedCache true for a cache shared by several clients (SocksTap's); false lets
   *     {@code private} and Authorization responses be stored
   * @param now the time the response was received; stands in for a missing Date
   * @param heuristicDefault the heuristic cap, as given to {@link Freshness#lifetime}
   * @return null if the response may be stored, else a short reason
   */
  public static @Nullable String refusal(RequestHead request, ResponseHead response,
      boolean sharedCache, Instant now, Duration heuristicDefault) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(heuristicDefault, "heuristicDefault");
    if (!request.method().equals("GET")) {
      return "method " + request.method();
    }
    int status = response.status();
    if (status < 200) {
      return "interim response";
    }
    if (status == 304) {
      return "not modified";
    }
    if (status == 206) {
      return "partial content";
    }
    Headers headers = response.headers();
    CacheControl req = CacheControl.ofRequest(request.headers());
    CacheControl res = CacheControl.ofResponse(headers);
    if (req.noStore() || res.noStore()) {
      return "no-store";
    }
    if (sharedCache && res.isPrivate()) {
      return "private";
    }
    if (sharedCache && request.headers().contains("Authorization")
        && !res.isPublic() && res.sMaxAge() == null && !res.mustRevalidate()) {
      return "authorization";
    }
    if (headers.contains("Set-Cookie") || headers.contains("Set-Cookie2")) {
      return "set-cookie";
    }
    if (CacheKey.varyStar(headers)) {
      return "vary *";
    }
    boolean explicit = Freshness.hasExplicitFreshness(response, sharedCache);
    if (!explicit && !Freshness.DEFAULT_CACHEABLE.contains(status)) {
      return "status " + status + " without explicit freshness";
    }
    boolean validator = headers.contains("ETag") || headers.contains("Last-Modified");
    if (!explicit && !validator) {
      return "no validator and no freshness";
    }
    if (explicit && !validator) {
      ResponseHead dated = response;
      if (!headers.contains("Date")) {
        Headers withDate = headers.copy();
        withDate.add("Date", imfFixdate(now));
        dated = new ResponseHead(response.version(), status, response.reason(), withDate);
      }
      if (Freshness.lifetime(dated, sharedCache, heuristicDefault, 0).isZero()) {
        return "stale without validator";
      }
    }
    return null;
  }

  private static String imfFixdate(Instant instant) {
    return java.time.format.DateTimeFormatter
        .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
        .withZone(java.time.ZoneOffset.UTC)
        .format(instant);
  }
}
