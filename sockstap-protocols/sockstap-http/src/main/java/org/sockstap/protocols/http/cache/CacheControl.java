package org.sockstap.protocols.http.cache;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.Headers;

/**
 * The directives of the Cache-Control fields of a request or a response (RFC 9111 §5.2).
 *
 * <p>Parsing is tolerant and never throws. Directive names are case-insensitive; values may be
 * tokens or quoted strings. When a directive appears more than once, or with a value that is not
 * valid, the most restrictive reading wins:
 *
 * <ul>
 *   <li>{@code max-age}, {@code s-maxage}: the smallest value; an invalid value counts as 0
 *       (RFC 9111 §4.2.1 lets a cache treat conflicting or invalid freshness as stale);
 *   <li>{@code max-stale}: the smallest value; a bare {@code max-stale} (any staleness) only when
 *       no occurrence has a value; an invalid value is ignored (no staleness allowed by it);
 *   <li>{@code min-fresh}: the largest value; an invalid value is ignored;
 *   <li>{@code no-cache} and {@code private}: set if any occurrence is present, with the union of
 *       the field names listed by the qualified forms;
 *   <li>unknown directives are kept in {@link #extensions()} (first value wins) and otherwise
 *       ignored.
 * </ul>
 *
 * @param maxAge {@code max-age}, or null if absent
 * @param sMaxAge {@code s-maxage} (responses), or null if absent
 * @param maxStale whether {@code max-stale} is present (requests)
 * @param maxStaleLimit the value of {@code max-stale}, or null when absent or given without a
 *     value (any staleness accepted)
 * @param minFresh {@code min-fresh} (requests), or null if absent
 * @param noCache whether {@code no-cache} is present, bare or with field names (for requests
 *     also set by {@code Pragma: no-cache} when there is no Cache-Control field)
 * @param noCacheFields the field names of a qualified {@code no-cache}, lower-cased
 * @param noStore whether {@code no-store} is present
 * @param isPrivate whether {@code private} is present, bare or with field names
 * @param privateFields the field names of a qualified {@code private}, lower-cased
 * @param isPublic whether {@code public} is present
 * @param mustRevalidate whether {@code must-revalidate} is present
 * @param proxyRevalidate whether {@code proxy-revalidate} is present
 * @param onlyIfCached whether {@code only-if-cached} is present (requests)
 * @param immutable whether {@code immutable} (RFC 8246) is present
 * @param extensions unknown directives, lower-cased name to unquoted value ({@code ""} when
 *     given without a value), in order of first appearance
 */
public record CacheControl(
    @Nullable Duration maxAge,
    @Nullable Duration sMaxAge,
    boolean maxStale,
    @Nullable Duration maxStaleLimit,
    @Nullable Duration minFresh,
    boolean noCache,
    Set<String> noCacheFields,
    boolean noStore,
    boolean isPrivate,
    Set<String> privateFields,
    boolean isPublic,
    boolean mustRevalidate,
    boolean proxyRevalidate,
    boolean onlyIfCached,
    boolean immutable,
    Map<String, String> extensions) {

  /** No directives at all. */
  public static final CacheControl NONE = parse(List.of());

  /**
   * Copies the collections so the record cannot change.
   *
   * @param maxAge {@code max-age}
   * @param sMaxAge {@code s-maxage}
   * @param maxStale whether {@code max-stale} is present
   * @param maxStaleLimit the value of {@code max-stale}
   * @param minFresh {@code min-fresh}
   * @param noCache whether {@code no-cache} is present
   * @param noCacheFields the field names of a qualified {@code no-cache}
   * @param noStore whether {@code no-store} is present
   * @param isPrivate whether {@code private} is present
   * @param privateFields the field names of a qualified {@code private}
   * @param isPublic whether {@code public} is present
   * @param mustRevalidate whether {@code must-revalidate} is present
   * @param proxyRevalidate whether {@code proxy-revalidate} is present
   * @param onlyIfCached whether {@code only-if-cached} is present
   * @param immutable whether {@code immutable} is present
   * @param extensions unknown directives
   */
  public CacheControl {
    noCacheFields = Collections.unmodifiableSet(new LinkedHashSet<>(noCacheFields));
    privateFields = Collections.unmodifiableSet(new LinkedHashSet<>(privateFields));
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /**
   * Parses the Cache-Control fields of a request. Without any Cache-Control field, {@code
   * Pragma: no-cache} counts as {@code no-cache} (RFC 9111 §5.4 left it to caches; RFC 7234
   * §5.4 asked for it).
   *
   * @param request the request's header fields
   * @return the directives
   */
  public static CacheControl ofRequest(Headers request) {
    List<String> values = request.all("Cache-Control");
    CacheControl parsed = parse(values);
    if (values.isEmpty() && request.containsToken("Pragma", "no-cache")) {
      return new CacheControl(null, null, false, null, null, true, Set.of(), false, false,
          Set.of(), false, false, false, false, false, Map.of());
    }
    return parsed;
  }

  /**
   * Parses the Cache-Control fields of a response; Pragma is ignored.
   *
   * @param response the response's header fields
   * @return the directives
   */
  public static CacheControl ofResponse(Headers response) {
    return parse(response.all("Cache-Control"));
  }

  /**
   * Parses the values of one or more Cache-Control fields as one list.
   *
   * @param fieldValues the field values, in order
   * @return the directives; never throws
   */
  public static CacheControl parse(List<String> fieldValues) {
    Duration maxAge = null;
    Duration sMaxAge = null;
    boolean maxStale = false;
    boolean maxStaleBare = false;
    Duration maxStaleLimit = null;
    Duration minFresh = null;
    boolean noCache = false;
    Set<String> noCacheFields = new LinkedHashSet<>();
    boolean noStore = false;
    boolean isPrivate = false;
    Set<String> privateFields = new LinkedHashSet<>();
    boolean isPublic = false;
    boolean mustRevalidate = false;
    boolean proxyRevalidate = false;
    boolean onlyIfCached = false;
    boolean immutable = false;
    Map<String, String> extensions = new LinkedHashMap<>();
    for (String fieldValue : fieldValues) {
      for (String directive : Ascii.splitList(Objects.requireNonNull(fieldValue))) {
        int eq = directive.indexOf('=');
        String name = Ascii.lower(Ascii.trim(eq < 0 ? directive : directive.substring(0, eq)));
        String value = eq < 0 ? null : Ascii.unquote(Ascii.trim(directive.substring(eq + 1)));
        switch (name) {
          case "max-age":
            maxAge = min(maxAge, seconds(value, Duration.ZERO));
            break;
          case "s-maxage":
            sMaxAge = min(sMaxAge, seconds(value, Duration.ZERO));
            break;
          case "max-stale":
            if (value == null) {
              maxStale = true;
              maxStaleBare = true;
            } else {
              Duration limit = seconds(value, null);
              if (limit != null) {
                maxStale = true;
                maxStaleLimit = min(maxStaleLimit, limit);
              }
            }
            break;
          case "min-fresh":
            Duration fresh = seconds(value, null);
            if (fresh != null && (minFresh == null || fresh.compareTo(minFresh) > 0)) {
              minFresh = fresh;
            }
            break;
          case "no-cache":
            noCache = true;
            addFieldNames(noCacheFields, value);
            break;
          case "no-store":
            noStore = true;
            break;
          case "private":
            isPrivate = true;
            addFieldNames(privateFields, value);
            break;
          case "public":
            isPublic = true;
            break;
          case "must-revalidate":
            mustRevalidate = true;
            break;
          case "proxy-revalidate":
            proxyRevalidate = true;
            break;
          case "only-if-cached":
            onlyIfCached = true;
            break;
          case "immutable":
            immutable = true;
            break;
          default:
            if (!name.isEmpty()) {
              extensions.putIfAbsent(name, value == null ? "" : value);
            }
        }
      }
    }
    // A bare max-stale only counts when no occurrence gave a limit: the limit is stricter.
    if (maxStaleLimit != null) {
      maxStaleBare = false;
    }
    return new CacheControl(maxAge, sMaxAge, maxStale, maxStaleBare ? null : maxStaleLimit,
        minFresh, noCache, noCacheFields, noStore, isPrivate, privateFields, isPublic,
        mustRevalidate, proxyRevalidate, onlyIfCached, immutable, extensions);
  }

  private static @Nullable Duration seconds(@Nullable String value, @Nullable Duration invalid) {
    if (value == null) {
      return invalid;
    }
    Duration parsed = Ascii.deltaSeconds(value);
    return parsed == null ? invalid : parsed;
  }

  private static @Nullable Duration min(@Nullable Duration current, @Nullable Duration next) {
    if (current == null) {
      return next;
    }
    if (next == null) {
      return current;
    }
    return next.compareTo(current) < 0 ? next : current;
  }

  private static void addFieldNames(Set<String> names, @Nullable String value) {
    if (value == null) {
      return;
    }
    for (String name : Ascii.splitList(value)) {
      names.add(Ascii.lower(name));
    }
  }
}
