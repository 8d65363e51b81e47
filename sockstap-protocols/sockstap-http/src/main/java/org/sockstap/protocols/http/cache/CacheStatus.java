package org.sockstap.protocols.http.cache;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@code Cache-Status} field value (RFC 9211) SocksTap adds to responses, and the
 * {@code Age} field value (RFC 9111 §5.1); names Squid's {@code X-Cache} field, which SocksTap
 * adds next to {@code Cache-Status} for the tools that count hits by it.
 *
 * <p>Examples: {@code SocksTap; hit}, {@code SocksTap; fwd=miss; stored}, {@code SocksTap;
 * fwd=stale; fwd-status=304}, {@code SocksTap; fwd=uri-miss; detail="set-cookie"}.
 */
public final class CacheStatus {

  /** The cache name, an sf-token. */
  public static final String NAME = "SocksTap";

  /** Squid's field saying whether a response came from the cache. */
  public static final String X_CACHE = "X-Cache";

  /**
   * The {@link #X_CACHE} value of a response served from a stored one: a fresh hit, a stale
   * one revalidated by a 304, or one served because of {@code stale-if-error} (as Squid counts
   * them).
   */
  public static final String X_CACHE_HIT = "HIT from sockstap";

  /** The {@link #X_CACHE} value of a response the server sent (stored or not). */
  public static final String X_CACHE_MISS = "MISS from sockstap";

  /** Why a request went forward to the origin (RFC 9211 §2.2). */
  public enum Forward {
    /** The cache was bypassed, for example by configuration. */
    BYPASS("bypass"),
    /** Nothing was stored under the URI. */
    URI_MISS("uri-miss"),
    /** Responses were stored for the URI, but none for this request's Vary values. */
    VARY_MISS("vary-miss"),
    /** A miss whose kind is not told apart. */
    MISS("miss"),
    /** The request asked to go forward ({@code no-cache}, {@code max-age=0}). */
    REQUEST("request"),
    /** The stored response was stale and was revalidated or replaced. */
    STALE("stale"),
    /** Only part of the response was stored. */
    PARTIAL("partial");

    private final String token;

    Forward(String token) {
      this.token = token;
    }

    /**
     * Returns the parameter value as sent.
     *
     * @return for example {@code uri-miss}
     */
    public String token() {
      return token;
    }
  }

  private CacheStatus() {}

  /**
   * Returns the value for a response served from the cache.
   *
   * @return {@code SocksTap; hit}
   */
  public static String hit() {
    return NAME + "; hit";
  }

  /**
   * Returns the value for a response served from the cache, with its remaining freshness.
   *
   * @param ttl the freshness lifetime minus the current age; negative when served stale
   * @return for example {@code SocksTap; hit; ttl=120}
   */
  public static String hit(Duration ttl) {
    return hit() + "; ttl=" + ttl.getSeconds();
  }

  /**
   * Returns the value for a response fetched from the origin.
   *
   * @param forward why the request went forward
   * @param stored whether the response was stored
   * @return for example {@code SocksTap; fwd=miss; stored}
   */
  public static String forward(Forward forward, boolean stored) {
    return forward(forward, null, stored, null);
  }

  /**
   * Returns the value for a response fetched from the origin, with details.
   *
   * @param forward why the request went forward
   * @param forwardStatus the status the origin answered with (for example 304 after a
   *     revalidation), or null to leave it out
   * @param stored whether the response was stored (or the stored one updated)
   * @param detail free text, for example a {@link Storability#refusal} reason, or null; sent as
   *     an sf-string, with characters outside printable ASCII replaced by {@code ?}
   * @return for example {@code SocksTap; fwd=stale; fwd-status=304; stored}
   */
  public static String forward(Forward forward, @Nullable Integer forwardStatus, boolean stored,
      @Nullable String detail) {
    Objects.requireNonNull(forward, "forward");
    StringBuilder value = new StringBuilder(NAME).append("; fwd=").append(forward.token());
    if (forwardStatus != null) {
      value.append("; fwd-status=").append(forwardStatus.intValue());
    }
    if (stored) {
      value.append("; stored");
    }
    if (detail != null) {
      value.append("; detail=\"");
      for (int i = 0; i < detail.length(); i++) {
        char c = detail.charAt(i);
        if (c == '"' || c == '\\') {
          value.append('\\').append(c);
        } else if (c < 0x20 || c > 0x7E) {
          value.append('?');
        } else {
          value.append(c);
        }
      }
      value.append('"');
    }
    return value.toString();
  }

  /**
   * Returns the {@code Age} field value: whole seconds, rounded down, never negative, at most
   * 2147483648 (RFC 9111 §1.2.2).
   *
   * @param age the current age
   * @return for example {@code "42"}
   */
  public static String ageValue(Duration age) {
    long seconds = Math.max(0, age.getSeconds());
    return Long.toString(Math.min(seconds, Ascii.MAX_DELTA_SECONDS));
  }
}
