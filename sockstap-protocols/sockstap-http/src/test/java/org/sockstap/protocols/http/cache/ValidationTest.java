package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sockstap.protocols.http.wire.ResponseHead;

class ValidationTest {

  @Test
  void conditionalHeadersFromValidators() {
    assertEquals(Heads.headers("If-None-Match: \"v1\"",
            "If-Modified-Since: Wed, 01 Oct 2025 00:00:00 GMT"),
        Validation.conditionalHeaders(Heads.response(200, "ETag: \"v1\"",
            "Last-Modified: Wed, 01 Oct 2025 00:00:00 GMT")));
    assertEquals(Heads.headers(), Validation.conditionalHeaders(Heads.response(200)));
    assertEquals(Heads.headers(), Validation.conditionalHeaders(
        Heads.response(200, "Last-Modified: yesterday")));
  }

  /** C4: framing, hop-by-hop and body-describing fields of a 304 are not merged. */
  @Test
  void mergeKeepsFramingAndDropsHopByHop() {
    ResponseHead stored = Heads.response(200, "Date: Thu, 01 Jan 2026 12:00:00 GMT",
        "Content-Length: 5", "Content-Type: text/plain", "ETag: \"v1\"",
        "Cache-Control: max-age=60", "X-Keep: old");
    ResponseHead notModified = Heads.response(304, "Date: Thu, 01 Jan 2026 13:00:00 GMT",
        "Content-Length: 99999", "Transfer-Encoding: chunked", "Connection: x",
        "x: 1", "Keep-Alive: timeout=1", "Content-Type: text/html",
        "Cache-Control: max-age=600", "ETag: \"v1\"", "Set-Cookie: a=b", "X-New: a",
        "X-New: b");
    ResponseHead merged = Validation.merge304(stored, notModified);
    assertNotNull(merged);
    assertEquals(200, merged.status());
    assertEquals(Heads.headers("Date: Thu, 01 Jan 2026 13:00:00 GMT", "Content-Length: 5",
        "Content-Type: text/plain", "ETag: \"v1\"", "Cache-Control: max-age=600",
        "X-Keep: old", "X-New: a", "X-New: b"), merged.headers());
    assertEquals(List.of("5"), stored.headers().all("Content-Length"));
    assertEquals("max-age=60", stored.headers().first("Cache-Control"));
  }

  @Test
  void connectionNamedFieldsAreNotMerged() {
    ResponseHead merged = Validation.merge304(Heads.response(200, "X-A: 1"),
        Heads.response(304, "Connection: X-A, close", "X-A: 2"));
    assertNotNull(merged);
    assertEquals(Heads.headers("X-A: 1"), merged.headers());
  }

  /** C4: a 70 KiB X-Pad makes the merged head too large: a miss, no exception. */
  @Test
  void oversizedMergeIsNull() {
    ResponseHead stored = Heads.response(200, "Content-Length: 5", "ETag: \"v1\"");
    ResponseHead padded = Heads.response(304, "X-Pad: " + "a".repeat(70 * 1024));
    assertNull(Validation.merge304(stored, padded));
    assertNotNull(Validation.merge304(stored, padded, 80 * 1024));
    ResponseHead small = Heads.response(304, "X-Pad: " + "a".repeat(100));
    assertNotNull(Validation.merge304(stored, small, 200));
    assertNull(Validation.merge304(stored, small, 100));
    assertThrows(IllegalArgumentException.class, () -> Validation.merge304(stored, small, 0));
  }
}
