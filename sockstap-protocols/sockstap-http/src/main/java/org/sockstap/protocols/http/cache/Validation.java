package org.sockstap.protocols.http.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.HeaderField;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HopByHop;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * Revalidating a stored response (RFC 9111 §4.3): the conditional fields to send, and how a
 * 304 updates the stored head (RFC 9111 §3.2, §4.3.4).
 */
public final class Validation {

  /** A suggested limit for a merged header section, as for a received one. */
  public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;

  /**
   * Fields a 304 must never change in the stored head: framing, the fields that describe the
   * stored body, and cookies (never stored, see {@link Storability}).
   */
  private static final Set<String> NOT_MERGED = Set.of(
      "content-length", "transfer-encoding", "trailer", "content-encoding", "content-type",
      "content-range", "set-cookie", "set-cookie2");

  private Validation() {}

  /**
   * Returns the conditional fields for revalidating a stored response (RFC 9110 §13.1): {@code
   * If-None-Match} with its ETag and {@code If-Modified-Since} with its Last-Modified, each when
   * present. Both are sent; a server that supports entity tags uses If-None-Match.
   *
   * @param stored the stored response
   * @return the fields to add to the forwarded request; empty when the response has no
   *     validator
   */
  public static Headers conditionalHeaders(ResponseHead stored) {
    Headers conditional = new Headers();
    String etag = stored.headers().first("ETag");
    if (etag != null && !etag.isEmpty()) {
      conditional.add("If-None-Match", etag);
    }
    String lastModified = stored.headers().first("Last-Modified");
    if (lastModified != null && Ascii.httpDate(lastModified) != null) {
      conditional.add("If-Modified-Since", lastModified);
    }
    return conditional;
  }

  /**
   * Same as {@link #merge304(ResponseHead, ResponseHead, int)} with {@link
   * #DEFAULT_MAX_HEAD_BYTES}.
   *
   * @param stored the stored response head
   * @param notModified the 304 received
   * @return the updated head, or null if it would be too large
   */
  public static @Nullable ResponseHead merge304(ResponseHead stored, ResponseHead notModified) {
    return merge304(stored, notModified, DEFAULT_MAX_HEAD_BYTES);
  }

  /**
   * Returns the stored head updated with the fields of a 304 (RFC 9111 §3.2): every field of
   * the 304 replaces all stored fields of the same name, except
   *
   * <ul>
   *   <li>framing: Content-Length, Transfer-Encoding, Trailer — the stored body's framing
   *       stays;
   *   <li>hop-by-hop fields and the fields the 304's Connection field names;
   *   <li>Content-Type, Content-Encoding and Content-Range, which describe the stored body;
   *   <li>Set-Cookie.
   * </ul>
   *
   * <p>The status line is the stored one. Neither argument is changed. If the encoded merged
   * head would be larger than {@code maxHeadBytes}, null is returned: the caller treats the
   * request as a miss and drops the entry rather than store or send an oversized head.
   *
   * @param stored the stored response head
   * @param notModified the 304 received
   * @param maxHeadBytes the largest encoded head allowed, status line included
   * @return the updated head, or null if it would be too large
   * @throws IllegalArgumentException if {@code maxHeadBytes} is not positive
   */
  public static @Nullable ResponseHead merge304(ResponseHead stored, ResponseHead notModified,
      int maxHeadBytes) {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(notModified, "notModified");
    if (maxHeadBytes <= 0) {
      throw new IllegalArgumentException("maxHeadBytes: " + maxHeadBytes + " (expected: > 0)");
    }
    Set<String> connectionOptions = HopByHop.connectionOptions(notModified.headers());
    Map<String, List<HeaderField>> updates = new LinkedHashMap<>();
    for (HeaderField field : notModified.headers().fields()) {
      String name = Ascii.lower(field.name());
      if (NOT_MERGED.contains(name) || HopByHop.isHopByHop(name)
          || connectionOptions.contains(name)) {
        continue;
      }
      updates.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(field);
    }
    Headers merged = stored.headers().copy();
    for (List<HeaderField> fields : updates.values()) {
      HeaderField first = fields.get(0);
      merged.set(first.name(), first.value());
      for (int i = 1; i < fields.size(); i++) {
        merged.add(fields.get(i));
      }
    }
    ResponseHead result =
        new ResponseHead(stored.version(), stored.status(), stored.reason(), merged);
    long size = 0;
    for (HeaderField field : merged.fields()) {
      size += field.name().length() + 2 + field.value().length() + 2;
      if (size > maxHeadBytes) {
        return null;
      }
    }
    if (result.encode().length > maxHeadBytes) {
      return null;
    }
    return result;
  }
}
