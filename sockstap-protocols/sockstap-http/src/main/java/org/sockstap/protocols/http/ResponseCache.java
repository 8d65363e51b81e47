package org.sockstap.protocols.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.Cache;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.Endpoint;
import org.sockstap.protocols.http.HttpSettings.CacheMode;
import org.sockstap.protocols.http.cache.CacheControl;
import org.sockstap.protocols.http.cache.CacheKey;
import org.sockstap.protocols.http.cache.Freshness;
import org.sockstap.protocols.http.cache.Invalidation;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * The HTTP cache of one client connection: decides whether a request involves the cache at all,
 * looks up its stored response, and invalidates entries after unsafe methods.
 *
 * <p>Only GET requests without a body and not taken elsewhere by a mount are cached (a HEAD is
 * answered from a fresh stored GET, and otherwise forwarded as a bypass); everything else is a
 * {@code bypass}. A request with Range is answered from a stored response with the slice it
 * asks for (a 206 the server sends is never stored). The primary key names the SOCKS
 * destination as the client asked for it and the request's Host (test C1): a response is
 * stored only when the two name the same host and port, so that a client cannot plant a
 * response for a host it did not connect to.
 *
 * <p>A response without Vary is stored under the primary key. A response with Vary is stored
 * under {@link VaryIndex#variantKey} (the primary key, a generation and its variant key), and a
 * {@link VaryIndex} entry under the primary key records its Vary field, so each variant is
 * kept separately (test C2) and a lookup goes through the index to the request's variant. A
 * {@code Vary: *} response is never stored. Invalidating a primary key removes the index (or
 * the plain entry), which makes every variant unreachable; orphaned variant entries are left
 * to the store's LRU eviction.
 */
final class ResponseCache {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

  private final @Nullable Cache cache;
  private final CacheMode mode;
  private final String id;
  private final Endpoint destination;
  private final Duration staleIfError;
  /** The {@code expire} parameter: the cap of heuristic freshness. */
  private final Duration expire;
  /** The {@code heuristic-fraction} parameter. */
  private final double heuristicFraction;

  ResponseCache(@Nullable Cache cache, @Nullable CacheMode configured, String id,
      Endpoint destination, Duration staleIfError, Duration expire, double heuristicFraction) {
    this.staleIfError = staleIfError;
    this.expire = expire;
    this.heuristicFraction = heuristicFraction;
    this.cache = cache;
    this.mode = configured != null ? configured : cache != null ? CacheMode.ON : CacheMode.OFF;
    this.id = id;
    this.destination = destination;
  }

  /** Whether requests are answered only from the cache. */
  boolean offline() {
    return mode == CacheMode.OFFLINE;
  }

  /**
   * Starts the cache's part of a request.
   *
   * @return the exchange, with its stored response when there is a usable one, or null when
   *     the cache is not involved ({@code bypass})
   */
  @Nullable CachedExchange start(RequestHead request, BodyFraming framing,
      @Nullable Mount mount) {
    boolean head = request.method().equals("HEAD");
    if (mode == CacheMode.OFF || !(head || request.method().equals("GET")) || framing.hasBody()
        || mount != null) {
      return null;
    }
    String host = hostOf(request);
    String key = CacheKey.of(destination.host(), destination.port(), host, "GET",
        request.target());
    // a HEAD is answered from the stored GET, and never stores or refreshes anything
    boolean storable = mode == CacheMode.ON && cache != null && !head;
    if (storable && !sameOrigin(host)) {
      LOG.warn("{} http: Host {} differs from the SOCKS destination {}: not cached", id,
          ParamText.printable(host), destination);
      storable = false;
    }
    boolean onlyFromCache = CacheControl.ofRequest(request.headers()).onlyIfCached() || offline();
    CachedExchange exchange = new CachedExchange(cache, key, storable, id, onlyFromCache,
        head ? Duration.ZERO : staleIfError, expire, heuristicFraction);
    if (cache != null) {
      CacheEntry found = open(key);
      VaryIndex index = found == null ? null : VaryIndex.decode(found.metadata());
      if (index != null) {
        found.close();
        String variant = index.variantOf(request.headers());
        String variantKey = variant == null ? null : index.variantKey(key, variant);
        exchange.lookup(request, variantKey, variantKey == null ? null : open(variantKey));
      } else {
        exchange.lookup(request, key, found);
      }
    }
    if (head && !exchange.hit() && !onlyFromCache) {
      // not fresh: the HEAD goes to the server as it is
      exchange.close();
      return null;
    }
    return exchange;
  }

  private @Nullable CacheEntry open(String key) {
    try {
      return cache == null ? null : cache.open(key);
    } catch (IOException e) {
      LOG.debug("{} http: cache cannot be read: {}", id, e.toString());
      return null;
    }
  }

  /** Removes what an unsafe method changed (RFC 9111 §4.4), unless nothing is cached. */
  void invalidate(RequestHead request, ResponseHead response) {
    if (cache == null || mode == CacheMode.OFF) {
      return;
    }
    for (String key : Invalidation.keysToInvalidate(destination.host(), destination.port(),
        hostOf(request), request, response)) {
      try {
        cache.remove(key);
      } catch (IOException e) {
        LOG.debug("{} http: cache entry cannot be removed: {}", id, e.toString());
      }
    }
  }

  /** The Host field, or the authority of an absolute-form target; empty without either. */
  private static String hostOf(RequestHead request) {
    String authority = request.targetAuthority();
    if (authority == null) {
      authority = request.headers().first("Host");
    }
    return authority == null ? "" : authority;
  }

  /** Whether a Host names the SOCKS destination: host without regard to case, port 80 implied. */
  private boolean sameOrigin(String hostHeader) {
    String host = hostHeader;
    int port = 80;
    int close = host.lastIndexOf(']');
    int colon = host.lastIndexOf(':');
    if (colon > close) {
      String digits = host.substring(colon + 1);
      host = host.substring(0, colon);
      if (!digits.isEmpty()) {
        try {
          port = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String wanted = destination.host();
    if (wanted.startsWith("[") && wanted.endsWith("]")) {
      wanted = wanted.substring(1, wanted.length() - 1);
    }
    return port == destination.port()
        && host.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
  }

  static Instant now() {
    return Instant.now();
  }

  static Freshness.Decision decide(RequestHead request, StoredResponse stored, Instant now,
      Duration lifetime) {
    return Freshness.decide(request, stored.head(), age(stored, now), lifetime);
  }

  static boolean staleIfError(RequestHead request, StoredResponse stored, Instant now,
      Duration lifetime, Duration configured) {
    return Freshness.staleIfError(request, stored.head(), age(stored, now), lifetime,
        configured);
  }

  /**
   * The stored response's lifetime in this shared cache, with the connection's {@code expire}
   * as the heuristic cap and {@code heuristic-fraction}.
   */
  static Duration lifetime(StoredResponse stored, Duration expire, double heuristicFraction) {
    return Freshness.lifetime(stored.head(), true, expire, heuristicFraction);
  }

  static Duration age(StoredResponse stored, Instant now) {
    return Freshness.currentAge(stored.head(), stored.requestTime(), stored.responseTime(), now);
  }
}
