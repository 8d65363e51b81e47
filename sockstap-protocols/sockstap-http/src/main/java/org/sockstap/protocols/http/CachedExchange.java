package org.sockstap.protocols.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.Cache;
import org.sockstap.api.CacheEntry;
import org.sockstap.api.CacheWriter;
import org.sockstap.protocols.http.cache.ByteRanges;
import org.sockstap.protocols.http.cache.CacheKey;
import org.sockstap.protocols.http.cache.CacheStatus;
import org.sockstap.protocols.http.cache.Freshness;
import org.sockstap.protocols.http.cache.Storability;
import org.sockstap.protocols.http.cache.Validation;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.HeaderField;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HopByHop;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * The cache's part of one GET request: the stored response found for it, and on a miss the
 * entry being written while the response streams to the client. Lives on the connection's
 * thread for one request; {@link #close()} releases the entry and aborts an uncommitted writer.
 *
 * <p>An entry is committed only when the response body was read to its end: a truncated body,
 * a reset, a failing client or anything else that ends the exchange early leaves the writer
 * uncommitted, so nothing partial is ever stored (test C3). A failing cache write never
 * disturbs the client's response.
 */
final class CachedExchange implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CachedExchange.class);
  /**
   * The largest body sent through the client's buffer after the head, so that a small
   * response leaves in one write; larger ones go to the client's channel without a copy.
   */
  static final int JOIN_HEAD_MAX = 12 * 1024;
  /** Statuses stored (those of RFC 9110 §15.1 that have a body worth keeping). */
  private static final Set<Integer> STORED_STATUSES = Set.of(200, 203, 300, 301, 308, 404, 410);

  private final @Nullable Cache cache;
  /** The primary key: a response without Vary is stored here, a Vary index otherwise. */
  private final String key;
  /** The key of the entry the lookup found (the primary key or a variant's), or null. */
  private @Nullable String entryKey;
  /** The Vary index to write at the key once the variant is committed; null without Vary. */
  private @Nullable VaryIndex storedIndex;
  private final boolean storable;
  private final String id;
  private final boolean onlyFromCache;
  /** The configured {@code stale-if-error} bound; zero when off. */
  private final Duration staleIfError;
  /** The {@code expire} parameter: the cap of heuristic freshness. */
  private final Duration expire;
  /** The {@code heuristic-fraction} parameter. */
  private final double heuristicFraction;

  private @Nullable CacheEntry entry;
  private @Nullable StoredResponse stored;
  private boolean fresh;
  private boolean revalidated;
  /** Whether the stale stored response may stand in for a server error (RFC 5861). */
  private boolean staleUsable;
  /** Why the stale stored response was served instead of the server's answer, or null. */
  private @Nullable String staleBecause;
  private @Nullable Integer staleStatus;
  /** The request's Range fields and If-Range, for serving a slice of the stored body. */
  private List<String> ranges = List.of();
  private @Nullable String ifRange;
  /** The status {@link #writeStored} sent: the stored one, 206 or 416. */
  private int servedStatus;
  /** Whether the request is a HEAD: the stored GET's head is sent without its body. */
  private boolean headOnly;
  /** Whether the request went to the server with validators. */
  private boolean validating;
  private Instant requestTime = Instant.EPOCH;
  private @Nullable CacheWriter writer;
  private boolean writeFailed;

  CachedExchange(@Nullable Cache cache, String key, boolean storable, String id,
      boolean onlyFromCache, Duration staleIfError, Duration expire, double heuristicFraction) {
    this.cache = cache;
    this.staleIfError = staleIfError;
    this.expire = expire;
    this.heuristicFraction = heuristicFraction;
    this.key = key;
    this.storable = storable;
    this.id = id;
    this.onlyFromCache = onlyFromCache;
  }

  /**
   * Takes the entry found for the request, keeping it only if it suits the request.
   *
   * @param foundKey the key it was found under: the primary key, or a variant's key
   * @param found the entry, or null
   */
  void lookup(RequestHead request, @Nullable String foundKey, @Nullable CacheEntry found) {
    if (found == null || foundKey == null) {
      if (found != null) {
        found.close();
      }
      return;
    }
    StoredResponse decoded = StoredResponse.decode(found.metadata());
    if (decoded == null
        || !decoded.variant().equals(CacheKey.variant(decoded.head().headers(),
            request.headers()))) {
      found.close();
      return;
    }
    entry = found;
    entryKey = foundKey;
    stored = decoded;
    headOnly = request.method().equals("HEAD");
    // Range applies to GET only (RFC 9110 §14.2)
    ranges = headOnly ? List.of() : request.headers().all("Range");
    ifRange = request.headers().first("If-Range");
    Instant now = ResponseCache.now();
    Duration lifetime = ResponseCache.lifetime(decoded, expire, heuristicFraction);
    Freshness.Decision decision = ResponseCache.decide(request, decoded, now, lifetime);
    fresh = decision != Freshness.Decision.STALE_REVALIDATE;
    staleUsable = !fresh
        && ResponseCache.staleIfError(request, decoded, now, lifetime, staleIfError);
    if (!fresh && !staleUsable && Validation.conditionalHeaders(decoded.head()).isEmpty()) {
      // nothing to revalidate with: it is a plain miss
      releaseEntry();
    }
  }

  /** Whether the stored response is served without asking the server. */
  boolean hit() {
    return fresh && entry != null;
  }

  /** Whether the request must be answered 504: only the cache may answer, and it cannot. */
  boolean offlineMiss() {
    return onlyFromCache && !hit();
  }

  /** Whether the stale stored response may be served because the server failed. */
  boolean mayServeStale() {
    return staleUsable && entry != null;
  }

  /**
   * Makes {@link #writeStored} serve the stale response in place of a server error.
   *
   * @param forwardStatus the server's 5xx, or null when it could not be reached
   * @param because what went wrong, for the log
   */
  void serveStale(@Nullable Integer forwardStatus, String because) {
    staleStatus = forwardStatus;
    staleBecause = because;
  }

  /** How long past its freshness lifetime the stored response is, for the log. */
  Duration staleness() {
    StoredResponse s = stored;
    if (s == null) {
      return Duration.ZERO;
    }
    Duration past = ResponseCache.age(s, ResponseCache.now())
        .minus(ResponseCache.lifetime(s, expire, heuristicFraction));
    return past.isNegative() ? Duration.ZERO : past;
  }

  /** Whether the request goes to the server with validators of the stored response. */
  boolean revalidating() {
    return !fresh && entry != null;
  }

  /** The request to send: with the stored validators when revalidating. */
  RequestHead conditional(RequestHead outgoing) {
    StoredResponse s = stored;
    if (!revalidating() || s == null) {
      return outgoing;
    }
    validating = true;
    Headers headers = outgoing.headers().copy();
    for (HeaderField field : Validation.conditionalHeaders(s.head()).fields()) {
      headers.set(field.name(), field.value());
    }
    return new RequestHead(outgoing.method(), outgoing.target(), outgoing.version(), headers);
  }

  /** Notes when the request was sent to the server. */
  void sent() {
    requestTime = ResponseCache.now();
  }

  /**
   * Merges a 304 into the stored response and saves the new metadata.
   *
   * @return false when the merged head would be too large: the entry is dropped, and the
   *     request must be sent again without validators, as a miss
   */
  boolean refresh(ResponseHead notModified) {
    StoredResponse s = stored;
    if (s == null) {
      return false;
    }
    ResponseHead merged = Validation.merge304(s.head(), notModified);
    if (merged == null) {
      LOG.debug("{} http: a 304 would make the stored head too large: entry dropped", id);
      remove();
      releaseEntry();
      validating = false;
      return false;
    }
    StoredResponse updated =
        new StoredResponse(merged, requestTime, ResponseCache.now(), s.variant());
    stored = updated;
    revalidated = true;
    try {
      String target = entryKey;
      if (cache != null && storable && target != null) {
        cache.updateMetadata(target, updated.encode());
      }
    } catch (IOException e) {
      LOG.debug("{} http: cache metadata cannot be updated: {}", id, e.toString());
    }
    return true;
  }

  /**
   * Writes the stored response (a hit, or a revalidated one) with a Content-Length, Age,
   * Cache-Status and X-Cache. A body of at most {@value #JOIN_HEAD_MAX} bytes goes through
   * {@code buffered} after the head, so that both leave in one write when the caller flushes; a
   * larger one goes to {@code direct} when there is one (the head is flushed first), which
   * lets the store send it without a copy ({@link CacheEntry#transferBody}).
   *
   * @param out the buffered client stream, which gets the head
   * @param buffered a channel into {@code out}
   * @param direct the client's own channel, or null when it has none
   * @return the body bytes written
   * @throws IOException when the client fails, or the stored body turns out damaged (the
   *     connection must then end: the client cannot get a complete body)
   */
  long writeStored(OutputStream out, WritableByteChannel buffered,
      @Nullable WritableByteChannel direct, HeaderRules rules, boolean keep) throws IOException {
    StoredResponse s = stored;
    CacheEntry e = entry;
    if (s == null || e == null) {
      throw new IllegalStateException("no stored response");
    }
    Headers headers = s.head().headers().copy();
    rules.apply(headers);
    // ranges are served from a stored 200 only; any other status is sent whole
    ByteRanges.Selection part = s.head().status() == 200
        ? ByteRanges.select(ranges, ifRange, s.head().headers().first("ETag"), e.bodyLength())
        : ByteRanges.select(List.of(), null, null, e.bodyLength());
    int status = switch (part.kind()) {
      case WHOLE -> s.head().status();
      case PARTIAL -> 206;
      case UNSATISFIABLE -> 416;
    };
    String contentRange = part.contentRange();
    if (contentRange != null) {
      headers.set("Content-Range", contentRange);
    }
    if (part.kind() == ByteRanges.Kind.UNSATISFIABLE) {
      headers.remove("Content-Type");
      headers.remove("Content-Encoding");
    }
    headers.set("Content-Length", Long.toString(part.bytes()));
    headers.set("Age", CacheStatus.ageValue(ResponseCache.age(s, ResponseCache.now())));
    headers.set("Cache-Status", staleBecause != null
        ? CacheStatus.forward(CacheStatus.Forward.STALE, staleStatus, false, "stale-if-error")
        : revalidated
        ? CacheStatus.forward(CacheStatus.Forward.STALE, 304, false, null)
        : CacheStatus.hit());
    headers.set(CacheStatus.X_CACHE, CacheStatus.X_CACHE_HIT);
    if (!keep) {
      headers.set("Connection", "close");
    }
    servedStatus = status;
    new ResponseHead(HttpVersion.HTTP_1_1, status, status == 206 ? "Partial Content"
        : status == 416 ? "Range Not Satisfiable" : s.head().reason(), headers).writeTo(out);
    long count = part.bytes();
    if (part.kind() == ByteRanges.Kind.UNSATISFIABLE || headOnly || count == 0) {
      return 0;
    }
    // what the store checks (a damaged body throws before it is complete) is its business:
    // see CacheEntry.transferBody and DiskCache
    if (direct != null && count > JOIN_HEAD_MAX) {
      out.flush();
      return e.transferBody(part.first(), count, direct);
    }
    return e.transferBody(part.first(), count, buffered);
  }

  /** The status of the stored response, for the log. */
  int storedStatus() {
    StoredResponse s = stored;
    return servedStatus != 0 ? servedStatus : s == null ? 0 : s.head().status();
  }

  /**
   * Opens the entry for a response the server sent, when it may be stored.
   *
   * @return whether the response is being stored
   */
  boolean startStore(RequestHead request, ResponseHead response, BodyFraming framing) {
    releaseEntry();
    if (!storable || cache == null || !STORED_STATUSES.contains(response.status())
        || (framing.kind() != BodyFraming.Kind.CONTENT_LENGTH
            && framing.kind() != BodyFraming.Kind.CHUNKED)
        || framing.conflict()) {
      return false;
    }
    Instant received = ResponseCache.now();
    String refusal = Storability.refusal(request, response, true, received, expire);
    String variant = CacheKey.variant(response.headers(), request.headers());
    if (refusal != null || variant == null) {
      LOG.debug("{} http: not stored: {}", id, refusal != null ? refusal : "vary *");
      return false;
    }
    Headers headers = response.headers().copy();
    HopByHop.strip(headers);
    headers.remove("Content-Length");
    headers.remove("Transfer-Encoding");
    headers.remove("Cache-Status");
    headers.remove(CacheStatus.X_CACHE);
    StoredResponse metadata = new StoredResponse(
        new ResponseHead(response.version(), response.status(), response.reason(), headers),
        requestTime, received, variant);
    // with Vary, the response is a variant of its own, found through an index at the key
    List<String> vary = response.headers().all("Vary");
    storedIndex = vary.isEmpty() ? null
        : new VaryIndex(String.join(", ", vary), currentGeneration());
    String storeKey = storedIndex == null ? key : storedIndex.variantKey(key, variant);
    try {
      writer = cache.writer(storeKey, metadata.encode());
    } catch (IOException e) {
      LOG.debug("{} http: cache cannot be written: {}", id, e.toString());
    }
    return writer != null;
  }

  /** The client's stream, also feeding the entry being written (if any). */
  OutputStream tee(OutputStream client) {
    CacheWriter w = writer;
    if (w == null) {
      return client;
    }
    OutputStream store = w.body();
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        client.write(b, off, len);
        if (!writeFailed) {
          try {
            store.write(b, off, len);
          } catch (IOException | RuntimeException e) {
            writeFailed = true;
            LOG.debug("{} http: cache write failed, entry dropped: {}", id, e.toString());
          }
        }
      }
    };
  }

  /** Commits the entry: call only when the body was read to its end. */
  void commit() {
    CacheWriter w = writer;
    if (w == null || writeFailed) {
      return;
    }
    try {
      w.commit();
    } catch (IOException e) {
      LOG.debug("{} http: cache entry cannot be committed: {}", id, e.toString());
      return;
    }
    VaryIndex index = storedIndex;
    if (index != null) {
      writeIndex(index);
    }
  }

  /**
   * The generation of the Vary index now at the key, or a new one when there is none (so the
   * variants of a removed index stay unreachable).
   */
  private String currentGeneration() {
    try (CacheEntry e = cache == null ? null : cache.open(key)) {
      VaryIndex index = e == null ? null : VaryIndex.decode(e.metadata());
      if (index != null) {
        return index.generation();
      }
    } catch (IOException e) {
      LOG.debug("{} http: cache vary index cannot be read: {}", id, e.toString());
    }
    return VaryIndex.newGeneration();
  }

  /** Stores the Vary index at the primary key: metadata only, with an empty body. */
  private void writeIndex(VaryIndex index) {
    try (CacheWriter w = cache == null ? null : cache.writer(key, index.encode())) {
      if (w != null) {
        w.commit();
      }
    } catch (IOException e) {
      LOG.debug("{} http: cache vary index cannot be written: {}", id, e.toString());
    }
  }

  /** The Cache-Status field for a forwarded response. */
  String forwardedStatus(boolean storing) {
    return CacheStatus.forward(validating ? CacheStatus.Forward.STALE
        : CacheStatus.Forward.MISS, storing);
  }

  /** The access log's cache word. */
  String logWord() {
    return staleBecause != null ? "stale"
        : revalidated ? "revalidated" : hit() ? "hit" : "miss";
  }

  private void remove() {
    try {
      String target = entryKey;
      if (cache != null && target != null) {
        cache.remove(target);
      }
    } catch (IOException e) {
      LOG.debug("{} http: cache entry cannot be removed: {}", id, e.toString());
    }
  }

  private void releaseEntry() {
    CacheEntry e = entry;
    entry = null;
    if (e != null) {
      e.close();
    }
  }

  @Override
  public void close() {
    releaseEntry();
    CacheWriter w = writer;
    writer = null;
    if (w != null) {
      w.close();
    }
  }
}
